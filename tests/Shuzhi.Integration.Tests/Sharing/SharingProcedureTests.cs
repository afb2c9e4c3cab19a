using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Sharing.SharingTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>
/// 贵州 art.23 end to end, with two departments (省公安厅 provides, 省市场监管局 applies), their bureau and the provincial
/// government, across the National Day holiday (2026-10-01 … 10-07; Saturday 10-10 is a working day), by the
/// injectable clock: return for correction, refusal, objection, negotiation, referral, the government's decision
/// carried out as a grant, use under it, and the usage report.
/// </summary>
public abstract class SharingProcedureTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private void At(string chinaTime) => server.SetNow(DateTimeOffset.Parse(chinaTime));

    private static void Due(JsonElement app, string step, string lastDay)
    {
        var w = app.GetProperty("waiting");
        Assert.Equal(step, w.GetProperty("stepType").GetString());
        Assert.Equal(lastDay + " 24:00", w.GetProperty("dueText").GetString());
        Assert.Equal(DateTimeOffset.Parse(lastDay + "T00:00:00+08:00").AddDays(1), w.GetProperty("due").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_full_path_return_refusal_objection_referral_decision_grant_use_and_report_keeps_every_clock_by_the_calendar()
    {
        At("2026-09-30T10:00:00+08:00");
        var code = await ConditionalEntryAsync(server, 20);
        var consumer = await server.As(Consumer);
        Task<HttpClient> Consumer_() => server.As(Consumer);

        // Discovery: the consumer finds the data and is told to apply; its rows are refused until then.
        var found = (await Json(await consumer.GetAsync($"/api/v1/sharing/resources?shareType=Conditional&q={code}"))).EnumerateArray().Single();
        Assert.Equal("apply", found.GetProperty("access").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);

        // Wednesday 09-30: received → conformity review, 5 working days: 10-08, 10-09, Sat 10-10, 10-12, 10-13.
        var app = await ApplyAsync(server, Application(code, ["居民身份证号码", "姓名", "登记日期"], "备注__in=备注1,备注2,备注3", new DateOnly(2027, 9, 30)));
        var id = app.GetProperty("id").GetString();
        Assert.Equal("conformityreview", app.GetProperty("state").GetString());
        Due(app, "conformity-review", "2026-10-13");
        Assert.Equal("贵州省政务数据资源管理办法 第二十三条（一）", app.GetProperty("waiting").GetProperty("citation").GetString());
        Assert.Equal("贵州省大数据发展管理局", app.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        // The provider does not see it before the bureau forwards it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Provider)).GetAsync($"/api/v1/sharing/applications/{id}")).StatusCode);
        // It is on the supply–demand list (art.38), open.
        var line = (await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/demands?open=true"))).EnumerateArray()
            .Single(l => l.GetProperty("applicationId").GetString() == id);
        Assert.Equal("open", line.GetProperty("state").GetString());

        // Friday 10-09: returned for correction. The clock stops with 3 working days left (Sat 10-10, 10-12, 10-13).
        At("2026-10-09T15:00:00+08:00");
        var returned = await ActAsync(server, Bureau, app, "review", new { decision = "return", reasons = "请写明使用依据的具体条款" });
        Assert.Equal("returned", returned.GetProperty("state").GetString());
        Assert.Equal("suspended", returned.GetProperty("waiting").GetProperty("state").GetString());
        // Only the applicant may resubmit, and only a returned application can be reviewed again.
        Assert.Equal(HttpStatusCode.Conflict, (await (await server.As(Bureau)).PostAsJsonAsync($"/api/v1/sharing/applications/{id}/review", new { decision = "pass" })).StatusCode);

        // Monday 10-12: resubmitted; the 3 days count again from the day after: 10-13, 10-14, 10-15.
        At("2026-10-12T09:00:00+08:00");
        var resubmitted = await ActAsync(server, Consumer, app, "resubmit", new { legalBasis = "《市场主体登记管理条例》第十七条第二款" });
        Assert.Equal("conformityreview", resubmitted.GetProperty("state").GetString());
        Due(resubmitted, "conformity-review", "2026-10-15");

        // Tuesday 10-13: passed → the provider replies within 5 working days: 10-14, 15, 16, 19, 20.
        At("2026-10-13T11:00:00+08:00");
        var passed = await ActAsync(server, Bureau, app, "review", new { decision = "pass", reasons = "材料齐全" });
        Assert.Equal("providerreply", passed.GetProperty("state").GetString());
        Due(passed, "provider-reply", "2026-10-20");
        Assert.Equal("贵州省公安厅", passed.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        // Another department cannot answer for the provider.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gy.ga.commissioner")).PostAsJsonAsync($"/api/v1/sharing/applications/{id}/reply", new { decision = "agree" })).StatusCode);

        // 10-15: refused, with the basis; a refusal without one is an error naming the field.
        At("2026-10-15T16:00:00+08:00");
        var bare = await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/sharing/applications/{id}/reply", new { decision = "refuse" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        Assert.Contains("\"reasons\"", await bare.Content.ReadAsStringAsync());
        var refused = await ActAsync(server, Provider, app, "reply", new { decision = "refuse", reasons = "依据《居民身份证法》第十九条，仅限公安机关核验使用" });
        Assert.Equal("refused", refused.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("waiting").ValueKind);

        // 10-16: the applicant objects → negotiation by the provider's bureau: no statutory period.
        At("2026-10-16T10:00:00+08:00");
        var objected = await ActAsync(server, Consumer, app, "object", new { reasons = "登记核验属法定职责，仅需姓名与号码比对" });
        Assert.Equal("negotiation", objected.GetProperty("state").GetString());
        Assert.Equal("negotiation", objected.GetProperty("waiting").GetProperty("stepType").GetString());
        Assert.Equal("None", objected.GetProperty("waiting").GetProperty("basis").GetString());
        Assert.Equal(JsonValueKind.Null, objected.GetProperty("waiting").GetProperty("due").ValueKind);

        // 10-20: negotiation fails → referred to the provincial government.
        At("2026-10-20T10:00:00+08:00");
        var referred = await ActAsync(server, Bureau, app, "negotiate", new { decision = "unresolved", reasons = "双方各执己见，报请省政府决定" });
        Assert.Equal("referred", referred.GetProperty("state").GetString());
        Assert.Equal("government-decision", referred.GetProperty("waiting").GetProperty("stepType").GetString());
        Assert.Equal("贵州省人民政府", referred.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        // The city government may not decide the province's dispute.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gy.gov")).PostAsJsonAsync($"/api/v1/sharing/applications/{id}/decide", new { decision = "share", reasons = "x" })).StatusCode);

        // 10-22: the government decides to share; the decision is carried out as a grant at once.
        At("2026-10-22T10:00:00+08:00");
        var decided = await ActAsync(server, Government, app, "decide", new { decision = "share", reasons = "准予共享姓名、号码和登记日期，限备注1至3的记录" });
        Assert.Equal("granted", decided.GetProperty("state").GetString());
        var grant = decided.GetProperty("grantId").GetString()!;
        var line2 = (await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/demands"))).EnumerateArray()
            .Single(l => l.GetProperty("applicationId").GetString() == id);
        Assert.Equal("met", line2.GetProperty("state").GetString());

        // The case shows every step with its clock and citation.
        var caseView = await Json(await (await Consumer_()).GetAsync($"/api/v1/cases/{app.GetProperty("caseId").GetString()}"));
        var steps = caseView.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepType").GetString()).ToList();
        Assert.Equal(["conformity-review", "provider-reply", "negotiation", "government-decision"], steps);

        // Friday 10-23: first use — only the granted fields, only the filtered rows, raw.
        At("2026-10-23T09:30:00+08:00");
        var page = await Json(await (await Consumer_()).GetAsync($"/api/v1/datasets/{code}/rows?count=exact"));
        Assert.Equal(3, page.GetProperty("count").GetInt64());
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([Id(1), Id(2), Id(3)], rows.Select(r => r.GetProperty("居民身份证号码").GetString()).Order().ToList());
        Assert.All(rows, r => Assert.Equal(["居民身份证号码", "姓名", "登记日期"], r.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('_')).ToList()));

        // The usage report is due 10 working days after the first delivery: 10-26 … 11-06.
        var feedbackCase = (await Json(await (await server.As(ConsumerHead)).GetAsync("/api/v1/cases?mine=true"))).EnumerateArray()
            .Single(i => i.GetProperty("title").GetString()!.StartsWith("使用反馈") && i.GetProperty("title").GetString()!.Contains(code));
        Assert.Equal("2026-11-06 24:00", feedbackCase.GetProperty("dueText").GetString());
        Assert.Equal("贵州省政务数据资源管理办法 第二十三条（三）", feedbackCase.GetProperty("citation").GetString());

        At("2026-11-02T10:00:00+08:00");
        var reported = await Json(await (await Consumer_()).PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/feedback",
            new { qualityRating = 4, quality = "号码准确，个别姓名有生僻字", usage = "登记核验 3 次", results = "核验时间由 2 天缩短到即时" }));
        Assert.True(reported.GetProperty("feedbackGiven").GetBoolean());
        Assert.DoesNotContain((await Json(await (await server.As(ConsumerHead)).GetAsync("/api/v1/cases?mine=true"))).EnumerateArray(),
            i => i.GetProperty("title").GetString()!.StartsWith("使用反馈") && i.GetProperty("title").GetString()!.Contains(code));

        // Every call under the grant is visible to the provider, the consumer and the bureau: who, which query, how many rows.
        foreach (var who in new[] { Provider, Consumer, Bureau })
        {
            var use = await UsageAsync(server, code, who, grant);
            var read = use.First(u => u.GetProperty("action").GetString() == "dataset.rows");
            Assert.Equal("贵州省市场监督管理局", read.GetProperty("organisation").GetString());
            Assert.Equal(3, read.GetProperty("details").GetProperty("rows").GetInt32());
            Assert.Equal("count=exact", read.GetProperty("details").GetProperty("query").GetString());
        }
    }

    [Fact]
    public async Task A_bureau_rejection_states_reasons_and_ends_the_application_and_bad_applications_name_the_field()
    {
        At("2026-11-10T10:00:00+08:00");
        var code = await ConditionalEntryAsync(server, 5);
        var consumer = await server.As(Consumer);
        async Task<string> Problem(object body, HttpStatusCode status)
        {
            var r = await consumer.PostAsJsonAsync("/api/v1/sharing/applications", body);
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == status, $"{(int)r.StatusCode}: {text}");
            return text;
        }
        Assert.Contains("known-field", await Problem(Application(code, ["不存在的字段"], null, new DateOnly(2027, 1, 1)), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("rowFilter.", await Problem(Application(code, ["姓名"], "金额__gte=很多", new DateOnly(2027, 1, 1)), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("conditions-only", await Problem(Application(code, ["姓名"], "sort=姓名", new DateOnly(2027, 1, 1)), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("max-period", await Problem(Application(code, ["姓名"], null, new DateOnly(2030, 1, 1)), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("validUntil", await Problem(new { entryCode = code, purpose = "p", legalBasis = "b", fields = new[] { "姓名" } }, HttpStatusCode.UnprocessableEntity));
        Assert.Contains("share-type", await Problem(Application(await PublishedEntryAsync(server, PersonEntry("无条件" + Guid.NewGuid().ToString("N")[..6])), ["姓名"], null, new DateOnly(2027, 1, 1)), HttpStatusCode.Conflict));
        // A member of the public cannot apply at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("citizen.zhang")).PostAsJsonAsync("/api/v1/sharing/applications", Application(code, ["姓名"], null, new DateOnly(2027, 1, 1)))).StatusCode);

        var app = await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 1, 1)));
        Assert.Contains("application-open", await Problem(Application(code, ["姓名"], null, new DateOnly(2027, 1, 1)), HttpStatusCode.Conflict));
        var noReason = await (await server.As(Bureau)).PostAsJsonAsync($"/api/v1/sharing/applications/{app.GetProperty("id").GetString()}/review", new { decision = "reject" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var rejected = await ActAsync(server, Bureau, app, "review", new { decision = "reject", reasons = "使用目的与所需字段不相符" });
        Assert.Equal("rejected", rejected.GetProperty("state").GetString());
        Assert.Equal("使用目的与所需字段不相符", rejected.GetProperty("reviewReasons").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
        // A new application may follow a closed one.
        await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public async Task Under_a_delegation_the_lower_department_answers_and_its_own_bureau_reviews_applications_from_its_region()
    {
        At("2026-11-16T10:00:00+08:00");
        var code = await ConditionalEntryAsync(server, 5);
        // 省公安厅 delegates this entry's applications from 贵阳市 to 贵阳市公安局, filed with the provincial bureau (贵州 art.44).
        await Json(await (await server.As(Provider)).PostAsJsonAsync("/api/v1/sharing/delegations",
            new { entry = code, division = "520100", @delegate = "520100-GA", note = "贵阳市范围内的申请由市局受理" }), HttpStatusCode.Created);

        var app = await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 6, 30)), "gy.rs.commissioner");
        Assert.Equal("贵阳市公安局", app.GetProperty("delegateName").GetString());
        Assert.Equal("贵阳市大数据发展管理局", app.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        // The provincial bureau does not review it; the city bureau does.
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Bureau)).PostAsJsonAsync($"/api/v1/sharing/applications/{app.GetProperty("id").GetString()}/review", new { decision = "pass" })).StatusCode);
        var passed = await ActAsync(server, "gy.bureau", app, "review", new { decision = "pass" });
        Assert.Equal("贵阳市公安局", passed.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/sharing/applications/{app.GetProperty("id").GetString()}/reply", new { decision = "agree" })).StatusCode);
        var granted = await ActAsync(server, "gy.ga.commissioner", app, "reply", new { decision = "agree", reasons = "同意" });
        Assert.Equal("granted", granted.GetProperty("state").GetString());
        Assert.Equal(5, (await Json(await (await server.As("gy.rs.commissioner")).GetAsync($"/api/v1/datasets/{code}/rows"))).GetProperty("rows").GetArrayLength());
        // An applicant outside the delegated region still goes to 省公安厅.
        var provincial = await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 6, 30)));
        Assert.Equal(JsonValueKind.Null, provincial.GetProperty("delegateName").ValueKind);
        Assert.Equal("贵州省大数据发展管理局", provincial.GetProperty("waiting").GetProperty("actingOrganisation").GetString());
    }
}

public sealed class SharingProcedureTests_Sqlite(SqliteServer s) : SharingProcedureTests<SqliteServer>(s);
public sealed class SharingProcedureTests_Postgres(PostgresServer s) : SharingProcedureTests<PostgresServer>(s);
