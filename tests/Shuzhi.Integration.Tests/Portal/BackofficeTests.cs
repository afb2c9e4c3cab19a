using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Persistence;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The portal's back office (docs/portal-backoffice.md) over real HTTP: who sees the publish preview, statistics and flags,
/// the export's content, plan validation and review, the sensitive-field scan blocking publication until the head
/// confirms, and the indicators' arithmetic against data made here.
/// </summary>
public abstract class BackofficeTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string OtherDepartment = "gz.sc.staff", OtherBureau = "gy.bureau";

    private static string Marker(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    private async Task<string> OpenEntryAsync(string name, string updateCycle = "Daily")
    {
        var e = OpenTestData.OpenEntry(name, "后台领域");
        e["updateCycle"] = updateCycle;
        return await PublishedEntryAsync(server, e);
    }

    private async Task<JsonElement> Json(HttpClient c, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await c.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"{url}: {(int)r.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    private static string Masked(string id) => id[..6] + new string('*', 8) + id[^4..];

    [Fact]
    public async Task Preview_shows_the_public_metadata_and_first_rows_masked_as_the_public_will_see_them_only_to_the_department_and_its_bureau()
    {
        var code = await OpenEntryAsync(Marker("预览"));
        var loaded = await LoadAsync(await server.As(Provider), code, CleanCsv(1, 30), "?publish=false");
        Assert.Equal("Loaded", loaded.GetProperty("version").GetProperty("state").GetString());

        var p = await Json(await server.As(Provider), $"/api/v1/portal/preview/{code}");
        Assert.Equal("Unconditional", p.GetProperty("openType").GetString());
        Assert.False(p.GetProperty("openNow").GetBoolean());
        Assert.True(p.GetProperty("willOpen").GetBoolean());
        Assert.Equal(1, p.GetProperty("dataVersion").GetInt32());
        var rows = p.GetProperty("firstRows");
        Assert.Equal(20, rows.GetArrayLength());
        Assert.Equal(Masked(Id(1)), rows[0][0].GetString());            // 居民身份证号码 keep:6,4, never raw
        Assert.Equal(PersonName(1)[..1] + "*", rows[0][1].GetString()); // 姓名: surname only
        Assert.Equal("备注1", rows[0][6].GetString());                   // public text as is
        Assert.Equal("keep:6,4", p.GetProperty("columns")[0].GetProperty("mask").GetString());
        Assert.Equal(0, p.GetProperty("findings").GetArrayLength());

        await Json(await server.As(Bureau), $"/api/v1/portal/preview/{code}");
        await Json(await server.As(OtherDepartment), $"/api/v1/portal/preview/{code}", HttpStatusCode.NotFound);
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync($"/api/v1/portal/preview/{code}")).StatusCode);
        var anonPage = await anon.GetAsync($"/backoffice/preview/{code}");
        Assert.DoesNotContain(Masked(Id(1)), await anonPage.Content.ReadAsStringAsync());
        Assert.True(anonPage.StatusCode != HttpStatusCode.OK || anonPage.RequestMessage!.RequestUri!.AbsolutePath != $"/backoffice/preview/{code}",
            "the preview is never shown anonymously");

        using var web = await WebSignIn.SignInAsync(server, Provider);
        var page = await web.GetStringAsync($"/backoffice/preview/{code}");
        Assert.Contains(Masked(Id(1)), page);
        Assert.DoesNotContain(Id(1), page);
        Assert.Contains("data-test=\"preview-link\"", await web.GetStringAsync($"/catalogue/{code}"));
        using var other = await WebSignIn.SignInAsync(server, OtherDepartment);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/backoffice/preview/{code}")).StatusCode);
    }

    [Fact]
    public async Task An_id_number_in_an_unmasked_field_holds_publication_until_the_department_head_confirms_with_a_reason()
    {
        var code = await OpenEntryAsync(Marker("核查"));
        // 备注 is public text (no mask): the ID numbers written into it would reach the public in full.
        var loaded = await LoadAsync(await server.As(Provider), code, CleanCsv(1, 30, i => "证件" + Id(i)));
        Assert.Equal("Loaded", loaded.GetProperty("version").GetProperty("state").GetString()); // not published by itself

        var p = await Json(await server.As(Provider), $"/api/v1/portal/preview/{code}");
        var finding = Assert.Single(p.GetProperty("findings").EnumerateArray());
        Assert.Equal("备注", finding.GetProperty("field").GetString());
        Assert.Equal("resident-id", finding.GetProperty("kind").GetString());
        Assert.Equal(30, finding.GetProperty("count").GetInt32());
        var example = finding.GetProperty("example").GetString()!;
        Assert.DoesNotContain(example, Enumerable.Range(1, 30).Select(Id));
        Assert.StartsWith(Id(1)[..3], example);

        var url = $"/api/v1/datasets/{code}/versions/1/publish";
        var staff = await (await server.As(Provider)).PostAsJsonAsync(url, new { sensitiveReason = "业务需要公开证件号" });
        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        var head = await server.As(ProviderHead);
        var noReason = await head.PostAsJsonAsync(url, new { });
        Assert.Equal((HttpStatusCode)422, noReason.StatusCode);
        Assert.Contains("sensitiveReason", await noReason.Content.ReadAsStringAsync());
        using (var anon = server.Anonymous())
        {
            Assert.DoesNotContain(Id(1), await anon.GetStringAsync($"/open/datasets/{code}")); // listed, no data yet
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);
        }

        var ok = await head.PostAsJsonAsync(url, new { sensitiveReason = "经数据主体同意公开（测试）" });
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var audit = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .Where(a => a.Action == "dataset.publish.sensitive-confirmed" && a.Subject == $"dataset:{code}/v1").ToListAsync());
        var record = Assert.Single(audit);
        Assert.Equal(ProviderHead, record.Actor);
        Assert.Contains("经数据主体同意公开", record.Details);

        // A clean open entry publishes at once.
        var clean = await OpenEntryAsync(Marker("干净"));
        Assert.Equal("Published", (await LoadAsync(await server.As(Provider), clean, CleanCsv(1, 5))).GetProperty("version").GetProperty("state").GetString());

        // The regular scan puts the opened data's findings on the list: the department and its bureau see them, others not.
        var run = await (await server.As(Bureau)).PostAsJsonAsync("/api/v1/portal/sensitive-findings/scan", new { });
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var mine = await Json(await server.As(Provider), "/api/v1/portal/sensitive-findings");
        var listed = Assert.Single(mine.EnumerateArray(), f => f.GetProperty("entryCode").GetString() == code);
        Assert.DoesNotContain(Id(1), listed.GetProperty("example").GetString());
        Assert.DoesNotContain((await Json(await server.As(Bureau), "/api/v1/portal/sensitive-findings")).EnumerateArray(), f => f.GetProperty("entryCode").GetString() == clean);
        Assert.DoesNotContain((await Json(await server.As(OtherDepartment), "/api/v1/portal/sensitive-findings")).EnumerateArray(), f => f.GetProperty("entryCode").GetString() == code);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As(Provider)).PostAsJsonAsync("/api/v1/portal/sensitive-findings/scan", new { })).StatusCode);
    }

    [Fact]
    public async Task Approving_an_open_catalogue_version_over_data_with_an_id_number_needs_the_bureaus_confirming_reasons()
    {
        var name = Marker("目录核查");
        var code = await PublishedEntryAsync(server, PersonEntry(name)); // not open: its data publishes as usual
        var p = await server.As(Provider);
        Assert.Equal("Published", (await LoadAsync(p, code, CleanCsv(1, 10, i => "证件" + Id(i)))).GetProperty("version").GetProperty("state").GetString());
        var put = await p.PutAsJsonAsync($"/api/v1/catalogue/entries/{code}", OpenTestData.OpenEntry(name, "后台领域"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await p.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/submit", new { })).StatusCode);

        var preview = await Json(p, $"/api/v1/portal/preview/{code}");
        Assert.True(preview.GetProperty("willOpen").GetBoolean());
        Assert.Contains(preview.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "resident-id");

        var b = await server.As(Bureau);
        var bare = await b.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/review", new { decision = "approve" });
        Assert.Equal((HttpStatusCode)422, bare.StatusCode);
        Assert.Contains("\"reasons\"", await bare.Content.ReadAsStringAsync());
        using (var anon = server.Anonymous())
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);
        var ok = await b.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/review", new { decision = "approve", reasons = "已确认证件号可公开（测试）" });
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var audit = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .Where(a => a.Action == "catalogue.publish.sensitive-confirmed" && a.Subject == $"catalogue-entry:{code}").ToListAsync());
        Assert.Equal(Bureau, Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task Statistics_count_use_per_dataset_for_the_department_and_the_bureau_and_export_as_csv_and_xlsx()
    {
        var code = await OpenEntryAsync(Marker("统计"));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 5));
        using var anon = server.Anonymous();
        await anon.GetStringAsync($"/open/datasets/{code}");
        await anon.GetStringAsync($"/open/datasets/{code}");
        await anon.GetByteArrayAsync($"/api/3/download/{code}.csv");
        await anon.GetStringAsync($"/api/3/action/package_show?id={code}");

        var s = await Json(await server.As(Provider), "/api/v1/portal/statistics");
        var e = Assert.Single(s.GetProperty("entries").EnumerateArray(), x => x.GetProperty("entryCode").GetString() == code);
        Assert.Equal(2, e.GetProperty("totals").GetProperty("views").GetInt64());
        Assert.Equal(1, e.GetProperty("totals").GetProperty("downloads").GetInt64());
        Assert.Equal(1, e.GetProperty("totals").GetProperty("apiCalls").GetInt64());
        Assert.Equal(30, s.GetProperty("days").GetArrayLength());
        Assert.Contains((await Json(await server.As(Bureau), "/api/v1/portal/statistics")).GetProperty("entries").EnumerateArray(), x => x.GetProperty("entryCode").GetString() == code);
        Assert.DoesNotContain((await Json(await server.As(OtherDepartment), "/api/v1/portal/statistics")).GetProperty("entries").EnumerateArray(), x => x.GetProperty("entryCode").GetString() == code);
        Assert.DoesNotContain((await Json(await server.As(OtherBureau), "/api/v1/portal/statistics")).GetProperty("entries").EnumerateArray(), x => x.GetProperty("entryCode").GetString() == code);

        var bad = await (await server.As(Provider)).GetAsync("/api/v1/portal/statistics?from=2026-13-01");
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("\"from\"", await bad.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode)422, (await (await server.As(Provider)).GetAsync("/api/v1/portal/statistics/export?format=pdf")).StatusCode);

        var csv = await (await server.As(Provider)).GetAsync("/api/v1/portal/statistics/export?format=csv&table=entries");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("数据集代码 code,名称 name,", lines[0]);
        var line = Assert.Single(lines, l => l.StartsWith(code + ",", StringComparison.Ordinal));
        Assert.EndsWith(",2,1,1,4", line);

        var xlsx = await (await server.As(Provider)).GetAsync("/api/v1/portal/statistics/export?format=xlsx&table=entries");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = zip.Entries.First(z => z.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        var xml = await new StreamReader(sheet.Open()).ReadToEndAsync();
        Assert.Contains(code, xml);
        Assert.Contains("数据集代码 code", xml);

        using var web = await WebSignIn.SignInAsync(server, Provider);
        var page = await web.GetStringAsync("/backoffice/statistics");
        Assert.Contains("role=\"img\"", page);
        Assert.Contains($"data-test=\"entry-{code}\"", page);
    }

    [Fact]
    public async Task A_department_reports_its_annual_plan_and_the_bureau_sees_progress_and_returns_it()
    {
        var p = await server.As(Provider);
        var open = await OpenEntryAsync(Marker("计划"));
        await LoadAsync(p, open, CleanCsv(1, 5));
        var notYet = await OpenEntryAsync(Marker("计划未开"));
        object Item(string name, int month, string? entry = null, string openType = "Unconditional") =>
            new { name, domain = "生活服务", openType, month, entryCode = entry };

        async Task<string> Bad(int year, params object[] items)
        {
            var r = await p.PutAsJsonAsync($"/api/v1/portal/plans/{year}", new { items });
            Assert.Equal((HttpStatusCode)422, r.StatusCode);
            return await r.Content.ReadAsStringAsync();
        }
        Assert.Contains("\"year\"", await Bad(2031, Item("甲", 1)));
        Assert.Contains("items[1].name", await Bad(2026, Item("甲", 1), Item("甲", 2)));
        Assert.Contains("items[0].month", await Bad(2026, Item("甲", 13)));
        Assert.Contains("items[0].openType", await Bad(2026, Item("甲", 1, openType: "NotOpen")));
        Assert.Contains("items[1].entryCode", await Bad(2026, Item("甲", 1, open), Item("乙", 2, open)));
        Assert.Contains("items[0].entryCode", await Bad(2026, Item("甲", 1, "520000-SC-0001")));
        Assert.Contains("\"items\"", await Bad(2026));

        var saved = await p.PutAsJsonAsync("/api/v1/portal/plans/2026", new { items = new[] { Item("已开放的", 3, open), Item("计划中的", 12, notYet), Item("未关联的", 6) } });
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var plan = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Draft", plan.GetProperty("state").GetString());
        Assert.Equal(3, plan.GetProperty("planned").GetInt32());
        Assert.Equal(1, plan.GetProperty("opened").GetInt32());
        Assert.Equal(2, plan.GetProperty("dueByNow").GetInt32()); // months 3 and 6 are past by 2026-09

        Assert.Equal(HttpStatusCode.OK, (await p.PostAsJsonAsync("/api/v1/portal/plans/2026/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await p.PutAsJsonAsync("/api/v1/portal/plans/2026", new { items = new[] { Item("甲", 1) } })).StatusCode);

        var b = await server.As(Bureau);
        var division = await Json(b, "/api/v1/portal/division-plans/2026");
        var mine = Assert.Single(division.EnumerateArray(), x => x.GetProperty("organisation").GetString() == "520000-GA");
        Assert.Equal("Submitted", mine.GetProperty("state").GetString());
        Assert.Equal(1, mine.GetProperty("opened").GetInt32());
        Assert.DoesNotContain((await Json(await server.As(OtherBureau), "/api/v1/portal/division-plans/2026")).EnumerateArray(), x => x.GetProperty("organisation").GetString() == "520000-GA");
        Assert.Equal(HttpStatusCode.Forbidden, (await p.GetAsync("/api/v1/portal/division-plans/2026")).StatusCode);

        var noRemark = await b.PostAsJsonAsync("/api/v1/portal/division-plans/2026/520000-GA/return", new { remark = " " });
        Assert.Equal((HttpStatusCode)422, noRemark.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(OtherBureau)).PostAsJsonAsync("/api/v1/portal/division-plans/2026/520000-GA/return", new { remark = "不是本辖区" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.PostAsJsonAsync("/api/v1/portal/division-plans/2026/520000-GA/return", new { remark = "请补充交通运输领域" })).StatusCode);
        var back = await Json(p, "/api/v1/portal/plans/2026");
        Assert.Equal("Returned", back.GetProperty("state").GetString());
        Assert.Equal("请补充交通运输领域", back.GetProperty("returnRemark").GetString());
        var audit = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .Where(a => a.Subject == "open-plan:520000-GA/2026").Select(a => a.Action).ToListAsync());
        Assert.Contains("opendata.plan.save", audit);
        Assert.Contains("opendata.plan.submit", audit);
        Assert.Contains("opendata.plan.return", audit);

        using var web = await WebSignIn.SignInAsync(server, Bureau);
        var page = await web.GetStringAsync("/backoffice/plans?year=2026");
        Assert.Contains("data-test=\"plan-520000-GA\"", page);
        Assert.Contains("role=\"img\"", page);
    }

    [Fact]
    public async Task Small_and_stale_open_datasets_are_flagged_for_the_department_and_the_bureau()
    {
        // Loaded three days ago with a daily update cycle: due the day after, two days late today.
        server.SetNow(ServerFixture.DemoNow.AddDays(-3));
        string code;
        try
        {
            code = await OpenEntryAsync(Marker("提示"));
            await LoadAsync(await server.As(Provider), code, CleanCsv(1, 30));
        }
        finally { server.SetNow(ServerFixture.DemoNow); }

        var flags = await Json(await server.As(Provider), "/api/v1/portal/flags");
        Assert.Equal(100, flags.GetProperty("minRows").GetInt64());
        var mine = flags.GetProperty("flags").EnumerateArray().Where(f => f.GetProperty("code").GetString() == code).ToList();
        Assert.Contains(mine, f => f.GetProperty("kind").GetString() == "fragmented" && f.GetProperty("rows").GetInt64() == 30);
        var stale = Assert.Single(mine, f => f.GetProperty("kind").GetString() == "stale");
        Assert.Equal(2, stale.GetProperty("daysLate").GetInt32());
        Assert.Contains((await Json(await server.As(Bureau), "/api/v1/portal/flags")).GetProperty("flags").EnumerateArray(), f => f.GetProperty("code").GetString() == code);
        Assert.DoesNotContain((await Json(await server.As(OtherDepartment), "/api/v1/portal/flags")).GetProperty("flags").EnumerateArray(), f => f.GetProperty("code").GetString() == code);

        var b = await server.As(Bureau);
        var bad = await b.PutAsJsonAsync("/api/v1/portal/flags/settings", new { minRows = -1, minFields = 3 });
        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Contains("minRows", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As(Provider)).PutAsJsonAsync("/api/v1/portal/flags/settings", new { minRows = 1, minFields = 1 })).StatusCode);
        try
        {
            var set = await b.PutAsJsonAsync("/api/v1/portal/flags/settings", new { minRows = 10, minFields = 3 });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            var after = await Json(await server.As(Provider), "/api/v1/portal/flags");
            Assert.DoesNotContain(after.GetProperty("flags").EnumerateArray(), f => f.GetProperty("code").GetString() == code && f.GetProperty("kind").GetString() == "fragmented");
            Assert.Contains(after.GetProperty("flags").EnumerateArray(), f => f.GetProperty("code").GetString() == code && f.GetProperty("kind").GetString() == "stale");
        }
        finally { await b.PutAsJsonAsync("/api/v1/portal/flags/settings", new { minRows = 100, minFields = 3 }); }
    }

    [Fact]
    public async Task Indicators_are_computed_live_from_the_data_with_their_definitions_and_targets()
    {
        var b = await server.As(Bureau);
        async Task<Dictionary<string, JsonElement>> Now() =>
            (await Json(b, "/api/v1/portal/indicators")).GetProperty("indicators").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!);
        static double D(JsonElement i, string p) => i.GetProperty(p).ValueKind == JsonValueKind.Null ? 0 : i.GetProperty(p).GetDouble();

        var before = await Now();
        // Open since last year: 40 rows published in December 2025, replaced by 50 rows this year.
        server.SetNow(new DateTimeOffset(2025, 12, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        string old;
        try
        {
            old = await OpenEntryAsync(Marker("去年"), "Irregular"); // no timeliness penalty on this year's reload
            await LoadAsync(await server.As(Provider), old, CleanCsv(1, 40));
        }
        finally { server.SetNow(ServerFixture.DemoNow); }
        var p = await server.As(Provider);
        await LoadAsync(p, old, CleanCsv(1, 50));
        // New this year: one open with data, one open without data, one not open.
        var fresh = await OpenEntryAsync(Marker("今年"));
        await LoadAsync(p, fresh, CleanCsv(1, 30));
        await OpenEntryAsync(Marker("无数据"));
        await PublishedEntryAsync(server, PersonEntry(Marker("不开放")));
        var after = await Now();

        double Delta(string id, string p) => D(after[id], p) - D(before[id], p);
        Assert.Equal(2, Delta("open-rate", "numerator"));
        Assert.Equal(3, Delta("open-rate", "denominator"));   // the not-open entry is not in the denominator
        Assert.Equal(2, Delta("high-quality-share", "denominator"));
        Assert.Equal(2, Delta("high-quality-share", "numerator")); // clean data scores above the default threshold 80
        Assert.Equal(4, Delta("datasets-apis", "value"));      // two datasets, two APIs
        Assert.Equal(2, Delta("datasets-apis", "denominator")); // one of them was open before 1 January
        Assert.Equal(80, Delta("data-volume-growth", "numerator")); // 50 + 30 rows now
        Assert.Equal(40, Delta("data-volume-growth", "denominator")); // 40 rows at the start of the year
        var rate = after["open-rate"];
        Assert.Equal(Math.Round(100 * D(rate, "numerator") / D(rate, "denominator"), 1), D(rate, "value"));
        Assert.Equal("%", rate.GetProperty("unit").GetString());
        Assert.Contains("95%", rate.GetProperty("target").GetString());
        Assert.False(string.IsNullOrEmpty(rate.GetProperty("definition").GetString()));
        // The two indicators of the portal's other parts are their own figures, not copies: the showcase count and the
        // requests' timeliness as their APIs give them.
        var showcase = await Json(b, "/api/v1/open/showcase/count");
        Assert.Equal(showcase.GetProperty("applications").GetDouble(), D(after["applications-built"], "value"));
        var timeliness = await Json(b, "/api/v1/open/requests/timeliness");
        Assert.Equal(timeliness.GetProperty("answeredInTarget").GetDouble(), D(after["response-timeliness"], "numerator"));
        Assert.Equal(timeliness.GetProperty("answeredInTarget").GetDouble() + timeliness.GetProperty("late").GetDouble(),
            D(after["response-timeliness"], "denominator"));
        Assert.True(after.ContainsKey("on-demand-sharing"));

        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As(Provider)).GetAsync("/api/v1/portal/indicators")).StatusCode);
        using var web = await WebSignIn.SignInAsync(server, Bureau);
        var page = await web.GetStringAsync("/backoffice/indicators");
        Assert.Contains("role=\"img\"", page);
        Assert.Contains("<desc", page);
        Assert.Contains("data-test=\"indicator-open-rate\"", page);
        Assert.Contains("data-test=\"indicators-link\"", await web.GetStringAsync("/supervision"));
    }
}

public sealed class BackofficeTests_Sqlite(SqliteServer s) : BackofficeTests<SqliteServer>(s);
public sealed class BackofficeTests_Postgres(PostgresServer s) : BackofficeTests<PostgresServer>(s);
