using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Evidence;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// Procedure cases over real HTTP: inbox with due date and citation, visibility, overdue detection and 超期督办
/// (贵州 art.43: once per breach to head, deputy and data commissioner), the board, suspension/resumption,
/// extension, service targets, comments and attachments, provisional dues recomputed when a year is loaded.
/// Tests that move the clock put it back.
/// </summary>
public abstract class CasesApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string ProviderReplyCitation = "贵州省政务数据资源管理办法 第二十三条（二）";

    private Task<Guid> OrgAsync(string code) => server.WithServices(async sp =>
        await sp.GetRequiredService<ShuzhiDb>().Set<Organisation>().Where(o => o.Code == code).Select(o => o.Id).FirstAsync());

    /// <summary>Opens a case through the case desk (as other modules do), as <paramref name="by"/> (null: the platform).</summary>
    private Task<CaseRef> OpenAsync(string? by, string orgCode, StatutoryRule rule, Role[] roles, string title, DateTimeOffset? start = null)
        => server.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            var actor = by is null ? Actor.System : (await sp.GetRequiredService<Actors>().FindByUsernameAsync(by, default))!;
            var org = await db.Set<Organisation>().Where(o => o.Code == orgCode).Select(o => o.Id).FirstAsync();
            var r = await sp.GetRequiredService<ICaseDesk>().OpenAsync(actor,
                new OpenCase("test.case", $"test:{Guid.NewGuid():N}", title, new NextStep("provider-reply", rule, org, roles), start), default);
            await db.SaveChangesAsync();
            return r;
        });

    [Fact]
    public async Task Cases_opened_at_the_same_moment_get_distinct_numbers()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            OpenAsync(null, "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], $"并发编号 {i}")));
        Assert.Equal(8, opened.Select(c => c.Number).Distinct().Count());
        Assert.All(opened, c => Assert.Matches(@"^AJ-\d{4}-\d{6}$", c.Number));
    }

    private Task DeskAsync(string by, Func<ICaseDesk, Actor, Task> act) => server.WithServices(async sp =>
    {
        var actor = (await sp.GetRequiredService<Actors>().FindByUsernameAsync(by, default))!;
        await act(sp.GetRequiredService<ICaseDesk>(), actor);
        await sp.GetRequiredService<ShuzhiDb>().SaveChangesAsync();
        return 0;
    });

    /// <summary>A client with a token issued now (tokens live 12 hours of the possibly moved clock).</summary>
    private async Task<HttpClient> Fresh(string username)
    {
        var anon = server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoDirectory.Password });
        r.EnsureSuccessStatusCode();
        anon.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return anon;
    }

    private static async Task<JsonElement?> InboxItem(HttpClient client, Guid caseId, bool mine = true)
    {
        var items = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases?mine={(mine ? "true" : "false")}");
        foreach (var i in items.EnumerateArray())
            if (i.GetProperty("caseId").GetGuid() == caseId) return i;
        return null;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode status)
    {
        Assert.Equal(status, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static bool Names(JsonElement problem, string field, string rule)
        => problem.GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);

    [Fact]
    public async Task A_running_step_is_in_the_acting_departments_inbox_with_due_date_and_citation_and_nowhere_else()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：人口信息");
        Assert.Matches(@"^AJ-2026-\d{6}$", c.Number);

        var item = await InboxItem(await server.As("gz.ga.commissioner"), c.Id);
        Assert.NotNull(item);
        var i = item.Value;
        Assert.Equal("to-act", i.GetProperty("reason").GetString());
        Assert.Equal("running", i.GetProperty("stepState").GetString());
        Assert.Equal("statutory", i.GetProperty("basis").GetString());
        // Received Wed 2026-09-30; 5 working days across National Day → 2026-10-13 24:00 (01-time.md worked example).
        Assert.Equal("2026-10-13", i.GetProperty("lastDay").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-10-14T00:00:00+08:00"), i.GetProperty("due").GetDateTimeOffset());
        Assert.Equal("2026-10-13 24:00", i.GetProperty("dueText").GetString());
        Assert.Equal(ProviderReplyCitation, i.GetProperty("citation").GetString());
        Assert.False(i.GetProperty("provisional").GetBoolean());
        Assert.Equal("贵州省公安厅", i.GetProperty("actingOrganisation").GetString());

        // The applicant sees it as theirs; another department does not; staff without the acting role see it only in the list.
        Assert.Equal("applicant", (await InboxItem(await server.As("gz.sc.commissioner"), c.Id))!.Value.GetProperty("reason").GetString());
        var gy = await server.As("gy.ga.commissioner");
        Assert.Null(await InboxItem(gy, c.Id));
        Assert.Null(await InboxItem(gy, c.Id, mine: false));
        Assert.Equal(HttpStatusCode.NotFound, (await gy.GetAsync($"/api/v1/cases/{c.Id}")).StatusCode);
        var staff = await server.As("gz.ga.staff");
        Assert.Null(await InboxItem(staff, c.Id));
        Assert.NotNull(await InboxItem(staff, c.Id, mine: false));
        // The provincial bureau sees it in its list; a city bureau does not (a province department is above it).
        Assert.NotNull(await InboxItem(await server.As("gz.bureau"), c.Id, mine: false));
        Assert.Null(await InboxItem(await server.As("gy.bureau"), c.Id, mine: false));

        var detail = await (await server.As("gz.ga.commissioner")).GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}");
        var step = detail.GetProperty("steps")[0];
        Assert.Equal("GZ-23-2-REPLY", step.GetProperty("ruleId").GetString());
        Assert.Equal("5 个工作日", step.GetProperty("period").GetString());
        Assert.False(string.IsNullOrEmpty(step.GetProperty("calendarVersion").GetString()));
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "opened");
    }

    [Fact]
    public async Task Overdue_detection_escalates_once_per_breach_to_head_deputy_and_commissioner_and_shows_on_the_board()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：超期测试");
        var stepId = await server.WithServices(async sp => await sp.GetRequiredService<ShuzhiDb>().Set<Step>().Where(s => s.CaseId == c.Id).Select(s => s.Id).FirstAsync());
        async Task<List<(string User, string Role, int Breach)>> NoticesAsync() => await server.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            return (await (from n in db.Set<OverdueNotice>() join u in db.Set<User>() on n.RecipientUserId equals u.Id
                           where n.StepId == stepId select new { u.Username, n.Role, n.Breach }).ToListAsync())
                .Select(x => (x.Username, x.Role.ToString(), x.Breach)).OrderBy(x => x.Username).ToList();
        });

        var bureau = await server.As("gz.bureau");
        Assert.Equal(HttpStatusCode.OK, (await bureau.PostAsync("/api/v1/supervision/detect-overdue", null)).StatusCode);
        Assert.Empty(await NoticesAsync()); // not yet due

        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-14T00:00:01+08:00"));
            var fresh = await Fresh("gz.bureau");
            // Twice in a row, and twice at the same moment: one breach, escalated once.
            Assert.Equal(HttpStatusCode.OK, (await fresh.PostAsync("/api/v1/supervision/detect-overdue", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await fresh.PostAsync("/api/v1/supervision/detect-overdue", null)).StatusCode);
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => server.WithServices(sp => sp.GetRequiredService<DetectOverdue>().Handle(Actor.System, default))));

            Assert.Equal(
                [("gz.ga.commissioner", "DataCommissioner", 1), ("gz.ga.deputy", "DepartmentDeputy", 1), ("gz.ga.head", "DepartmentHead", 1)],
                await NoticesAsync());

            var head = await Fresh("gz.ga.head");
            var notice = (await head.GetFromJsonAsync<JsonElement>("/api/v1/notices")).EnumerateArray().Single(n => n.GetProperty("stepId").GetGuid() == stepId);
            Assert.Equal(ProviderReplyCitation, notice.GetProperty("citation").GetString());
            Assert.Equal("2026-10-13 24:00", notice.GetProperty("dueText").GetString());
            Assert.Equal(JsonValueKind.Null, notice.GetProperty("readAt").ValueKind);
            Assert.Equal(HttpStatusCode.NoContent, (await head.PostAsync($"/api/v1/notices/{notice.GetProperty("id").GetGuid()}/read", null)).StatusCode);
            // Someone else's notice is not theirs to mark.
            Assert.Equal(HttpStatusCode.NotFound, (await (await Fresh("gz.ga.staff")).PostAsync($"/api/v1/notices/{notice.GetProperty("id").GetGuid()}/read", null)).StatusCode);

            var item = (await InboxItem(await Fresh("gz.ga.commissioner"), c.Id))!.Value;
            Assert.Equal("overdue", item.GetProperty("stepState").GetString());
            Assert.Equal(1, item.GetProperty("daysOverdue").GetInt32());

            var board = await fresh.GetFromJsonAsync<JsonElement>("/api/v1/supervision/board");
            var breach = board.GetProperty("breaches").EnumerateArray().Single(b => b.GetProperty("stepId").GetGuid() == stepId);
            Assert.Equal("贵州省公安厅", breach.GetProperty("department").GetString());
            Assert.Equal(ProviderReplyCitation, breach.GetProperty("citation").GetString());
            Assert.Equal(1, breach.GetProperty("daysOverdue").GetInt32());
            Assert.Equal(3, breach.GetProperty("noticesSent").GetInt32());
            Assert.Equal(1, breach.GetProperty("noticesRead").GetInt32());
            // The board is the bureau's: a department gets 403, a city bureau does not see a provincial department.
            await Problem(await head.GetAsync("/api/v1/supervision/board"), HttpStatusCode.Forbidden);
            await Problem(await head.PostAsync("/api/v1/supervision/detect-overdue", null), HttpStatusCode.Forbidden);
            var gyBoard = await (await Fresh("gy.bureau")).GetFromJsonAsync<JsonElement>("/api/v1/supervision/board");
            Assert.DoesNotContain(gyBoard.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("stepId").GetGuid() == stepId);

            // Done late: recorded as overdue, no longer an open breach.
            await DeskAsync("gz.ga.commissioner", (d, a) => d.CompleteStepAsync(a, c.Id, "agreed", "已授权", null, default));
            var after = await fresh.GetFromJsonAsync<JsonElement>("/api/v1/supervision/board");
            Assert.DoesNotContain(after.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("stepId").GetGuid() == stepId);
            var step = (await fresh.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}")).GetProperty("steps")[0];
            Assert.Equal("overdue", step.GetProperty("state").GetString());
            Assert.Equal("agreed", step.GetProperty("outcome").GetString());
            Assert.Equal(3, (await NoticesAsync()).Count);
        }
        finally
        {
            server.Clock.Set(ServerFixture.DemoNow);
        }
    }

    [Fact]
    public async Task A_returned_application_is_in_the_applicants_inbox_and_resumption_recounts_the_remaining_working_days()
    {
        var c = await OpenAsync("gy.rs.commissioner", "520100-DSJ", Rules.SharingConformityReview, [Role.BureauStaff], "共享申请：退回补正测试");
        await DeskAsync("gy.bureau", (d, a) => d.SuspendStepAsync(a, c.Id, "退回补正：缺少使用依据", default));

        var mine = (await InboxItem(await server.As("gy.rs.commissioner"), c.Id))!.Value;
        Assert.Equal("applicant", mine.GetProperty("reason").GetString());
        Assert.Equal("suspended", mine.GetProperty("stepState").GetString());
        Assert.Equal("贵州省政务数据资源管理办法 第二十三条（一）", mine.GetProperty("citation").GetString());
        Assert.Equal("suspended", (await InboxItem(await server.As("gy.bureau"), c.Id))!.Value.GetProperty("stepState").GetString());
        var step = (await (await server.As("gy.rs.commissioner")).GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}")).GetProperty("steps")[0];
        // Suspended on 09-30 with 10-08, 09, 10 (adjusted Saturday), 12, 13 still to run.
        Assert.Equal("5 个工作日", step.GetProperty("remaining").GetString());

        // Suspended long past the old due: detection finds nothing.
        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-16T10:00:00+08:00"));
            await server.WithServices(sp => sp.GetRequiredService<DetectOverdue>().Handle(Actor.System, default));
            await DeskAsync("gy.rs.commissioner", (d, a) => d.ResumeStepAsync(a, c.Id, "已补正", default));
        }
        finally
        {
            server.Clock.Set(ServerFixture.DemoNow);
        }
        var detail = await (await server.As("gy.bureau")).GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}");
        step = detail.GetProperty("steps")[0];
        Assert.Equal("running", step.GetProperty("state").GetString());
        // Resumed Fri 10-16 with 5 working days: 10-19 … 10-23.
        Assert.Equal("2026-10-23", step.GetProperty("lastDay").GetString());
        var kinds = detail.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Contains("suspended", kinds);
        Assert.Contains("resumed", kinds);
        Assert.DoesNotContain("overdue", kinds);
    }

    [Fact]
    public async Task Extension_where_the_article_allows_it_records_who_why_and_to_when()
    {
        var c = await OpenAsync(null, "520000-GA", Rules.CatalogueUpdate, [Role.DataCommissioner], "目录更新：职能调整");
        await DeskAsync("gz.bureau", (d, a) => d.ExtendStepAsync(a, c.Id, Rules.CatalogueUpdateExtension, "涉及多个处室，需协调", default));
        var step = (await (await server.As("gz.ga.commissioner")).GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}")).GetProperty("steps")[0];
        Assert.Equal("extended", step.GetProperty("state").GetString());
        // 10 working days from 09-30 → 10-20; + 5 → 10-27.
        Assert.Equal("2026-10-27", step.GetProperty("lastDay").GetString());
        Assert.Equal("GZ-9-EXTEND", step.GetProperty("extensionRuleId").GetString());
        Assert.Equal("省大数据局审核员", step.GetProperty("extendedBy").GetString());
        Assert.Equal("涉及多个处室，需协调", step.GetProperty("extensionReason").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-10-28T00:00:00+08:00"), step.GetProperty("extendedTo").GetDateTimeOffset());

        // A second extension, or one from another article, is refused with the rule named.
        var again = await Assert.ThrowsAsync<Shuzhi.Platform.Common.ConflictProblem>(() =>
            DeskAsync("gz.bureau", (d, a) => d.ExtendStepAsync(a, c.Id, Rules.CatalogueUpdateExtension, "again", default)));
        Assert.Equal("extension.once", again.Errors[0].Rule);
        var c2 = await OpenAsync(null, "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "不可延长");
        var other = await Assert.ThrowsAsync<Shuzhi.Platform.Common.ConflictProblem>(() =>
            DeskAsync("gz.bureau", (d, a) => d.ExtendStepAsync(a, c2.Id, Rules.CatalogueUpdateExtension, "x", default)));
        Assert.Equal("extension.not-allowed", other.Errors[0].Rule);
    }

    [Fact]
    public async Task A_step_without_statutory_period_shows_no_limit_and_a_configured_service_target_as_a_target()
    {
        var none = await OpenAsync("gy.rs.commissioner", "520000-DSJ", Rules.SharingNegotiation, [Role.BureauStaff], "异议协商：无期限");
        var bureau = await server.As("gz.bureau");
        var item = (await InboxItem(bureau, none.Id))!.Value;
        Assert.Equal("none", item.GetProperty("basis").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("due").ValueKind);
        Assert.Equal("无法定期限 / no statutory limit", item.GetProperty("dueText").GetString());
        Assert.Contains("无法定期限", await bureau.GetStringAsync("/cases"));
        Assert.Equal("贵州省政务数据资源管理办法 第二十三条（二）", item.GetProperty("citation").GetString());

        // Bad targets are refused, naming the rule; only the provincial bureau sets them.
        Assert.True(Names(await Problem(await bureau.PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "GZ-23-2-REPLY", length = 3, unit = "WorkingDays" }), HttpStatusCode.UnprocessableEntity), "ruleId", "statutory-period"));
        Assert.True(Names(await Problem(await bureau.PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "NO-SUCH", length = 3, unit = "WorkingDays" }), HttpStatusCode.UnprocessableEntity), "ruleId", "unknown-rule"));
        Assert.True(Names(await Problem(await bureau.PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "GZ-23-2-NEGOTIATE", length = 0, unit = "Fortnights" }), HttpStatusCode.UnprocessableEntity), "unit", "one-of"));
        await Problem(await (await server.As("gy.bureau")).PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "GZ-23-2-NEGOTIATE", length = 3, unit = "WorkingDays" }), HttpStatusCode.Forbidden);
        await Problem(await (await server.As("gz.ga.head")).GetAsync("/api/v1/supervision/service-targets"), HttpStatusCode.Forbidden);

        var set = await bureau.PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "GZ-23-2-NEGOTIATE", length = 3, unit = "WorkingDays" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        try
        {
            var listed = (await bureau.GetFromJsonAsync<JsonElement>("/api/v1/supervision/service-targets")).EnumerateArray().Single(t => t.GetProperty("ruleId").GetString() == "GZ-23-2-NEGOTIATE");
            Assert.Equal(3, listed.GetProperty("length").GetInt32());
            var targeted = await OpenAsync("gy.rs.commissioner", "520000-DSJ", Rules.SharingNegotiation, [Role.BureauStaff], "异议协商：服务目标");
            var t = (await InboxItem(bureau, targeted.Id))!.Value;
            Assert.Equal("service-target", t.GetProperty("basis").GetString());
            Assert.Equal("2026-10-10", t.GetProperty("lastDay").GetString()); // 3 working days: 10-08, 10-09, Saturday 10-10 (adjusted)
            var stepId = t.GetProperty("stepId").GetGuid();

            // Past the target: flagged as missed, still running, not escalated, listed apart from breaches.
            try
            {
                server.Clock.Set(DateTimeOffset.Parse("2026-10-20T10:00:00+08:00"));
                await server.WithServices(sp => sp.GetRequiredService<DetectOverdue>().Handle(Actor.System, default));
                var fresh = await Fresh("gz.bureau");
                var board = await fresh.GetFromJsonAsync<JsonElement>("/api/v1/supervision/board");
                Assert.DoesNotContain(board.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("stepId").GetGuid() == stepId);
                Assert.Contains(board.GetProperty("targetsMissed").EnumerateArray(), b => b.GetProperty("stepId").GetGuid() == stepId);
                var after = (await InboxItem(fresh, targeted.Id))!.Value;
                Assert.Equal("running", after.GetProperty("stepState").GetString());
                Assert.True(after.GetProperty("targetMissed").GetBoolean());
                Assert.Equal(0, await server.WithServices(async sp => await sp.GetRequiredService<ShuzhiDb>().Set<OverdueNotice>().CountAsync(n => n.StepId == stepId)));
            }
            finally
            {
                server.Clock.Set(ServerFixture.DemoNow);
            }
        }
        finally
        {
            await bureau.PutAsJsonAsync("/api/v1/supervision/service-targets", new { ruleId = "GZ-23-2-NEGOTIATE", length = (int?)null, unit = (string?)null });
        }
    }

    [Fact]
    public async Task Comments_and_attachments_go_on_the_timeline_with_an_SM3_digest_for_those_who_see_the_case()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：附件测试");
        var ga = await server.As("gz.ga.commissioner");
        Assert.Equal(HttpStatusCode.Created, (await ga.PostAsJsonAsync($"/api/v1/cases/{c.Id}/comments", new { text = "请补充字段清单" })).StatusCode);

        var bytes = System.Text.Encoding.UTF8.GetBytes("字段清单：姓名、公民身份号码\n");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "字段清单.txt");
        form.Add(new StringContent("补充材料"), "comment");
        var up = await (await server.As("gz.sc.commissioner")).PostAsync($"/api/v1/cases/{c.Id}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
        var a = await up.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Sm3.HashHex(bytes), a.GetProperty("sm3").GetString());

        var detail = await ga.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}");
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "comment" && t.GetProperty("text").GetString() == "请补充字段清单");
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "attachment");
        var listed = detail.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("字段清单.txt", listed.GetProperty("fileName").GetString());
        Assert.Equal(bytes.Length, listed.GetProperty("size").GetInt64());

        var download = await ga.GetAsync($"/api/v1/cases/{c.Id}/attachments/{listed.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Sm3.HashHex(bytes), download.Headers.GetValues("X-Content-SM3").Single());
        var other = await server.As("gy.ga.commissioner");
        await Problem(await other.GetAsync($"/api/v1/cases/{c.Id}/attachments/{listed.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound);
        await Problem(await other.PostAsJsonAsync($"/api/v1/cases/{c.Id}/comments", new { text = "看不到的案件" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_gets_problems_naming_field_and_rule_and_writes_nothing()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：错误输入");
        var client = await server.As("gz.ga.commissioner");
        Assert.True(Names(await Problem(await client.PostAsJsonAsync($"/api/v1/cases/{c.Id}/comments", new { text = "  " }), HttpStatusCode.UnprocessableEntity), "text", "required"));
        await Problem(await client.PostAsync($"/api/v1/cases/{c.Id}/comments", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync("/api/v1/cases?mine=perhaps"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync($"/api/v1/cases/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        using (var empty = new MultipartFormDataContent { { new StringContent("x"), "comment" } })
            Assert.True(Names(await Problem(await client.PostAsync($"/api/v1/cases/{c.Id}/attachments", empty), HttpStatusCode.UnprocessableEntity), "file", "required"));
        await Problem(await client.PostAsJsonAsync($"/api/v1/cases/{c.Id}/attachments", new { file = "x" }), HttpStatusCode.BadRequest);
        using (var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[Attachment.MaxBytes + 1]), "file", "big.bin" } })
            Assert.True(Names(await Problem(await client.PostAsync($"/api/v1/cases/{c.Id}/attachments", big), HttpStatusCode.RequestEntityTooLarge), "file", "max-size"));

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}");
        Assert.Empty(detail.GetProperty("attachments").EnumerateArray());
        Assert.DoesNotContain(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "comment");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task A_provisional_due_is_recomputed_when_the_next_year_is_loaded()
    {
        // Received Mon 2026-12-28; 2027 has no notice yet (weekends only): 12-29, 30, 31, 01-01, 01-04 → provisional.
        var c = await OpenAsync(null, "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "跨年期限",
            DateTimeOffset.Parse("2026-12-28T10:00:00+08:00"));
        var ga = await server.As("gz.ga.commissioner");
        var before = (await InboxItem(ga, c.Id))!.Value;
        Assert.True(before.GetProperty("provisional").GetBoolean());
        Assert.Equal("2027-01-04", before.GetProperty("lastDay").GetString());

        var admin = await server.As("admin");
        var load = await admin.PostAsJsonAsync("/api/v1/time/calendar/years", new
        {
            year = 2027, off = new[] { "2027-01-01" }, work = Array.Empty<string>(), noticeReference = "测试：2027 年元旦",
        });
        Assert.Equal(HttpStatusCode.Created, load.StatusCode);
        var after = (await InboxItem(ga, c.Id))!.Value;
        Assert.False(after.GetProperty("provisional").GetBoolean());
        Assert.Equal("2027-01-05", after.GetProperty("lastDay").GetString());
        var detail = await ga.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.Id}");
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "recomputed");
    }

    [Fact]
    public async Task A_county_bureau_asking_for_a_detection_run_does_not_escalate_in_its_own_name()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：县级触发督办");
        try
        {
            server.Clock.Set(DateTimeOffset.Parse("2026-10-14T00:00:01+08:00"));
            var county = await Fresh("nm.bureau");
            var run = await county.PostAsync("/api/v1/supervision/detect-overdue", null);
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);

            // The escalation of a provincial department is the platform's act (its clock ran out), not the county bureau's.
            var admin = await Fresh("admin");
            var escalations = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?subject=case:{c.Number}&action=supervision.overdue.escalate"))
                .GetProperty("items").EnumerateArray().ToList();
            var escalation = Assert.Single(escalations);
            Assert.Equal("system", escalation.GetProperty("actor").GetString());
            // Who asked for the run is on record, once.
            var asked = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=supervision.overdue.run&limit=1")).GetProperty("items")[0];
            Assert.Equal("nm.bureau", asked.GetProperty("actor").GetString());
            Assert.Equal("南明区大数据发展管理局", asked.GetProperty("organisation").GetString());
            Assert.True(asked.GetProperty("sequence").GetInt64() > escalation.GetProperty("sequence").GetInt64());
            // The notices went to the department as usual.
            Assert.Contains((await (await Fresh("gz.ga.head")).GetFromJsonAsync<JsonElement>("/api/v1/notices")).EnumerateArray(),
                n => n.GetProperty("caseId").GetGuid() == c.Id);
        }
        finally
        {
            server.Clock.Set(ServerFixture.DemoNow);
        }
    }

    [Fact]
    public async Task Demo_cases_fill_the_inboxes_and_the_board()
    {
        var bureau = await server.As("gz.bureau");
        await bureau.PostAsync("/api/v1/supervision/detect-overdue", null);
        var board = await bureau.GetFromJsonAsync<JsonElement>("/api/v1/supervision/board");
        Assert.Contains(board.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("title").GetString()!.Contains("人口基础信息")
            && b.GetProperty("department").GetString() == "贵州省公安厅" && b.GetProperty("lastDay").GetString() == "2026-09-17");
        Assert.Contains((await (await server.As("gz.ga.deputy")).GetFromJsonAsync<JsonElement>("/api/v1/notices")).EnumerateArray(),
            n => n.GetProperty("title").GetString()!.Contains("人口基础信息"));
        Assert.Contains((await (await server.As("gy.ga.commissioner")).GetFromJsonAsync<JsonElement>("/api/v1/cases?mine=true")).EnumerateArray(),
            i => i.GetProperty("reason").GetString() == "to-act" && i.GetProperty("title").GetString()!.Contains("户籍迁移")); // running (overdue if another test moved the clock past 10-13)
        Assert.Contains((await (await server.As("gy.rs.commissioner")).GetFromJsonAsync<JsonElement>("/api/v1/cases?mine=true")).EnumerateArray(),
            i => i.GetProperty("stepState").GetString() == "suspended" && i.GetProperty("reason").GetString() == "applicant");
    }

    [Fact]
    public async Task Web_pages_show_the_inbox_the_case_the_notices_and_the_board()
    {
        var c = await OpenAsync("gz.sc.commissioner", "520000-GA", Rules.SharingProviderReply, [Role.DataCommissioner], "共享申请：页面测试");
        var ga = await server.As("gz.ga.commissioner");
        var inbox = await ga.GetStringAsync("/cases");
        Assert.Contains(c.Number, inbox);
        Assert.Contains("2026-10-13 24:00", inbox);
        Assert.Contains(ProviderReplyCitation, inbox);
        Assert.Contains("计时中", inbox);
        Assert.Contains("data-test=\"inbox-count\"", await ga.GetStringAsync("/"));

        // The comment form posts with its antiforgery token and lands on the timeline.
        var page = await ga.GetStringAsync($"/cases/{c.Id}");
        Assert.Contains("第二十三条（二）", page);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var post = await ga.PostAsync($"/cases/{c.Id}?handler=Comment", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "网页填写的意见", ["__RequestVerificationToken"] = token,
        }));
        Assert.True(post.IsSuccessStatusCode, post.StatusCode.ToString());
        Assert.Contains("网页填写的意见", await ga.GetStringAsync($"/cases/{c.Id}"));

        var board = await (await server.As("gz.bureau")).GetStringAsync("/supervision");
        Assert.Contains("超期督办看板", board);
        Assert.Contains("GZ-23-2-NEGOTIATE", board); // service targets table
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gz.ga.head")).GetAsync("/supervision")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await server.As("gz.ga.head")).GetAsync("/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gy.ga.commissioner")).GetAsync($"/cases/{c.Id}")).StatusCode);
        // Detection also runs in the background (every Shuzhi:Jobs:OverdueIntervalSeconds, and at start-up).
        Assert.Single(server.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Shuzhi.Server.Jobs.OverdueJob>());
    }

    [Fact]
    public async Task The_cli_lists_the_inbox_and_the_board_over_the_same_handlers()
    {
        async Task<(int Code, string Out, string Err)> Run(params string[] args)
        {
            var config = new Dictionary<string, string?>(server.Settings) { ["DOTNET_ENVIRONMENT"] = "Development", ["SHUZHI_PASSWORD"] = DemoDirectory.Password };
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await Shuzhi.Cli.ShuzhiCli.RunAsync(args, stdout, stderr, config);
            return (code, stdout.ToString(), stderr.ToString());
        }
        await (await server.As("gz.bureau")).PostAsync("/api/v1/supervision/detect-overdue", null);

        var (code, output, err) = await Run("supervision", "board", "--user", "gz.bureau");
        Assert.True(code == 0, err);
        Assert.Contains(output.Split('\n'), l => l.Contains("贵州省公安厅") && l.Contains("2026-09-17 24:00") && l.Contains("第二十三条（二）"));

        (code, output, err) = await Run("cases", "list", "--user", "gy.rs.commissioner");
        Assert.True(code == 0, err);
        Assert.Contains(output.Split('\n'), l => l.Contains("suspended") && l.Contains("不动产登记信息"));

        (code, _, err) = await Run("supervision", "board", "--user", "gz.ga.head");
        Assert.Equal(2, code);
        Assert.Contains("supervise", err);
    }
}

public sealed class CasesApiTests_Sqlite(SqliteServer s) : CasesApiTests<SqliteServer>(s);
public sealed class CasesApiTests_Postgres(PostgresServer s) : CasesApiTests<PostgresServer>(s);
