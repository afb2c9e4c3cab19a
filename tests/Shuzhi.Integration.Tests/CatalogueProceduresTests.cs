using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shuzhi.Integration.Tests;

/// <summary>贵州 art.9 update clock and extension, and art.13 一数一源 conflicts, through the Cases module.</summary>
public abstract class CatalogueProceduresTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Entries = "/api/v1/catalogue/entries";

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<string> Published(string user, JsonObject body, string bureau = "gz.bureau")
    {
        var c = await server.As(user);
        var r = await c.PostAsJsonAsync(Entries, body);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var code = (await Json(r)).GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsJsonAsync($"{Entries}/{code}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await server.As(bureau)).PostAsJsonAsync($"{Entries}/{code}/review", new { decision = "approve" })).StatusCode);
        return code;
    }

    [Fact]
    public async Task A_registered_change_runs_10_working_days_the_bureau_extends_by_5_once_and_submission_completes_it()
    {
        var code = await Published("gz.sc.commissioner", CatalogueApiTests<TServer>.Valid("变更时限测试信息"));
        var sc = await server.As("gz.sc.commissioner");

        var future = await sc.PostAsJsonAsync("/api/v1/catalogue/changes", new { kind = "Law", changeDate = "2026-10-30", description = "x", entries = new[] { code } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal("not-in-future", (await Json(future)).GetProperty("errors")[0].GetProperty("rule").GetString());
        var foreign = await sc.PostAsJsonAsync("/api/v1/catalogue/changes", new { kind = "Law", changeDate = "2026-09-28", description = "x", entries = new[] { "520000-GA-0001" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Equal("entries[0]", (await Json(foreign)).GetProperty("errors")[0].GetProperty("field").GetString());

        // Changed Monday 2026-09-28: 9-29, 9-30, (National Day), 10-08, 10-09, Saturday 10-10 (working), 10-12 … 10-16.
        var r = await sc.PostAsJsonAsync("/api/v1/catalogue/changes", new { kind = "Law", changeDate = "2026-09-28", description = "《食品安全法实施条例》修订", entries = new[] { code } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var change = await Json(r);
        var id = change.GetProperty("id").GetString();
        var caseId = change.GetProperty("caseId").GetString();
        var step = (await sc.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}")).GetProperty("steps")[0];
        Assert.Equal("GZ-9-UPDATE", step.GetProperty("ruleId").GetString());
        Assert.Equal("2026-10-16", step.GetProperty("lastDay").GetString());
        Assert.Equal("running", step.GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await sc.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "自己延期" })).StatusCode);
        var gy = await server.As("gy.bureau");
        Assert.Equal(HttpStatusCode.NotFound, (await gy.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "他级延期" })).StatusCode);
        var bureau = await server.As("gz.bureau");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await bureau.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "" })).StatusCode);
        var ext = await bureau.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "涉及多个业务系统改造" });
        Assert.Equal(HttpStatusCode.OK, ext.StatusCode);
        Assert.True((await Json(ext)).GetProperty("extended").GetBoolean());
        step = (await sc.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}")).GetProperty("steps")[0];
        Assert.Equal("2026-10-23", step.GetProperty("lastDay").GetString());
        Assert.Equal("extended", step.GetProperty("state").GetString());
        var again = await bureau.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "再次延期" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("extend-once", (await Json(again)).GetProperty("errors")[0].GetProperty("rule").GetString());

        // Updating and submitting the entry meets the clock and closes the case.
        Assert.Equal(HttpStatusCode.OK, (await sc.PutAsJsonAsync($"{Entries}/{code}", CatalogueApiTests<TServer>.Valid("变更时限测试信息（依新条例）"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sc.PostAsJsonAsync($"{Entries}/{code}/submit", new { })).StatusCode);
        var detail = await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Completed", detail.GetProperty("changes")[0].GetProperty("state").GetString());
        var closed = await sc.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}");
        Assert.Equal("closed", closed.GetProperty("state").GetString()!.ToLowerInvariant());
        Assert.Equal("met", closed.GetProperty("steps")[0].GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.PostAsJsonAsync($"/api/v1/catalogue/changes/{id}/extend", new { reason = "迟到的延期" })).StatusCode);
    }

    [Fact]
    public async Task Demo_has_a_registered_change_with_a_running_clock()
    {
        var changes = await (await server.As("gy.rs.commissioner")).GetFromJsonAsync<JsonElement>("/api/v1/catalogue/changes");
        var open = changes.EnumerateArray().First(c => c.GetProperty("state").GetString() == "Open");
        Assert.Equal("520100-RS", open.GetProperty("organisationCode").GetString());
        Assert.NotNull(open.GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task A_second_authoritative_claim_is_flagged_and_routed_to_the_bureau_which_decides()
    {
        var bureau = await server.As("gz.bureau");
        var seeded = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/catalogue/conflicts?state=Open");
        Assert.Contains(seeded.EnumerateArray(), c => c.GetProperty("itemCode").GetString() == "GB11643.居民身份证号码");

        // 省公安厅 claims 统一社会信用代码, which 省市场监管局 (企业登记信息) already provides as the authoritative source.
        var body = CatalogueApiTests<TServer>.Valid("涉企治安管理信息");
        body["subjectKind"] = "Organisations";
        body["identifierField"] = "统一社会信用代码";
        body["fields"] = new JsonArray(
            new JsonObject { ["name"] = "统一社会信用代码", ["type"] = "CreditCode", ["isIdentifier"] = true, ["sensitivity"] = "Public", ["authoritativeItem"] = " ＧＢ32100.统一社会信用代码 " },
            new JsonObject { ["name"] = "单位名称", ["type"] = "String", ["sensitivity"] = "Public" });
        var ga = await server.As("gz.ga.commissioner");
        var created = await ga.PostAsJsonAsync(Entries, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await Json(created)).GetProperty("code").GetString();
        var submitted = await ga.PostAsJsonAsync($"{Entries}/{code}/submit", new { });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var entry = await Json(submitted);
        Assert.Equal("Submitted", entry.GetProperty("state").GetString());
        var conflict = entry.GetProperty("conflicts").EnumerateArray().Single();
        Assert.Equal("GB32100.统一社会信用代码", conflict.GetProperty("itemCode").GetString());
        Assert.Equal("520000-SC-0001", conflict.GetProperty("otherEntryCode").GetString());
        Assert.Equal("Open", conflict.GetProperty("state").GetString());

        var kase = await bureau.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{conflict.GetProperty("caseId").GetString()}");
        Assert.Equal("贵州省大数据发展管理局", kase.GetProperty("steps")[0].GetProperty("actingOrganisation").GetString());
        Assert.Equal("GZ-13-ONE-SOURCE", kase.GetProperty("steps")[0].GetProperty("ruleId").GetString());

        var id = conflict.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await ga.PostAsJsonAsync($"/api/v1/catalogue/conflicts/{id}/decide", new { authoritativeEntry = code, reason = "我们才是" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gy.bureau")).PostAsJsonAsync($"/api/v1/catalogue/conflicts/{id}/decide", new { authoritativeEntry = "520000-SC-0001", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await bureau.PostAsJsonAsync($"/api/v1/catalogue/conflicts/{id}/decide", new { authoritativeEntry = "520000-GA-0001", reason = "x" })).StatusCode);
        var decided = await bureau.PostAsJsonAsync($"/api/v1/catalogue/conflicts/{id}/decide", new { authoritativeEntry = "520000-SC-0001", reason = "统一社会信用代码由市场监管部门登记赋码" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("Decided", (await Json(decided)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await bureau.PostAsJsonAsync($"/api/v1/catalogue/conflicts/{id}/decide", new { authoritativeEntry = "520000-SC-0001", reason = "再决定" })).StatusCode);
        var closed = await bureau.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{conflict.GetProperty("caseId").GetString()}");
        Assert.Equal("closed", closed.GetProperty("state").GetString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task A_conflict_never_shows_another_departments_unpublished_entry()
    {
        // Demo: 省人社厅's submitted (unpublished) entry claims 居民身份证号码 like 省公安厅's published 520000-GA-0001.
        var bureau = await server.As("gz.bureau");
        var all = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/catalogue/conflicts");
        var seeded = all.EnumerateArray().First(c => c.GetProperty("itemCode").GetString() == "GB11643.居民身份证号码");
        var unpublished = seeded.GetProperty("entryCode").GetString()!;
        Assert.StartsWith("520000-RS-", unpublished);
        Assert.Equal("520000-GA-0001", seeded.GetProperty("otherEntryCode").GetString());

        foreach (var user in new[] { "gy.ga.commissioner", "gz.ga.commissioner", "gz.sc.commissioner" })
        {
            var c = await server.As(user);
            Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"{Entries}/{unpublished}")).StatusCode);
            var text = await c.GetStringAsync($"{Entries}/520000-GA-0001");
            Assert.DoesNotContain(unpublished, text);
            Assert.DoesNotContain(seeded.GetProperty("caseId").GetString()!, text);
            Assert.DoesNotContain(unpublished, await c.GetStringAsync("/api/v1/catalogue/conflicts"));
        }
        // Those who see both entries (its department; the bureau of its division, which also decides) still see the conflict.
        var own = await bureau.GetFromJsonAsync<JsonElement>($"{Entries}/{unpublished}");
        Assert.Contains(own.GetProperty("conflicts").EnumerateArray(), c => c.GetProperty("otherEntryCode").GetString() == "520000-GA-0001");
        var ga = await bureau.GetFromJsonAsync<JsonElement>($"{Entries}/520000-GA-0001");
        Assert.Contains(ga.GetProperty("conflicts").EnumerateArray(), c => c.GetProperty("entryCode").GetString() == unpublished);

        // A new claim of 省市场监管局 conflicts with both; the case it opens (which 省市场监管局 sees) does not name the unpublished entry.
        var body = CatalogueApiTests<TServer>.Valid("市场主体法定代表人信息");
        body["fields"]![0]!["authoritativeItem"] = "GB11643.居民身份证号码";
        var sc = await server.As("gz.sc.commissioner");
        var created = await sc.PostAsJsonAsync(Entries, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await Json(created)).GetProperty("code").GetString();
        var submitted = await sc.PostAsJsonAsync($"{Entries}/{code}/submit", new { });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var shown = (await Json(submitted)).GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("otherEntryCode").GetString()).ToList();
        Assert.Equal(["520000-GA-0001"], shown);
        var cases = await sc.GetStringAsync("/api/v1/cases?mine=false");
        Assert.Contains("一数一源冲突", cases);
        Assert.DoesNotContain(unpublished, cases);
        // The deciding bureau sees both of the new conflicts.
        var decided = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/catalogue/conflicts?state=Open");
        Assert.Equal(2, decided.EnumerateArray().Count(c => c.GetProperty("entryCode").GetString() == code));
    }

    [Fact]
    public async Task A_change_date_out_of_range_is_a_422_not_a_500()
    {
        var sc = await server.As("gz.sc.commissioner");
        foreach (var date in new[] { "0001-01-01", "1999-12-31" })
        {
            var r = await sc.PostAsJsonAsync("/api/v1/catalogue/changes", new { kind = "Law", changeDate = date, description = "x", entries = new[] { "520000-SC-0001" } });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var e = (await Json(r)).GetProperty("errors")[0];
            Assert.Equal("changeDate", e.GetProperty("field").GetString());
            Assert.Equal("range", e.GetProperty("rule").GetString());
        }
    }
}

public sealed class CatalogueProceduresTests_Sqlite(SqliteServer s) : CatalogueProceduresTests<SqliteServer>(s);
public sealed class CatalogueProceduresTests_Postgres(PostgresServer s) : CatalogueProceduresTests<PostgresServer>(s);
