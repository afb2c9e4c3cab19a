using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Sharing.SharingTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// Conditional opening (贵州 art.31) and withdrawal announcements (art.33) over real HTTP: a conditionally open entry is
/// listed on the portal without any of its data; a citizen applies; the bureau reviews (5 working days), the provider
/// answers (10 working days) and opens the data (5 working days) — across the National Day holiday by the injectable
/// clock; the data is then the applicant's alone, within the grant's fields and period; refusals need a basis;
/// withdrawn open data is announced.
/// </summary>
public abstract class OpeningTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Citizen = "citizen.zhang", Enterprise = "ent.qianyun";

    private void At(string chinaTime) => server.SetNow(DateTimeOffset.Parse(chinaTime));

    private static void Due(JsonElement app, string step, string lastDay)
    {
        var w = app.GetProperty("waiting");
        Assert.Equal(step, w.GetProperty("stepType").GetString());
        Assert.Equal(lastDay + " 24:00", w.GetProperty("dueText").GetString());
        Assert.Equal("贵州省政务数据资源管理办法 第三十一条", w.GetProperty("citation").GetString());
    }

    /// <summary>A published entry of 省公安厅, 有条件开放, with <paramref name="rows"/> clean rows.</summary>
    private async Task<string> ConditionalOpenEntryAsync(int rows = 20, string openType = "Conditional")
    {
        var e = PersonEntry("开放申请测试" + Guid.NewGuid().ToString("N")[..6]);
        e["openType"] = openType;
        e["openReason"] = openType == "Unconditional" ? null : "经申请有条件开放";
        var code = await PublishedEntryAsync(server, e);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, rows));
        return code;
    }

    private static object Application(string code, string[] fields, string until = "2027-06-30") =>
        new { entryCode = code, purpose = "研究登记数据的时间分布", fields, validUntil = until };

    private async Task<JsonElement> Apply(string who, object body) =>
        await Json(await (await server.As(who)).PostAsJsonAsync("/api/v1/opening/applications", body), HttpStatusCode.Created);

    private async Task<HttpResponseMessage> Act(string who, string id, string act, object body) =>
        await (await server.As(who)).PostAsJsonAsync($"/api/v1/opening/applications/{id}/{act}", body);

    private async Task<JsonElement> ActOk(string who, string id, string act, object body) => await Json(await Act(who, id, act, body));

    private async Task<HttpStatusCode> Rows(string who, string code) => (await (await server.As(who)).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode;

    [Fact]
    public async Task A_conditional_entry_is_listed_without_data_and_opened_to_the_applicant_alone_on_the_calendar()
    {
        At("2026-09-30T10:00:00+08:00");
        var code = await ConditionalOpenEntryAsync();
        using var anon = server.Anonymous();

        // Listed: metadata and the open-type marker, but no resources, preview, rows or downloads.
        var show = await Json(await anon.GetAsync($"/api/3/action/package_show?id={code}"));
        var package = show.GetProperty("result");
        Assert.Equal(0, package.GetProperty("num_resources").GetInt32());
        Assert.Equal("Conditional", package.GetProperty("extras").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "open_type").GetProperty("value").GetString());
        var search = await Json(await anon.GetAsync($"/api/3/action/package_search?q={code}"));
        Assert.Equal(1, search.GetProperty("result").GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/download/{code}.csv")).StatusCode);
        var page = await anon.GetAsync($"/open/datasets/{code}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"open-conditional\"", html);
        Assert.Contains("申请开放", html);
        Assert.DoesNotContain("data-test=\"open-preview\"", html);
        Assert.DoesNotContain("/api/3/download/", html);
        Assert.Contains($"data-test=\"open-result-{code}\"", await anon.GetStringAsync($"/open/search?q={code}"));

        // Before any grant, the citizen reads nothing.
        Assert.Equal(HttpStatusCode.Forbidden, await Rows(Citizen, code));

        // Wednesday 09-30: the conformity review, 5 working days across the holiday: 10-08, 10-09, Sat 10-10, 10-12, 10-13.
        var app = await Apply(Citizen, Application(code, ["登记日期", "金额", "姓名"]));
        var id = app.GetProperty("id").GetString()!;
        Assert.Equal("review", app.GetProperty("state").GetString());
        Due(app, "open-conformity-review", "2026-10-13");
        Assert.Equal("贵州省大数据发展管理局", app.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        // One open application per person and dataset.
        Assert.Equal(HttpStatusCode.Conflict, (await (await server.As(Citizen)).PostAsJsonAsync("/api/v1/opening/applications", Application(code, ["姓名"]))).StatusCode);
        // Nobody else sees it: not the provider before it is forwarded, not another applicant.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Provider)).GetAsync($"/api/v1/opening/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Enterprise)).GetAsync($"/api/v1/opening/applications/{id}")).StatusCode);
        Assert.DoesNotContain((await Json(await (await server.As(Enterprise)).GetAsync("/api/v1/opening/applications/mine"))).EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        Assert.Single((await Json(await (await server.As(Citizen)).GetAsync("/api/v1/opening/applications/mine"))).EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        // The applicant does not act for the bureau.
        Assert.Equal(HttpStatusCode.Forbidden, (await Act(Citizen, id, "review", new { decision = "pass" })).StatusCode);

        // Friday 10-09: passed → the provider answers within 10 working days: Sat 10-10, 12–16, 19–22 → 10-22.
        At("2026-10-09T15:00:00+08:00");
        var passed = await ActOk(Bureau, id, "review", new { decision = "pass", reasons = "申请材料规范" });
        Assert.Equal("providerreply", passed.GetProperty("state").GetString());
        Due(passed, "open-provider-reply", "2026-10-22");
        Assert.Equal("贵州省公安厅", passed.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Act("gy.ga.commissioner", id, "reply", new { decision = "agree" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Act(Bureau, id, "review", new { decision = "pass" })).StatusCode);

        // Thursday 10-15: agreed → opened within 5 working days: 10-16, 19, 20, 21, 22.
        At("2026-10-15T11:00:00+08:00");
        var agreed = await ActOk(ProviderHead, id, "reply", new { decision = "agree", reasons = "同意开放" });
        Assert.Equal("opening", agreed.GetProperty("state").GetString());
        Due(agreed, "open-data", "2026-10-22");
        Assert.Equal(HttpStatusCode.Forbidden, await Rows(Citizen, code));

        // Friday 10-16: opened, with fewer fields than asked; the case is closed.
        At("2026-10-16T09:30:00+08:00");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Act(Provider, id, "open", new { fields = new[] { "手机号码" } })).StatusCode);
        var opened = await ActOk(Provider, id, "open", new { fields = new[] { "登记日期", "姓名" } });
        Assert.Equal("granted", opened.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, opened.GetProperty("waiting").ValueKind);
        var grant = opened.GetProperty("grantId").GetString()!;

        // The applicant reads the rows — the granted fields only, masked as the provider sets — and downloads them.
        var rows = await Json(await (await server.As(Citizen)).GetAsync($"/api/v1/datasets/{code}/rows?limit=50"));
        var first = rows.GetProperty("rows")[0];
        Assert.Equal(20, rows.GetProperty("rows").GetArrayLength());
        Assert.Equal(["姓名", "登记日期"], first.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('_')).Order().ToArray());
        var raw = (await Json(await (await server.As(Provider)).GetAsync($"/api/v1/datasets/{code}/rows?limit=1"))).GetProperty("rows")[0];
        Assert.NotEqual(raw.GetProperty("姓名").GetString(), first.GetProperty("姓名").GetString());
        var csv = await (await server.As(Citizen)).GetAsync($"/api/v1/datasets/{code}/download?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var header = (await csv.Content.ReadAsStringAsync()).Split('\n')[0];
        Assert.Contains("登记日期", header);
        Assert.DoesNotContain("金额", header);
        // Nobody else gains anything: not the other applicant, not the public.
        Assert.Equal(HttpStatusCode.Forbidden, await Rows(Enterprise, code));
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);
        // The first delivery is recorded on the grant, which the provider sees (and may revoke).
        var line = (await Json(await (await server.As(Provider)).GetAsync($"/api/v1/sharing/grants?entry={code}"))).EnumerateArray().Single(g => g.GetProperty("id").GetString() == grant);
        Assert.Equal("张晓明（公众用户）", line.GetProperty("granteeName").GetString());
        Assert.NotEqual(JsonValueKind.Null, line.GetProperty("firstDeliveredAt").ValueKind);

        // The pages: the applicant's list and the application with its rows; the bureau's work list.
        using var web = await WebSignIn.SignInAsync(server, Citizen);
        Assert.Contains(opened.GetProperty("number").GetString()!, await web.GetStringAsync("/open/me/applications"));
        var mine = await web.GetStringAsync($"/open/me/applications/{id}");
        Assert.Contains("data-test=\"my-rows\"", mine);
        Assert.Contains($"download?format=csv&amp;grant={grant}", mine);
        using var bureauWeb = await WebSignIn.SignInAsync(server, Bureau);
        Assert.Contains($"/opening/applications/{id}", await bureauWeb.GetStringAsync("/opening/applications"));
        using var otherWeb = await WebSignIn.SignInAsync(server, Enterprise);
        Assert.Equal(HttpStatusCode.NotFound, (await otherWeb.GetAsync($"/open/me/applications/{id}")).StatusCode);

        // After the period: refused, with the reason.
        At("2027-07-01T09:00:00+08:00");
        var expired = await (await server.As(Citizen)).GetAsync($"/api/v1/datasets/{code}/rows");
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync());

        // Revoked by the provider: refused at once.
        At("2026-10-20T09:00:00+08:00");
        Assert.Equal(HttpStatusCode.OK, await Rows(Citizen, code));
        await Json(await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/revoke", new { reason = "用途变更" }));
        var revoked = await (await server.As(Citizen)).GetAsync($"/api/v1/datasets/{code}/rows");
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rejection_and_refusal_need_reasons_and_only_conditional_data_is_applied_for()
    {
        At("2026-11-02T10:00:00+08:00");
        var code = await ConditionalOpenEntryAsync(5);

        // Rejected by the bureau: reasons required.
        var app = await Apply(Enterprise, Application(code, ["登记日期"]));
        var id = app.GetProperty("id").GetString()!;
        var bare = await Json(await Act(Bureau, id, "review", new { decision = "reject" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reasons", bare.GetProperty("errors")[0].GetProperty("field").GetString());
        var rejected = await ActOk(Bureau, id, "review", new { decision = "reject", reasons = "用途不明确" });
        Assert.Equal("rejected", rejected.GetProperty("state").GetString());
        Assert.Equal("用途不明确", rejected.GetProperty("reviewReasons").GetString());

        // Refused by the provider: the basis or reason is required, and recorded for the applicant.
        var again = await Apply(Enterprise, Application(code, ["登记日期"]));
        var id2 = again.GetProperty("id").GetString()!;
        await ActOk(Bureau, id2, "review", new { decision = "pass" });
        var noBasis = await Json(await Act(Provider, id2, "reply", new { decision = "refuse" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reasons", noBasis.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Act(Provider, id2, "reply", new { decision = "maybe" })).StatusCode);
        await ActOk(Provider, id2, "reply", new { decision = "refuse", reasons = "依据《中华人民共和国个人信息保护法》第十三条，不予开放" });
        var seen = await Json(await (await server.As(Enterprise)).GetAsync($"/api/v1/opening/applications/{id2}"));
        Assert.Equal("refused", seen.GetProperty("application").GetProperty("state").GetString());
        Assert.Contains("个人信息保护法", seen.GetProperty("application").GetProperty("replyText").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, await Rows(Enterprise, code));

        // Withdrawn by the applicant while it is reviewed.
        var third = await Apply(Enterprise, Application(code, ["登记日期"]));
        var withdrawn = await Json(await (await server.As(Enterprise)).PostAsync($"/api/v1/opening/applications/{third.GetProperty("id").GetString()}/withdraw", null));
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());

        // Bad input names the field; unconditionally open data needs no application; not-open data is not found.
        var invalid = await Json(await (await server.As(Citizen)).PostAsJsonAsync("/api/v1/opening/applications",
            new { entryCode = code, purpose = "", fields = new[] { "不存在" }, validUntil = "2020-01-01" }), HttpStatusCode.UnprocessableEntity);
        var fields = invalid.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "purpose", "fields", "validUntil" }, fields);
        var open = await ConditionalOpenEntryAsync(2, "Unconditional");
        Assert.Equal(HttpStatusCode.Conflict, (await (await server.As(Citizen)).PostAsJsonAsync("/api/v1/opening/applications", Application(open, ["姓名"]))).StatusCode);
        var closed = await ConditionalOpenEntryAsync(2, "NotOpen");
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Citizen)).PostAsJsonAsync("/api/v1/opening/applications", Application(closed, ["姓名"]))).StatusCode);
        // Government staff do not apply on the portal.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gz.sc.commissioner")).PostAsJsonAsync("/api/v1/opening/applications", Application(code, ["姓名"]))).StatusCode);
    }

    [Fact]
    public async Task Withdrawn_open_data_is_filed_with_the_bureau_and_announced_without_its_data()
    {
        At("2026-11-10T10:00:00+08:00");
        var code = await ConditionalOpenEntryAsync(3, "Unconditional");
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);

        await Json(await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/withdraw", new { reason = "数据来源系统停用" }));

        var notices = await Json(await anon.GetAsync("/api/v1/opening/announcements"));
        var notice = notices.EnumerateArray().Single(n => n.GetProperty("code").GetString() == code);
        Assert.Equal("数据来源系统停用", notice.GetProperty("reason").GetString());
        Assert.Equal("2026-11-10", notice.GetProperty("withdrawnOn").GetString());
        Assert.Contains(code, await anon.GetStringAsync("/open/announcements"));
        // The former page: the notice with the date and reason (410), and nothing of the data.
        var page = await anon.GetAsync($"/open/datasets/{code}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("已撤销", html);
        Assert.Contains("数据来源系统停用", html);
        Assert.Contains("2026-11-10", html);
        Assert.DoesNotContain("data-test=\"open-preview\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/action/datastore_search?resource_id={code}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/download/{code}.csv")).StatusCode);
        // Filed with the bureau at the provider's level (a notice with the reasons).
        var filed = (await Json(await (await server.As(Bureau)).GetAsync("/api/v1/notices"))).EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "opendata.withdraw.filed" && n.GetProperty("text").GetString()!.Contains(code)).ToList();
        Assert.Single(filed);
        Assert.Contains("数据来源系统停用", filed[0].GetProperty("text").GetString());
        // A code that never was open data stays a bare 404.
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/open/datasets/520000-XX-9999")).StatusCode);
    }

    [Fact]
    public async Task The_demo_lists_a_conditional_dataset_with_data_behind_it()
    {
        using var anon = server.Anonymous();
        var hits = (await Json(await anon.GetAsync("/api/3/action/package_search?rows=100&fq=organization:520000-GA&q=" + Uri.EscapeDataString("机动车登记信息")))).GetProperty("result").GetProperty("results");
        var package = hits.EnumerateArray().Single(p => p.GetProperty("title").GetString() == "机动车登记信息");
        Assert.Equal("Conditional", package.GetProperty("extras").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "open_type").GetProperty("value").GetString());
        Assert.Equal(0, package.GetProperty("num_resources").GetInt32());
        var code = package.GetProperty("name").GetString()!;
        var rows = await Json(await (await server.As(Provider)).GetAsync($"/api/v1/datasets/{code}/rows?limit=500"));
        Assert.Equal(300, rows.GetProperty("rows").GetArrayLength());
    }
}

public sealed class OpeningTests_Sqlite(SqliteServer s) : OpeningTests<SqliteServer>(s);
public sealed class OpeningTests_Postgres(PostgresServer s) : OpeningTests<PostgresServer>(s);
