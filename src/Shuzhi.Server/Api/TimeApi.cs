using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Statutory time (01-time.md): period calculator, calendar years, one day.</summary>
public static class TimeApi
{
    public static void MapTimeApi(this RouteGroupBuilder api)
    {
        // GET /api/v1/time/period?start=2026-02-16&length=5&unit=working-days&kind=deadline
        api.MapGet("/time/period", async (HttpContext http, ComputePeriod compute, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            var answer = await compute.Handle(http.Actor(), new PeriodQuery(q["start"], q["length"], q["unit"], q["kind"]), ct);
            return Results.Json(answer, PeriodAnswer.Json);
        }).RequireAuthorization(Policies.SignedIn.Name).WithName("time.period");

        // GET /api/v1/time/day/2026-10-01
        api.MapGet("/time/day/{date}", async (string date, HttpContext http, DescribeDay describe, CancellationToken ct)
            => Results.Json(await describe.Handle(http.Actor(), date, ct), PeriodAnswer.Json))
            .RequireAuthorization(Policies.SignedIn.Name).WithName("time.day");

        // GET /api/v1/time/calendar?from=2023&to=2027
        api.MapGet("/time/calendar", async (HttpContext http, GetCalendar get, CancellationToken ct) =>
        {
            var from = Year(http, "from");
            var to = Year(http, "to");
            return Results.Json(await get.Handle(http.Actor(), new GetCalendar.Query(from, to), ct), PeriodAnswer.Json);
        }).RequireAuthorization(Policies.SignedIn.Name).WithName("time.calendar");

        // POST /api/v1/time/calendar/years {year, off, work, noticeReference, names?, replace?}
        api.MapPost("/time/calendar/years", async (HttpContext http, ImportCalendarYear import, CancellationToken ct) =>
        {
            var body = await http.Request.ReadJsonAsync<ImportCalendarYear.Command>(ct, PeriodAnswer.Json);
            var result = await import.Handle(http.Actor(), body, ct);
            return Results.Json(result, PeriodAnswer.Json, statusCode: StatusCodes.Status201Created);
        }).RequireAuthorization(Policies.Administer.Name).WithName("time.calendar.import");
    }

    private static int? Year(HttpContext http, string name)
    {
        var s = http.Request.Query[name].ToString();
        if (string.IsNullOrWhiteSpace(s)) return null;
        return int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            ? y : throw new Shuzhi.Platform.Common.BadRequestProblem(name, "integer", $"{name} must be a year like 2026 (got '{s}')");
    }
}
