using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// Statutory time over HTTP (01-time.md). Tests that load calendar years use distinct years (2028+) so they do not
/// disturb tests that rely on 2027 being provisional.
/// </summary>
public abstract class TimeApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private async Task<JsonElement> Period(string query, string user = "gz.ga.commissioner")
    {
        using var client = await server.As(user);
        var r = await client.GetAsync($"/api/v1/time/period?{query}");
        Assert.True(r.IsSuccessStatusCode, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).ToString();

    [Fact]
    public async Task Worked_example_spring_festival_five_working_days()
    {
        var a = await Period("start=2026-02-16&length=5&unit=working-days&kind=deadline");
        Assert.Equal("2026-02-28", S(a, "due"));
        Assert.Equal("2026-02-28", S(a, "lastDay"));
        Assert.Equal("2026-03-01T00:00:00+08:00", S(a, "dueInstant"));
        Assert.False(a.GetProperty("provisional").GetBoolean());
        Assert.Matches(@"^2023-2026.*@[0-9a-f]{8}$", S(a, "calendarVersion"));
        Assert.Equal("working-days", S(a, "unit"));
        Assert.Equal("deadline", S(a, "kind"));
        Assert.Equal(5, a.GetProperty("length").GetInt32());
        Assert.Equal("2026-02-16", S(a, "start"));
        Assert.Contains("工作日", S(a, "explanation"));
    }

    [Fact]
    public async Task Worked_example_national_day_five_working_days()
        => Assert.Equal("2026-10-13", S(await Period("start=2026-09-30&length=5&unit=working-days"), "due"));

    [Fact]
    public async Task Worked_example_thirty_days_into_labour_day()
        => Assert.Equal("2026-05-06", S(await Period("start=2026-04-03&length=30&unit=days"), "due"));

    [Fact]
    public async Task Worked_example_seventy_two_hours()
    {
        var a = await Period("start=" + Uri.EscapeDataString("2026-10-01T09:30:00+08:00") + "&length=72&unit=hours");
        Assert.Equal("2026-10-04T09:30:00+08:00", S(a, "due"));
        Assert.Equal("2026-10-04T09:30:00+08:00", S(a, "dueInstant"));
        // the same instant written in UTC gives the same due instant in China time
        var utc = await Period("start=" + Uri.EscapeDataString("2026-10-01T01:30:00Z") + "&length=72&unit=hours");
        Assert.Equal("2026-10-04T09:30:00+08:00", S(utc, "due"));
        // an unencoded "+" arrives as a space and is read as the offset sign
        var unencoded = await Period("start=2026-10-01T09:30:00+08:00&length=72&unit=hours");
        Assert.Equal("2026-10-04T09:30:00+08:00", S(unencoded, "due"));
        Assert.Equal("2026-10-01T09:30:00+08:00", S(unencoded, "start"));
    }

    [Fact]
    public async Task Terms_renewals_and_windows()
    {
        Assert.Equal("2027-03-14", S(await Period("start=2024-03-15&length=3&unit=years&kind=term"), "due"));
        Assert.Equal("2027-02-28", S(await Period("start=2024-02-29&length=3&unit=years&kind=term"), "due"));
        Assert.Equal("2030-03-14", S(await Period("start=2027-03-14&length=3&unit=years&kind=renewal"), "due"));
        var w = await Period("start=2027-03-14&length=1&unit=months&kind=window");
        Assert.Equal("2027-02-15", S(w, "due")); // a window's due is its first day
        Assert.Equal("2027-02-15", S(w, "windowStart"));
        Assert.Equal("2027-03-14", S(w, "windowEnd"));
        Assert.Equal("2027-03-14", S(w, "lastDay"));
    }

    [Fact]
    public async Task A_period_into_a_year_without_notice_is_provisional()
    {
        var a = await Period("start=2026-12-28&length=10&unit=working-days");
        Assert.True(a.GetProperty("provisional").GetBoolean());
        Assert.Equal([2027], a.GetProperty("provisionalYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Equal("2027-01-11", S(a, "due")); // weekends only in 2027
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/time/period?start=2026-02-16&length=5&unit=working-days")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/time/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/time/day/2026-10-01")).StatusCode);
    }

    [Theory]
    [InlineData("start=2026-02-16&length=5&unit=weeks", 400, "unit", "one-of")]
    [InlineData("start=2026-02-16&length=0&unit=days", 400, "length", "range")]
    [InlineData("start=2026-02-16&length=10001&unit=days", 400, "length", "range")]
    [InlineData("start=2026-02-16&length=abc&unit=days", 400, "length", "range")]
    [InlineData("start=16.02.2026&length=5&unit=days", 400, "start", "format")]
    [InlineData("start=2026-02-16T10:00:00&length=5&unit=hours", 400, "start", "offset-required")]
    [InlineData("length=5&unit=days", 400, "start", "required")]
    [InlineData("start=2026-02-16&length=5", 400, "unit", "required")]
    [InlineData("start=2026-02-16&length=5&unit=days&kind=forever", 400, "kind", "one-of")]
    [InlineData("start=2026-02-16&length=5&unit=hours&kind=term", 422, "kind", "hours-deadline-only")]
    [InlineData("start=2026-02-16&length=5&unit=working-days&kind=term", 422, "kind", "meaningless-for-unit")]
    // Extremes: a date at the edge of DateOnly is a named problem, never a 500.
    [InlineData("start=0001-01-01&length=1&unit=days", 400, "start", "range")]
    [InlineData("start=0001-01-01T00:00:00%2B08:00&length=1&unit=hours", 400, "start", "format")]
    [InlineData("start=0001-01-01T00:00:00Z&length=1&unit=hours", 400, "start", "range")]
    [InlineData("start=9999-12-01&length=100&unit=months", 400, "start", "range")]
    [InlineData("start=9999-12-31T23:00:00%2B08:00&length=10000&unit=hours", 400, "start", "range")]
    [InlineData("start=2200-12-31&length=10000&unit=years", 422, "length", "out-of-range")]
    [InlineData("start=1900-01-01&length=10000&unit=years&kind=window", 422, "length", "out-of-range")]
    public async Task Bad_parameters_are_problems_naming_the_parameter(string query, int status, string field, string rule)
    {
        using var client = await server.As("gz.bureau");
        var r = await client.GetAsync($"/api/v1/time/period?{query}");
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => S(e, "field") == field && S(e, "rule") == rule);
    }

    [Fact]
    public async Task Describes_a_day()
    {
        using var client = await server.As("gz.bureau");
        var holiday = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/day/2026-10-01");
        Assert.False(holiday.GetProperty("workingDay").GetBoolean());
        Assert.Equal("holiday", S(holiday, "type"));
        Assert.Contains("国庆", S(holiday, "holiday"));
        var adjusted = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/day/2026-02-28");
        Assert.True(adjusted.GetProperty("workingDay").GetBoolean());
        Assert.Equal("adjusted-working-day", S(adjusted, "type"));
        var provisional = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/day/2027-01-01");
        Assert.True(provisional.GetProperty("provisional").GetBoolean());
        Assert.True(provisional.GetProperty("workingDay").GetBoolean());
        var bad = await client.GetAsync("/api/v1/time/day/2026-02-30");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Lists_calendar_years_with_their_source()
    {
        using var client = await server.As("gz.ga.staff");
        var c = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2023&to=2027");
        var years = c.GetProperty("years").EnumerateArray().ToDictionary(y => y.GetProperty("year").GetInt32());
        Assert.Equal(5, years.Count);
        Assert.Equal("shipped", S(years[2026], "source"));
        Assert.False(years[2026].GetProperty("provisional").GetBoolean());
        Assert.StartsWith("https://www.gov.cn/", S(years[2026], "noticeReference"));
        Assert.Equal(33, years[2026].GetProperty("offCount").GetInt32());
        Assert.Equal(6, years[2026].GetProperty("workCount").GetInt32());
        Assert.Contains(years[2026].GetProperty("days").EnumerateArray(), d => S(d, "date") == "2026-02-28" && d.GetProperty("workingDay").GetBoolean());
        Assert.Equal("none", S(years[2027], "source"));
        Assert.True(years[2027].GetProperty("provisional").GetBoolean());
        var bad = await client.GetAsync("/api/v1/time/calendar?from=2027&to=2023");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/time/calendar?from=abc")).StatusCode);
    }

    [Fact]
    public async Task Only_an_administrator_loads_a_year()
    {
        using var bureau = await server.As("gz.bureau");
        var r = await bureau.PostAsJsonAsync("/api/v1/time/calendar/years", new { year = 2028, off = new[] { "2028-01-03" }, work = Array.Empty<string>(), noticeReference = "test" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var c = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2028&to=2028");
        Assert.True(c.GetProperty("years")[0].GetProperty("provisional").GetBoolean());
    }

    [Fact]
    public async Task Loading_a_year_makes_it_definitive_changes_the_version_and_is_audited()
    {
        using var admin = await server.As("admin");
        var before = await Period("start=2029-09-28&length=5&unit=working-days");
        Assert.True(before.GetProperty("provisional").GetBoolean());
        Assert.Equal("2029-10-05", S(before, "due")); // weekends only: 10-01 … 10-05
        var body = new
        {
            year = 2029,
            off = new[] { "2029-01-01", "2029-10-01", "2029-10-02", "2029-10-03", "2029-10-04", "2029-10-05", "2029-10-06", "2029-10-07" },
            work = new[] { "2029-09-29", "2029-10-13" },
            noticeReference = "国办发明电〔2028〕99号（测试）",
            names = new Dictionary<string, string> { ["2029-10-01"] = "国庆节" },
        };
        var r = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", body);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var result = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("imported", S(result, "source"));
        Assert.NotEqual(S(before, "calendarVersion"), S(result, "calendarVersion"));
        Assert.Contains("2029", S(result, "calendarVersion"));

        var after = await Period("start=2029-09-28&length=5&unit=working-days");
        Assert.False(after.GetProperty("provisional").GetBoolean());
        Assert.Equal(S(result, "calendarVersion"), S(after, "calendarVersion"));
        Assert.Equal("2029-10-11", S(after, "due")); // 09-29 (Saturday, adjusted), 10-08, 09, 10, 11

        var cal = await admin.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2029&to=2029");
        var y = cal.GetProperty("years")[0];
        Assert.Equal("imported", S(y, "source"));
        Assert.Equal("admin", S(y, "loadedBy"));
        Assert.Equal("国办发明电〔2028〕99号（测试）", S(y, "noticeReference"));
        var day = await admin.GetFromJsonAsync<JsonElement>("/api/v1/time/day/2029-10-01");
        Assert.Equal("国庆节", S(day, "holiday"));

        var audit = await server.WithServices(async sp => await sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>().AsNoTracking()
            .Where(a => a.Subject == "calendar-year:2029").ToListAsync());
        var record = Assert.Single(audit);
        Assert.Equal("calendar.year.import", record.Action);
        Assert.Equal("admin", record.Actor);
        Assert.Contains("国办发明电", record.Details);

        // loading it again without replace is a conflict; with replace it is replaced (and audited)
        var again = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var replaced = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new { body.year, body.off, work = new[] { "2029-10-13" }, body.noticeReference, replace = true });
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        Assert.Equal("2029-10-08", S(await Period("start=2029-09-27&length=2&unit=working-days"), "due"));
        var actions = await server.WithServices(async sp => await sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>().AsNoTracking()
            .Where(a => a.Subject == "calendar-year:2029").OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync());
        Assert.Equal(["calendar.year.import", "calendar.year.replace"], actions);
    }

    [Fact]
    public async Task A_shipped_year_is_refused_without_replace()
    {
        using var admin = await server.As("admin");
        var r = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new { year = 2026, off = new[] { "2026-03-02" }, work = Array.Empty<string>(), noticeReference = "x" });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(p.GetProperty("errors").EnumerateArray(), e => S(e, "rule") == "year-shipped");
        Assert.Equal("2026-03-02", S(await Period("start=2026-03-01&length=1&unit=working-days"), "due")); // 03-02 stays a working day
    }

    [Fact]
    public async Task An_invalid_year_is_refused_naming_each_field_and_nothing_is_written()
    {
        using var admin = await server.As("admin");
        var r = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new
        {
            year = 2030,
            off = new[] { "2030-01-01", "2030-13-01", "2031-06-01", "2030-02-02" },
            work = new[] { "2030-01-01", "2030-02-04" }, // 01-01 also off; 02-04 is a Monday
            noticeReference = " ",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (S(e, "field"), S(e, "rule"))).ToList();
        Assert.Contains(("noticeReference", "required"), errors);
        Assert.Contains(("off[1]", "date-format"), errors);
        Assert.Contains(("off[2]", "date-in-year"), errors);
        Assert.Contains(("work", "both-off-and-work"), errors);
        Assert.Contains(("work", "work-on-weekend"), errors);
        var cal = await admin.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2030&to=2030");
        Assert.True(cal.GetProperty("years")[0].GetProperty("provisional").GetBoolean());

        var badYear = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new { year = 1800, off = new[] { "1800-01-01" }, noticeReference = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYear.StatusCode);
        var wrongType = await admin.PostAsync("/api/v1/time/calendar/years", new StringContent("{\"year\": \"twenty\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task A_notice_may_list_new_year_days_of_the_previous_year()
    {
        using var admin = await server.As("admin");
        // like the 2023 notice listing 2022-12-31: the 2031 notice lists 2030-12-31 (a Tuesday) as off
        var r = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new
        {
            year = 2031,
            off = new[] { "2030-12-31", "2031-01-01" },
            work = new[] { "2030-12-28" },
            noticeReference = "国办发明电〔2030〕1号（测试）",
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var client = await server.As("gz.bureau");
        var day = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/day/2030-12-31");
        Assert.False(day.GetProperty("workingDay").GetBoolean());
        Assert.True(day.GetProperty("provisional").GetBoolean()); // 2030 itself has no notice
        var far = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new { year = 2032, off = new[] { "2031-06-02", "2032-01-01" }, noticeReference = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, far.StatusCode);
    }

    [Fact]
    public async Task Replacing_a_shipped_year_with_its_own_data_is_allowed_and_audited()
    {
        using var admin = await server.As("admin");
        var shipped = Shuzhi.Core.Time.StatutoryCalendar.ShippedYears().Single(y => y.Year == 2023);
        var versionBefore = S(await Period("start=2023-03-01&length=1&unit=days"), "calendarVersion");
        var r = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new
        {
            year = 2023,
            off = shipped.Off.Select(d => d.ToString("yyyy-MM-dd")),
            work = shipped.Work.Select(d => d.ToString("yyyy-MM-dd")),
            noticeReference = shipped.NoticeReference,
            replace = true,
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("imported-replacing-shipped", S(await r.Content.ReadFromJsonAsync<JsonElement>(), "source"));
        var cal = await admin.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2023&to=2023");
        Assert.Equal("imported-replacing-shipped", S(cal.GetProperty("years")[0], "source"));
        Assert.True(await server.WithServices(async sp => await sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .AnyAsync(a => a.Subject == "calendar-year:2023" && a.Action == "calendar.year.replace")));
        // the same notice content gives the same calendar version
        Assert.Equal(versionBefore, S(await Period("start=2023-03-01&length=1&unit=days"), "calendarVersion"));
    }
}

public sealed class TimeApiTests_Sqlite(SqliteServer s) : TimeApiTests<SqliteServer>(s);
public sealed class TimeApiTests_Postgres(PostgresServer s) : TimeApiTests<PostgresServer>(s);
