using System.Net;
using System.Text.RegularExpressions;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Sharing.SharingTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>
/// The sharing pages (issue 4 item 9) as people use them: signed in through the login form, forms posted with their
/// antiforgery token, assertions on the HTML a person reads — over the same handlers as the API.
/// </summary>
public abstract partial class SharingPagesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<HttpClient> SignIn(string user) => WebSignIn.SignInAsync(server, user);

    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The element marked data-test="<paramref name="test"/>" up to the end of its table row or section ("" when there is none).</summary>
    private static string Part(string html, string test, string end = "</tr>")
    {
        var at = html.IndexOf($"data-test=\"{test}\"", StringComparison.Ordinal);
        return at < 0 ? "" : html[at..html.IndexOf(end, at, StringComparison.Ordinal)];
    }

    private static async Task<(HttpResponseMessage Response, string Html)> Post(HttpClient c, string url, string page, Dictionary<string, string> fields,
        params (string Name, string Value)[] repeated)
    {
        var pairs = fields.Select(kv => kv).ToList();
        pairs.AddRange(repeated.Select(r => new KeyValuePair<string, string>(r.Name, r.Value)));
        pairs.Add(new("__RequestVerificationToken", WebSignIn.Token(page)));
        var r = await c.PostAsync(url, new FormUrlEncodedContent(pairs));
        return (r, Decode(await r.Content.ReadAsStringAsync()));
    }

    private static async Task<string> Get(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        var html = Decode(await r.Content.ReadAsStringAsync());
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url}: {(int)r.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    [GeneratedRegex("/sharing/applications/([0-9a-f-]{36})$")]
    private static partial Regex ApplicationUrl();

    [Fact]
    public async Task A_consumer_applies_through_the_form_the_bureau_passes_the_provider_agrees_and_the_grant_and_its_use_show()
    {
        var code = await ConditionalEntryAsync(server, 20);
        var consumer = await SignIn(Consumer);

        // Discovery: the entry is found, to be applied for.
        var found = await Get(consumer, $"/sharing?q={code}&shareType=Conditional");
        var row = Part(found, $"resource-{code}");
        Assert.Contains("需申请", row);
        Assert.Contains($"href=\"/sharing/apply/{code}\"", row);

        // The form offers the catalogue's fields; without a last day of use it comes back with the error beside that field.
        var form = await Get(consumer, $"/sharing/apply/{code}");
        Assert.Contains("<input type=\"checkbox\" name=\"fields\" value=\"姓名\"", form);
        Assert.Contains("登记日期__gte=2026-01-01&区划=520102", form);
        var terms = new Dictionary<string, string>
        {
            ["purpose"] = "企业登记中核验法定代表人身份", ["legalBasis"] = "《市场主体登记管理条例》第十七条", ["rowFilter"] = "", ["validFrom"] = "",
            ["validUntil"] = "", ["delivery"] = "api",
        };
        var fields = new[] { ("fields", "居民身份证号码"), ("fields", "姓名"), ("fields", "登记日期") };
        var (missing, missingHtml) = await Post(consumer, $"/sharing/apply/{code}", form, terms, fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Contains("give the last day of use", Part(missingHtml, "error-validUntil", "</code>"));
        Assert.Contains("企业登记中核验法定代表人身份</textarea>", missingHtml); // what was typed stays
        Assert.Contains("value=\"姓名\" checked=\"checked\"", missingHtml);
        Assert.Empty(Part(missingHtml, "error-purpose"));

        terms["validUntil"] = "2027-06-30";
        var (applied, appliedHtml) = await Post(consumer, $"/sharing/apply/{code}", missingHtml, terms, fields);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var id = ApplicationUrl().Match(applied.RequestMessage!.RequestUri!.AbsolutePath).Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains("申请已提交", appliedHtml);
        Assert.Contains("规范性审核中", Part(appliedHtml, "state", "</span>"));
        Assert.Contains("贵州省政务数据资源管理办法 第二十三条（一）", appliedHtml);
        Assert.Contains("data-test=\"form-withdraw\"", appliedHtml);
        Assert.DoesNotContain("data-test=\"form-review\"", appliedHtml);
        var number = Regex.Match(appliedHtml, "data-test=\"number\">([^<]+)<").Groups[1].Value;
        Assert.Contains(number, Part(await Get(consumer, "/sharing/applications?tab=consumer"), $"application-{number}"));

        // The bureau reviews it from its tab and passes it: now with the provider, 5 working days, with the citation.
        var bureau = await SignIn(Bureau);
        Assert.Contains("规范性审核中", Part(await Get(bureau, "/sharing/applications?tab=bureau"), $"application-{number}"));
        var toReview = await Get(bureau, $"/sharing/applications/{id}");
        Assert.Contains("data-test=\"form-review\"", toReview);
        Assert.DoesNotContain("data-test=\"form-withdraw\"", toReview);
        var (passed, passedHtml) = await Post(bureau, $"/sharing/applications/{id}?handler=Review", toReview, new() { ["decision"] = "pass", ["reasons"] = "材料齐全" });
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        Assert.Contains("待提供部门答复", Part(passedHtml, "state", "</span>"));
        Assert.Contains("贵州省政务数据资源管理办法 第二十三条（二）", passedHtml);
        Assert.Contains("材料齐全", Part(passedHtml, "answer-review", "</td>"));
        Assert.DoesNotContain("data-test=\"form-review\"", passedHtml);

        // The provider agrees, narrowing the fields: the application is granted, with a link to the grant.
        var provider = await SignIn(Provider);
        Assert.Contains(number, await Get(provider, "/sharing/applications?tab=provider"));
        var toReply = await Get(provider, $"/sharing/applications/{id}");
        Assert.Contains("data-test=\"form-agree\"", toReply);
        Assert.Contains("data-test=\"form-refuse\"", toReply);
        var (agreed, agreedHtml) = await Post(provider, $"/sharing/applications/{id}?handler=Reply", toReply,
            new() { ["decision"] = "agree", ["reasons"] = "同意共享", ["rowFilter"] = "", ["validUntil"] = "2027-06-30" },
            ("fields", "居民身份证号码"), ("fields", "登记日期"));
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        Assert.Contains("已授权", Part(agreedHtml, "state", "</span>"));
        Assert.Contains("data-test=\"grant-link\"", agreedHtml);

        // The consumer sees the grant, active, with the narrowed fields; no revoke form (that is the provider's).
        var grants = await Get(consumer, "/sharing/grants");
        var grant = Part(grants, $"grant-{code}", "</section>");
        Assert.Contains("有效", Part(grant, "status", "</span>"));
        Assert.Contains("居民身份证号码、登记日期", grant);
        Assert.DoesNotContain("姓名", Part(grant, "fields", "</td>"));
        Assert.DoesNotContain("form-revoke", grant);
        Assert.DoesNotContain("form-feedback", grant); // nothing delivered yet
        Assert.Contains("尚未交付", grant);
        Assert.Contains("form-revoke", Part(await Get(provider, "/sharing/grants"), $"grant-{code}", "</section>"));

        // A read under the grant is on the usage page, for the consumer and for the provider.
        var api = await server.As(Consumer);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/datasets/{code}/rows?limit=5")).StatusCode);
        foreach (var who in new[] { consumer, provider })
        {
            var usage = await Get(who, $"/sharing/usage?entry={code}");
            var read = Part(usage, "usage-dataset.rows");
            Assert.Contains("读取", read);
            Assert.Contains("贵州省市场监督管理局", read);
            Assert.Contains("limit=5", read);
        }

        // Delivered: the consumer reports on its use through the form, once.
        grants = await Get(consumer, "/sharing/grants");
        Assert.Contains("form-feedback", Part(grants, $"grant-{code}", "</section>"));
        var grantId = Regex.Match(Part(grants, $"grant-{code}", "</section>"), "name=\"id\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var (reported, reportedHtml) = await Post(consumer, "/sharing/grants?handler=Feedback", grants, new()
        {
            ["id"] = grantId, ["qualityRating"] = "4", ["quality"] = "数据准确", ["usage"] = "用于登记核验", ["results"] = "核验时间缩短",
        });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        var after = Part(reportedHtml, $"grant-{code}", "</section>");
        Assert.Contains("已反馈", after);
        Assert.DoesNotContain("form-feedback", after);
    }

    [Fact]
    public async Task Return_resubmit_refusal_objection_negotiation_and_the_governments_decision_all_through_the_forms()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var app = await ApplyAsync(server, Application(code, ["姓名", "登记日期"], null, new DateOnly(2027, 3, 31)));
        var url = $"/sharing/applications/{app.GetProperty("id").GetString()}";
        var (consumer, bureau, provider, government) = (await SignIn(Consumer), await SignIn(Bureau), await SignIn(Provider), await SignIn(Government));

        async Task<string> Act(HttpClient who, string handler, Dictionary<string, string> fields, params (string, string)[] repeated)
        {
            var (r, html) = await Post(who, $"{url}?handler={handler}", await Get(who, url), fields, repeated);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{handler}: {(int)r.StatusCode} {html}");
            return html;
        }

        // Returned without reasons is an error beside the reasons; with them the applicant gets the resubmit form, prefilled.
        var (bare, bareHtml) = await Post(bureau, $"{url}?handler=Review", await Get(bureau, url), new() { ["decision"] = "return" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare.StatusCode);
        Assert.NotEmpty(Part(bareHtml, "error-reasons", "</code>"));
        await Act(bureau, "Review", new() { ["decision"] = "return", ["reasons"] = "请写明使用依据的具体条款" });
        var returned = await Get(consumer, url);
        Assert.Contains("已退回补正", Part(returned, "state", "</span>"));
        Assert.Contains("《市场主体登记管理条例》第十七条</textarea>", Part(returned, "form-resubmit", "</form>"));
        var resubmitted = await Act(consumer, "Resubmit", new()
        {
            ["purpose"] = "企业登记中核验法定代表人身份", ["legalBasis"] = "《市场主体登记管理条例》第十七条第二款", ["rowFilter"] = "",
            ["validFrom"] = "", ["validUntil"] = "2027-03-31", ["delivery"] = "file",
        }, ("fields", "姓名"));
        Assert.Contains("规范性审核中", Part(resubmitted, "state", "</span>"));
        Assert.Contains("第十七条第二款", Part(resubmitted, "legal-basis", "</td>"));
        Assert.Equal("姓名", Regex.Match(resubmitted, "data-test=\"fields\">([^<]*)<").Groups[1].Value);

        // Passed, refused with a basis; the applicant objects; the bureau records an unresolved negotiation (no statutory limit).
        await Act(bureau, "Review", new() { ["decision"] = "pass" });
        await Act(provider, "Reply", new() { ["decision"] = "refuse", ["reasons"] = "《居民身份证法》第十九条：仅限法定用途" });
        var refused = await Get(consumer, url);
        Assert.Contains("data-test=\"form-object\"", refused);
        Assert.Contains("data-test=\"form-accept\"", refused);
        await Act(consumer, "Object", new() { ["reasons"] = "登记核验属于法定用途" });
        var negotiating = await Get(bureau, url);
        Assert.Contains("协商中", Part(negotiating, "state", "</span>"));
        Assert.Contains("data-test=\"no-limit\"", negotiating);
        await Act(bureau, "Negotiate", new() { ["decision"] = "unresolved", ["reasons"] = "双方各执己见" });

        // The government decides to share: carried out as a grant, file delivery, with a sealed-extract link for the consumer.
        Assert.Contains("已报请政府决定", Part(await Get(government, "/sharing/applications?tab=government"), $"application-{app.GetProperty("number").GetString()}"));
        var decided = await Act(government, "Decide", new() { ["decision"] = "share", ["reasons"] = "属于履职必需，予以共享" });
        Assert.Contains("已授权", Part(decided, "state", "</span>"));
        Assert.Contains("属于履职必需", Part(decided, "answer-decision", "</td>"));
        var grant = Part(await Get(consumer, "/sharing/grants"), $"grant-{code}", "</section>");
        Assert.Contains($"href=\"/api/v1/sharing/extracts/{code}?format=csv\"", grant);
    }

    [Fact]
    public async Task Without_the_policy_a_user_gets_no_action_forms_and_a_direct_POST_is_refused()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var app = await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 3, 31)));
        var id = app.GetProperty("id").GetString();

        // Department staff of the consumer see the application, but no form.
        var staff = await SignIn("gz.sc.staff");
        var page = await Get(staff, $"/sharing/applications/{id}");
        Assert.Contains("规范性审核中", page);
        Assert.DoesNotContain("data-test=\"form-", page);
        // A direct POST (with a valid antiforgery token, from the case page's comment form) is refused by the handler.
        var withToken = await Get(staff, $"/cases/{app.GetProperty("caseId").GetString()}");
        var (withdraw, withdrawHtml) = await Post(staff, $"/sharing/applications/{id}?handler=Withdraw", withToken, []);
        Assert.Equal(HttpStatusCode.Forbidden, withdraw.StatusCode);
        Assert.Contains("data-test=\"problem\"", withdrawHtml);
        // Nor may the consumer's commissioner review its own application.
        var consumer = await SignIn(Consumer);
        var own = await Get(consumer, $"/sharing/applications/{id}");
        Assert.DoesNotContain("data-test=\"form-review\"", own);
        var (review, reviewHtml) = await Post(consumer, $"/sharing/applications/{id}?handler=Review", own, new() { ["decision"] = "pass" });
        Assert.True(review.StatusCode == HttpStatusCode.Forbidden, reviewHtml);
        // … and the tabs are only those of its policies.
        var tabs = await Get(consumer, "/sharing/applications");
        Assert.Contains("data-test=\"tab-consumer\"", tabs);
        Assert.DoesNotContain("data-test=\"tab-bureau\"", tabs);
        Assert.DoesNotContain("data-test=\"tab-government\"", tabs);
        // The application is untouched; staff cannot open the application form at all.
        Assert.Equal("conformityreview", (await Json(await (await server.As(Bureau)).GetAsync($"/api/v1/sharing/applications/{id}"))).GetProperty("state").GetString());
        var form = await staff.GetAsync($"/sharing/apply/{code}");
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
    }

    [Fact]
    public async Task A_consumer_files_a_demand_on_the_list_and_the_bureau_closes_it()
    {
        var consumer = await SignIn(Consumer);
        var list = await Get(consumer, "/sharing/demands");
        var (blank, blankHtml) = await Post(consumer, "/sharing/demands?handler=File", list, new() { ["description"] = " ", ["providerCode"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.NotEmpty(Part(blankHtml, "error-description", "</code>"));

        var need = "企业年报数据" + Guid.NewGuid().ToString("N")[..6];
        var (filed, filedHtml) = await Post(consumer, "/sharing/demands?handler=File", blankHtml, new() { ["description"] = need, ["providerCode"] = "520000-GA" });
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Contains("需求已列入供需对接清单", filedHtml);
        var lineAt = filedHtml.IndexOf(need, StringComparison.Ordinal);
        Assert.True(lineAt > 0);
        var lineId = Regex.Matches(filedHtml[..lineAt], "id=\"line-([0-9a-f-]{36})\"")[^1].Groups[1].Value;
        Assert.DoesNotContain("form-resolve", filedHtml); // a department does not resolve lines

        var bureau = await SignIn(Bureau);
        var open = await Get(bureau, "/sharing/demands");
        Assert.Contains(need, open);
        Assert.DoesNotContain("form-demand", open); // the bureau does not file demands
        var (closed, closedHtml) = await Post(bureau, "/sharing/demands?handler=Resolve", open,
            new() { ["id"] = lineId, ["outcome"] = "closed", ["resolution"] = "已由省公安厅纳入下一年度编目计划" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.DoesNotContain(need, closedHtml); // open lines only
        var all = await Get(consumer, "/sharing/demands?all=true");
        var line = all[all.IndexOf($"id=\"line-{lineId}\"", StringComparison.Ordinal)..];
        line = line[..line.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("已关闭", line);
        Assert.Contains("已由省公安厅纳入下一年度编目计划", line);
    }

    [Fact]
    public async Task Every_sharing_page_renders_in_Chinese_and_English_with_every_string_found()
    {
        var code = await ConditionalEntryAsync(server, 3);
        var app = await ApplyAsync(server, Application(code, ["姓名"], null, new DateOnly(2027, 3, 31)));
        var id = app.GetProperty("id").GetString();
        foreach (var (user, url, text) in new[]
        {
            (Consumer, "/", "数据共享"),
            (Consumer, "/sharing", "发现数据"),
            (Consumer, "/sharing?culture=en", "Find data"),
            (Consumer, $"/sharing/applications/{id}?culture=en", "In conformity review"),
            (Bureau, $"/sharing/applications/{id}", "规范性审核"),
            (Bureau, "/sharing/applications?tab=bureau&culture=en", "Review and negotiation"),
            (Government, "/sharing/applications", "待政府决定"),
            (Provider, "/sharing/grants?culture=zh-CN", "共享授权"),
            (Provider, $"/sharing/usage?entry={code}", "使用记录"),
            (Bureau, "/sharing/demands?culture=en", "Supply–demand list"),
        })
        {
            var body = await Get(await SignIn(user), url);
            Assert.Contains(text, body);
            Assert.DoesNotContain("Sharing.", body); // every key found in the resources
        }
        var apply = await (await SignIn(Consumer)).GetAsync($"/sharing/apply/{code}?culture=en");
        Assert.Contains("Last day of use", Decode(await apply.Content.ReadAsStringAsync()));
    }
}

public sealed class SharingPagesTests_Sqlite(SqliteServer s) : SharingPagesTests<SqliteServer>(s);
public sealed class SharingPagesTests_Postgres(PostgresServer s) : SharingPagesTests<PostgresServer>(s);
