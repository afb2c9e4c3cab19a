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
}

public sealed class CatalogueProceduresTests_Sqlite(SqliteServer s) : CatalogueProceduresTests<SqliteServer>(s);
public sealed class CatalogueProceduresTests_Postgres(PostgresServer s) : CatalogueProceduresTests<PostgresServer>(s);
