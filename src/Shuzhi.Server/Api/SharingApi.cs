using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Sharing between departments (issue 4; docs/sharing.md): /api/v1/sharing/…, /api/v1/seals/….</summary>
public static class SharingApi
{
    public static void MapSharingApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sharing");
        // Applications (贵州 art.23), grants, usage
        // Stops (art.24), corrections (art.25) — begin (branch stops; docs/sharing-stops-corrections.md)
        g.MapPost("/stops", async (HttpContext http, FileSupplyStop file, CancellationToken ct) =>
        {
            var stop = await file.Handle(http.Actor(), await http.Request.ReadJsonAsync<FileSupplyStop.Command>(ct), ct);
            return Results.Created($"/api/v1/sharing/stops/{stop.Id}", stop);
        }).RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.stops.file");
        g.MapGet("/stops", async (HttpContext http, ListSupplyStops list, CancellationToken ct) => Results.Ok(await list.Handle(http.Actor(), ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.stops.list");
        g.MapGet("/stops/{id:guid}", async (Guid id, HttpContext http, ListSupplyStops list, CancellationToken ct) => Results.Ok(await list.Get(http.Actor(), id, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.stops.get");
        g.MapPost("/stops/{id:guid}/cancel", async (Guid id, HttpContext http, CancelSupplyStop cancel, CancellationToken ct) =>
        {
            var body = http.Request.ContentLength is null or 0 && !http.Request.HasJsonContentType()
                ? new CancelSupplyStop.Command(null) : await http.Request.ReadJsonAsync<CancelSupplyStop.Command>(ct);
            return Results.Ok(await cancel.Handle(http.Actor(), id, body, ct));
        }).RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.stops.cancel");

        g.MapPost("/corrections", async (HttpContext http, ReportCorrection report, CancellationToken ct) =>
        {
            var r = await report.Handle(http.Actor(), await http.Request.ReadJsonAsync<ReportCorrection.Command>(ct), ct);
            return Results.Created($"/api/v1/sharing/corrections/{r.Id}", r);
        }).RequireAuthorization(Policies.SharingApply.Name).WithName("sharing.corrections.report");
        g.MapGet("/corrections", async (HttpContext http, ListCorrections list, string? state, CancellationToken ct)
            => Results.Ok(await list.Handle(http.Actor(), state, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.corrections.list");
        g.MapGet("/corrections/{id:guid}", async (Guid id, HttpContext http, ListCorrections list, CancellationToken ct) => Results.Ok(await list.Get(http.Actor(), id, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.corrections.get");
        g.MapPost("/corrections/{id:guid}/answer", async (Guid id, HttpContext http, AnswerCorrection answer, CancellationToken ct)
            => Results.Ok(await answer.Handle(http.Actor(), id, await http.Request.ReadJsonAsync<AnswerCorrection.Command>(ct), ct)))
            .RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.corrections.answer");
        // Stops, corrections — end
        // Filings (arts 20, 39, 44), supply–demand list (art.38)
        var seals = api.MapGroup("/seals");
        // Seals (art.26)
    }
}
