using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>Stopping the supply of published shared data (贵州 art.24), through real HTTP.</summary>
public abstract class StopTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Grantee = "gy.rs.commissioner", GranteeHead = "gy.rs.head", Stranger = "gy.ga.commissioner";

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A published unconditionally shared entry of 省公安厅 with data, its 姓名 granted raw to 贵阳市人社局.</summary>
    private async Task<string> SharedEntryWithGrantee(string share = "Unconditional")
    {
        var code = await PublishedEntryAsync(server, PersonEntry("停供测试" + Guid.NewGuid().ToString("N")[..6], share));
        var p = await server.As(Provider);
        await LoadAsync(p, code, CleanCsv(1, 5));
        if (share != "NotShared")
            await Json(await p.PostAsJsonAsync($"/api/v1/datasets/{code}/grants", new { organisation = "520100-RS", fields = new[] { "姓名" }, reason = "社保核查" }), HttpStatusCode.Created);
        return code;
    }

    private static (string Field, string Rule, string Detail) Error(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("rule").GetString()!, e.GetProperty("detail").GetString()!)).Single();

    private async Task<List<JsonElement>> NoticesOf(string user, string kind, string code) =>
        (await Json(await (await server.As(user)).GetAsync("/api/v1/notices"))).EnumerateArray()
        .Where(n => n.GetProperty("kind").GetString() == kind && n.GetProperty("text").GetString()!.Contains(code)).ToList();

    [Fact]
    public async Task The_notice_period_counts_five_working_days_across_the_National_Day_holiday()
    {
        // Filed Wed 2026-09-30: working days 10-08, 10-09, Sat 10-10 (adjusted), 10-12, 10-13 → earliest stop 2026-10-14.
        Assert.Equal(ServerFixture.DemoNow, server.Clock.GetUtcNow());
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        var early = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "系统迁移", stopDate = "2026-10-13" }), HttpStatusCode.UnprocessableEntity);
        var e = Error(early);
        Assert.Equal(("stopDate", "notice-period"), (e.Field, e.Rule));
        Assert.Contains("2026-10-14", e.Detail);

        var stop = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "系统迁移", stopDate = "2026-10-14" }), HttpStatusCode.Created);
        Assert.Equal("2026-10-14", stop.GetProperty("earliestStopDate").GetString());
        Assert.Equal("2026-10-13", stop.GetProperty("noticeLastDay").GetString());
        Assert.False(stop.GetProperty("provisional").GetBoolean());
        Assert.Equal("filed", stop.GetProperty("state").GetString());
        Assert.Equal("贵州省大数据发展管理局", stop.GetProperty("bureau").GetString());
        Assert.Equal("GZ-24-STOP", stop.GetProperty("ruleId").GetString());
        Assert.Equal(["贵阳市人力资源和社会保障局"], stop.GetProperty("notifiedOrganisations").EnumerateArray().Select(x => x.GetString()));

        // Cancel it so other tests of this class are not affected.
        await Json(await p.PostAsJsonAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}/cancel", new { reason = "测试" }));
    }

    [Fact]
    public async Task A_year_without_a_notice_makes_the_earliest_date_provisional()
    {
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        server.Clock.Set(DateTimeOffset.Parse("2027-12-29T10:00:00+08:00"));
        try
        {
            p = await server.Fresh(Provider);
            var early = Error(await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "停用", stopDate = "2028-01-01" }), HttpStatusCode.UnprocessableEntity));
            Assert.Equal("notice-period", early.Rule);
            Assert.Contains("暂定", early.Detail);
            var stop = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "停用", stopDate = "2028-01-10" }), HttpStatusCode.Created);
            Assert.True(stop.GetProperty("provisional").GetBoolean());
            await Json(await p.PostAsJsonAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}/cancel", new { }));
        }
        finally { server.Clock.Set(ServerFixture.DemoNow); }
    }

    [Fact]
    public async Task Grantees_are_notified_and_from_the_stop_date_only_the_provider_and_its_bureau_still_read()
    {
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        var stop = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "数据源系统下线", stopDate = "2026-10-14" }), HttpStatusCode.Created);

        foreach (var user in new[] { Grantee, GranteeHead, "gz.bureau" })
        {
            var n = Assert.Single(await NoticesOf(user, "sharing.stop.filed", code));
            Assert.Contains("2026-10-14", n.GetProperty("text").GetString());
            Assert.Equal($"/sharing/stops/{stop.GetProperty("id").GetString()}", n.GetProperty("link").GetString());
        }
        Assert.Empty(await NoticesOf(Stranger, "sharing.stop.filed", code));
        // The grantee sees the stop its notice points to; an unrelated department does not.
        await Json(await (await server.As(Grantee)).GetAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Stranger)).GetAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}")).StatusCode);

        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-13T23:59:59+08:00"));
            var grantee = await server.Fresh(Grantee);
            var stranger = await server.Fresh(Stranger);
            p = await server.Fresh(Provider);
            await Json(await grantee.GetAsync($"/api/v1/datasets/{code}/rows"));
            await Json(await stranger.GetAsync($"/api/v1/datasets/{code}/rows"));

            server.Clock.Set(DateTimeOffset.Parse("2026-10-14T00:00:00+08:00"));
            foreach (var (client, path) in new[] { (grantee, "rows"), (grantee, "download?format=csv"), (stranger, "rows") })
            {
                var refused = await Json(await client.GetAsync($"/api/v1/datasets/{code}/{path}"), HttpStatusCode.Forbidden);
                Assert.Contains("supply stopped on 2026-10-14 (贵州 art.24)", refused.GetProperty("detail").GetString());
            }
            var own = await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows"));
            Assert.Equal(5, own.GetProperty("rows").GetArrayLength());
            await Json(await (await server.Fresh(Bureau)).GetAsync($"/api/v1/datasets/{code}/rows"));

            // In effect: it can no longer be cancelled.
            var late = await Json(await p.PostAsJsonAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}/cancel", new { }), HttpStatusCode.Conflict);
            Assert.Contains("stop.in-effect", late.GetRawText());
            Assert.Equal("in-effect", (await Json(await p.GetAsync($"/api/v1/sharing/stops/{stop.GetProperty("id").GetString()}"))).GetProperty("state").GetString());
        }
        finally { server.Clock.Set(ServerFixture.DemoNow); }
    }

    [Fact]
    public async Task The_provider_cancels_before_the_stop_date_the_grantees_are_told_and_reads_go_on()
    {
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        var stop = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "调整", stopDate = "2026-10-20" }), HttpStatusCode.Created);
        var id = stop.GetProperty("id").GetString();

        // Only the provider cancels (others do not even see it), and a second stop is refused while one is filed.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gz.sc.commissioner")).PostAsJsonAsync($"/api/v1/sharing/stops/{id}/cancel", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "再次", stopDate = "2026-10-21" })).StatusCode);

        var cancelled = await Json(await p.PostAsJsonAsync($"/api/v1/sharing/stops/{id}/cancel", new { reason = "业务需要继续提供" }));
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.Equal("业务需要继续提供", cancelled.GetProperty("cancelReason").GetString());
        Assert.Single(await NoticesOf(Grantee, "sharing.stop.cancelled", code));
        Assert.Single(await NoticesOf(GranteeHead, "sharing.stop.cancelled", code));
        Assert.Equal(HttpStatusCode.Conflict, (await p.PostAsJsonAsync($"/api/v1/sharing/stops/{id}/cancel", new { })).StatusCode);

        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-21T09:00:00+08:00"));
            await Json(await (await server.Fresh(Grantee)).GetAsync($"/api/v1/datasets/{code}/rows"));
        }
        finally { server.Clock.Set(ServerFixture.DemoNow); }

        // Every act is audited.
        var admin = await server.As("admin");
        foreach (var action in new[] { "sharing.stop.file", "sharing.stop.cancel" })
        {
            var items = (await Json(await admin.GetAsync($"/api/v1/audit?subject=catalogue-entry:{code}&action={action}"))).GetProperty("items");
            Assert.Equal(1, items.GetArrayLength());
        }
    }

    [Fact]
    public async Task Filings_are_listed_for_the_provider_and_the_bureaus_over_it_only()
    {
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        var id = (await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "停用", stopDate = "2026-11-02" }), HttpStatusCode.Created))
            .GetProperty("id").GetString();
        try
        {
            async Task<bool> Lists(string user) => (await Json(await (await server.As(user)).GetAsync("/api/v1/sharing/stops")))
                .EnumerateArray().Any(s => s.GetProperty("id").GetString() == id);
            Assert.True(await Lists(Provider));
            Assert.True(await Lists("gz.ga.head"));
            Assert.True(await Lists("gz.bureau"));
            Assert.False(await Lists("gy.bureau"));      // a city bureau does not oversee provincial departments
            Assert.False(await Lists(Grantee));          // listed for the provider; the grantee has its notice
            Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("citizen.zhang")).GetAsync("/api/v1/sharing/stops")).StatusCode);
        }
        finally { await p.PostAsJsonAsync($"/api/v1/sharing/stops/{id}/cancel", new { }); }
    }

    [Fact]
    public async Task Bad_filings_are_refused_naming_field_and_rule()
    {
        var code = await SharedEntryWithGrantee();
        var p = await server.As(Provider);
        var missing = await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code }), HttpStatusCode.UnprocessableEntity);
        var rules = missing.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString() + "/" + e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("reason/required", rules);
        Assert.Contains("stopDate/required", rules);

        // Someone else's entry: 403. Staff without the provide policy: 403. Unknown entry: 404.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gz.sc.commissioner")).PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "x", stopDate = "2026-12-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gz.ga.staff")).PostAsJsonAsync("/api/v1/sharing/stops", new { entry = code, reason = "x", stopDate = "2026-12-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = "520000-GA-9999", reason = "x", stopDate = "2026-12-01" })).StatusCode);

        // Data that is not shared cannot be "stopped".
        var notShared = await SharedEntryWithGrantee("NotShared");
        var e = Error(await Json(await p.PostAsJsonAsync("/api/v1/sharing/stops", new { entry = notShared, reason = "x", stopDate = "2026-12-01" }), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(("entry", "published-shared"), (e.Field, e.Rule));
    }
}

public sealed class StopTests_Sqlite(SqliteServer s) : StopTests<SqliteServer>(s);
public sealed class StopTests_Postgres(PostgresServer s) : StopTests<PostgresServer>(s);
