using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>Reports of doubtful or wrong shared data and their verification (贵州 art.25), through real HTTP.</summary>
public abstract class CorrectionTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Consumer = "gy.rs.commissioner";

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static List<string> Rules(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString() + "/" + e.GetProperty("rule").GetString()).ToList();

    private async Task<string> Entry(string share = "Unconditional")
    {
        var code = await PublishedEntryAsync(server, PersonEntry("校核测试" + Guid.NewGuid().ToString("N")[..6], share));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 5));
        return code;
    }

    private async Task<JsonElement> Report(string code, string user = Consumer) =>
        await Json(await (await server.As(user)).PostAsJsonAsync("/api/v1/sharing/corrections", new
        {
            entry = code, rows = "第3行", fields = new[] { "出生日期" }, description = "出生日期与户籍登记不一致",
        }), HttpStatusCode.Created);

    [Fact]
    public async Task A_report_is_due_in_ten_working_days_across_the_holiday_and_a_new_version_corrects_it()
    {
        var code = await Entry();
        var r = await Report(code);
        // Reported Wed 2026-09-30: 10-08, 09, Sat 10 (adjusted), 12, 13, 14, 15, 16, 19, 20 → due 2026-10-20 24:00.
        Assert.Equal("2026-10-20", r.GetProperty("lastDay").GetString());
        Assert.Equal("2026-10-20 24:00", r.GetProperty("dueText").GetString());
        Assert.Equal("GZ-25-VERIFY", r.GetProperty("ruleId").GetString());
        Assert.Equal(1, r.GetProperty("dataVersion").GetInt32());
        Assert.Equal("open", r.GetProperty("state").GetString());
        Assert.False(r.GetProperty("overdue").GetBoolean());
        var id = r.GetProperty("id").GetString();
        var caseId = r.GetProperty("caseId").GetString();

        // The provider's commissioner has it in the inbox; the consumer's bureau is told; the provider's bureau lists it.
        var inbox = await Json(await (await server.As(Provider)).GetAsync("/api/v1/cases?mine=true"));
        var item = inbox.EnumerateArray().Single(i => i.GetProperty("caseId").GetString() == caseId);
        Assert.Equal("verify-correct", item.GetProperty("stepType").GetString());
        var bureauNotice = (await Json(await (await server.As("gy.bureau")).GetAsync("/api/v1/notices"))).EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "sharing.correction.reported" && n.GetProperty("caseId").GetString() == caseId);
        Assert.Contains(code, bureauNotice.GetProperty("text").GetString());
        var open = await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/corrections"));
        Assert.Contains(open.EnumerateArray(), x => x.GetProperty("id").GetString() == id);
        await Json(await (await server.As(Bureau)).GetAsync($"/api/v1/cases/{caseId}"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("zy.bureau")).GetAsync($"/api/v1/sharing/corrections/{id}")).StatusCode);

        // "Corrected" must name a newer published version.
        var p = await server.As(Provider);
        Assert.Contains("correctedVersion/required", Rules(await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "corrected" }), HttpStatusCode.UnprocessableEntity)));
        Assert.Contains("correctedVersion/newer-published-version", Rules(await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "corrected", correctedVersion = 1 }), HttpStatusCode.UnprocessableEntity)));
        Assert.Contains("correctedVersion/newer-published-version", Rules(await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "corrected", correctedVersion = 2 }), HttpStatusCode.UnprocessableEntity)));
        var v2 = await LoadAsync(p, code, CleanCsv(1, 5, i => "已更正" + i));
        Assert.Equal(2, v2.GetProperty("version").GetProperty("number").GetInt32());

        // Another department cannot answer; the provider can, once.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gz.sc.commissioner")).PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "confirmed", explanation = "x" })).StatusCode);
        var answered = await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "corrected", correctedVersion = 2, explanation = "已按户籍库更正" }));
        Assert.Equal("answered", answered.GetProperty("state").GetString());
        Assert.Equal("met", answered.GetProperty("clockState").GetString());
        Assert.Equal(2, answered.GetProperty("correctedVersion").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "confirmed", explanation = "x" })).StatusCode);

        // The consumer is told and sees the answer; the case is closed.
        var seen = await Json(await (await server.As(Consumer)).GetAsync($"/api/v1/sharing/corrections/{id}"));
        Assert.Equal("corrected", seen.GetProperty("outcome").GetString());
        Assert.Equal("已按户籍库更正", seen.GetProperty("explanation").GetString());
        foreach (var user in new[] { Consumer, "gy.rs.head" })
            Assert.Single((await Json(await (await server.As(user)).GetAsync("/api/v1/notices"))).EnumerateArray(),
                n => n.GetProperty("kind").GetString() == "sharing.correction.answered" && n.GetProperty("caseId").GetString() == caseId);
        var kase = await Json(await (await server.As(Consumer)).GetAsync($"/api/v1/cases/{caseId}"));
        Assert.Equal("closed", kase.GetProperty("state").GetString());
        Assert.Equal("corrected", kase.GetProperty("outcome").GetString());
        Assert.DoesNotContain((await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/corrections"))).EnumerateArray(), x => x.GetProperty("id").GetString() == id);

        var admin = await server.As("admin");
        foreach (var action in new[] { "sharing.correction.report", "sharing.correction.answer" })
            Assert.Equal(1, (await Json(await admin.GetAsync($"/api/v1/audit?subject=catalogue-entry:{code}&action={action}"))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_unanswered_report_is_escalated_when_overdue_and_a_late_answer_stays_recorded_late()
    {
        var code = await Entry();
        var r = await Report(code);
        var id = r.GetProperty("id").GetString();
        var caseId = r.GetProperty("caseId").GetString();
        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-21T00:00:01+08:00"));
            var bureau = await server.Fresh(Bureau);
            Assert.True((await Json(await bureau.GetAsync("/api/v1/sharing/corrections"))).EnumerateArray()
                .Single(x => x.GetProperty("id").GetString() == id).GetProperty("overdue").GetBoolean());
            await Json(await bureau.PostAsync("/api/v1/supervision/detect-overdue", null));
            // 超期督办 (贵州 art.43): the provider's head, deputy and commissioner are notified.
            foreach (var user in new[] { "gz.ga.head", "gz.ga.deputy", Provider })
                Assert.Single((await Json(await (await server.Fresh(user)).GetAsync("/api/v1/notices"))).EnumerateArray(),
                    n => n.GetProperty("kind").GetString() == "overdue" && n.GetProperty("caseId").GetString() == caseId);
            var board = await Json(await bureau.GetAsync("/api/v1/supervision/board"));
            Assert.Contains(board.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("caseId").GetString() == caseId && b.GetProperty("ruleId").GetString() == "GZ-25-VERIFY");

            var late = await Json(await (await server.Fresh(Provider)).PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "confirmed", explanation = "经核对户籍库，数据无误" }));
            Assert.Equal("overdue", late.GetProperty("clockState").GetString());
            Assert.Equal("confirmed", late.GetProperty("outcome").GetString());
        }
        finally { server.Clock.Set(ServerFixture.DemoNow); }
    }

    [Fact]
    public async Task Bad_reports_and_answers_are_refused_naming_field_and_rule()
    {
        var code = await Entry();
        var c = await server.As(Consumer);
        var missing = await Json(await c.PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = code }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("description/required", Rules(missing));
        var field = await Json(await c.PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = code, fields = new[] { "不存在的字段" }, description = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["fields/field-of-version"], Rules(field));
        Assert.Contains("不存在的字段", field.GetProperty("detail").GetString());
        var version = await Json(await c.PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = code, version = 7, description = "x" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["version/exists"], Rules(version));

        // Only those who may read the data report on it; the provider does not report on its own data; staff need the policy.
        var conditional = await Entry("Conditional");
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = conditional, description = "x" })).StatusCode);
        Assert.Equal(["entry/not-own"], Rules(await Json(await (await server.As(Provider)).PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = code, description = "x" }), HttpStatusCode.UnprocessableEntity)));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gy.rs.staff")).PostAsJsonAsync("/api/v1/sharing/corrections", new { entry = code, description = "x" })).StatusCode);

        var id = (await Report(code)).GetProperty("id").GetString();
        var p = await server.As(Provider);
        Assert.Equal(["outcome/one-of"], Rules(await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "ignored" }), HttpStatusCode.UnprocessableEntity)));
        Assert.Equal(["explanation/required"], Rules(await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "not-applicable" }), HttpStatusCode.UnprocessableEntity)));
        // The consumer cannot answer its own report (it is not the provider's to see as such).
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "confirmed", explanation = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await p.GetAsync("/api/v1/sharing/corrections?state=closedish")).StatusCode);
        var answered = await Json(await p.PostAsJsonAsync($"/api/v1/sharing/corrections/{id}/answer", new { outcome = "not-applicable", explanation = "该行已于上一版本删除" }));
        Assert.Equal("not-applicable", answered.GetProperty("outcome").GetString());
    }
}

public sealed class CorrectionTests_Sqlite(SqliteServer s) : CorrectionTests<SqliteServer>(s);
public sealed class CorrectionTests_Postgres(PostgresServer s) : CorrectionTests<PostgresServer>(s);
