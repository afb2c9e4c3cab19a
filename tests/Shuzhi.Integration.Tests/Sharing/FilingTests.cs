using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Sharing;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>Filings of the sharing regime (docs/sharing-filings.md): commissioners (贵州 art.39), basis and re-assessment (art.20), delegation (art.44).</summary>
public abstract class FilingTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Consumer = "gy.rs.commissioner"; // 贵阳市人社局: another department, no grant

    private static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>The problem's errors as "field/rule".</summary>
    private static async Task<List<string>> Problem(HttpResponseMessage r, HttpStatusCode expected)
    {
        var p = await Json(r, expected);
        return p.GetProperty("errors").EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}/{e.GetProperty("rule").GetString()}").ToList();
    }

    private async Task<string> ConditionalEntryWithData()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("有条件共享人员" + Guid.NewGuid().ToString("N")[..6], "Conditional"));
        var load = await LoadAsync(await server.As(Provider), code, CleanCsv(1, 5));
        Assert.Equal("Published", load.GetProperty("version").GetProperty("state").GetString());
        return code;
    }

    /// <summary>A client with a token issued now (the fixture caches tokens, which expire when a test moves the clock).</summary>
    private async Task<HttpClient> FreshClient(string username)
    {
        var anon = server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoDirectory.Password });
        var token = (await Json(r)).GetProperty("accessToken").GetString();
        anon.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return anon;
    }

    private static readonly object NoDelegation = new { division = "bad" };

    [Fact]
    public async Task An_appointed_commissioner_acts_as_one_the_bureau_sees_the_filing_and_ending_it_takes_the_role_away()
    {
        var deputy = await server.As("gz.ga.deputy"); // 分管负责人 only: not a commissioner
        // A commissioner-only endpoint (sharing-provide): refused before the policy, answered by validation after.
        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PostAsJsonAsync("/api/v1/sharing/delegations", NoDelegation)).StatusCode);

        var head = await server.As("gz.ga.head");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gz.ga.staff")).PostAsJsonAsync("/api/v1/sharing/commissioners", new { username = "gz.ga.deputy" })).StatusCode);
        Assert.Contains("username/department-user",
            await Problem(await (await server.As("gy.ga.head")).PostAsJsonAsync("/api/v1/sharing/commissioners", new { username = "gz.ga.deputy" }), HttpStatusCode.UnprocessableEntity));
        var appointed = await Json(await head.PostAsJsonAsync("/api/v1/sharing/commissioners", new { username = "gz.ga.deputy", note = "分管数据工作" }), HttpStatusCode.Created);
        Assert.Equal("贵州省大数据发展管理局", appointed.GetProperty("bureau").GetString());
        Assert.Equal("gz.ga.head", appointed.GetProperty("appointedBy").GetString());
        Assert.Equal(ServerFixture.DemoNow, appointed.GetProperty("appointedAt").GetDateTimeOffset());
        Assert.Contains("state/already-appointed",
            await Problem(await head.PostAsJsonAsync("/api/v1/sharing/commissioners", new { username = "gz.ga.deputy" }), HttpStatusCode.Conflict));

        // Same token, next request: the new role holds.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await deputy.PostAsJsonAsync("/api/v1/sharing/delegations", NoDelegation)).StatusCode);

        var bureau = await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/commissioners?active=true"));
        Assert.Contains(bureau.EnumerateArray(), a => a.GetProperty("username").GetString() == "gz.ga.deputy" && a.GetProperty("organisation").GetString() == "520000-GA");
        var city = await Json(await (await server.As("gy.bureau")).GetAsync("/api/v1/sharing/commissioners"));
        Assert.DoesNotContain(city.EnumerateArray(), a => a.GetProperty("organisation").GetString() == "520000-GA");
        Assert.Contains(city.EnumerateArray(), a => a.GetProperty("organisation").GetString() == "520100-GA"); // demo commissioners are on file
        var own = await Json(await (await server.As("gz.sc.head")).GetAsync("/api/v1/sharing/commissioners"));
        Assert.All(own.EnumerateArray(), a => Assert.Equal("520000-SC", a.GetProperty("organisation").GetString()));

        Assert.Contains("reason/required",
            await Problem(await head.PostAsJsonAsync("/api/v1/sharing/commissioners/end", new { username = "gz.ga.deputy" }), HttpStatusCode.UnprocessableEntity));
        var ended = await Json(await head.PostAsJsonAsync("/api/v1/sharing/commissioners/end", new { username = "gz.ga.deputy", reason = "岗位调整" }));
        Assert.False(ended.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await deputy.PostAsJsonAsync("/api/v1/sharing/delegations", NoDelegation)).StatusCode);
        var roles = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<User>().Where(u => u.Username == "gz.ga.deputy").Select(u => u.Roles).FirstAsync());
        Assert.Equal("DepartmentDeputy", roles);

        // The platform administrator appoints in any department; the audit log has every act.
        await Json(await (await server.As("admin")).PostAsJsonAsync("/api/v1/sharing/commissioners", new { username = "gy.rs.staff" }), HttpStatusCode.Created);
        var actions = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<Shuzhi.Platform.Audit.AuditRecord>()
            .Where(a => a.Action.StartsWith("sharing.commissioner.")).Select(a => a.Action + " " + a.Subject + " " + a.Actor).ToListAsync());
        Assert.Contains("sharing.commissioner.appoint user:gz.ga.deputy gz.ga.head", actions);
        Assert.Contains("sharing.commissioner.end user:gz.ga.deputy gz.ga.head", actions);
        Assert.Contains("sharing.commissioner.appoint user:gy.rs.staff admin", actions);
    }

    [Fact]
    public async Task A_published_conditional_entry_has_its_basis_on_file_and_withdrawing_it_on_reassessment_makes_the_data_unconditional()
    {
        var code = await ConditionalEntryWithData();
        var provider = await server.As(Provider);
        var filings = await Json(await provider.GetAsync($"/api/v1/sharing/basis-filings?entry={code}"));
        var filing = Assert.Single(filings.EnumerateArray());
        Assert.Equal("InForce", filing.GetProperty("state").GetString());
        Assert.Equal("《中华人民共和国居民身份证法》第十九条", filing.GetProperty("basis").GetString());
        Assert.Equal("2027-09-30", filing.GetProperty("reassessmentDue").GetString());
        Assert.Single((await Json(await (await server.As(Bureau)).GetAsync($"/api/v1/sharing/basis-filings?entry={code}&state=InForce"))).EnumerateArray());

        var consumer = await server.As(Consumer);
        var refused = await consumer.GetAsync($"/api/v1/datasets/{code}/rows");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("art.23", await refused.Content.ReadAsStringAsync());

        // The bureau starts a re-assessment at once; a second one for the same entry is refused.
        var bureau = await server.As(Bureau);
        var r = await Json(await bureau.PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code }), HttpStatusCode.Created);
        Assert.Contains("entry/one-open-reassessment", await Problem(await bureau.PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code }), HttpStatusCode.Conflict));
        var other = await (await server.As("zy.bureau")).PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code });
        Assert.True(other.StatusCode == HttpStatusCode.Forbidden, await other.Content.ReadAsStringAsync());
        var id = r.GetProperty("id").GetGuid();
        var caseNumber = r.GetProperty("caseNumber").GetString();
        // The provider's commissioner has it in the inbox, without a statutory limit (art.20 sets none).
        var inbox = await Json(await provider.GetAsync("/api/v1/cases?mine=true"));
        var item = Assert.Single(inbox.EnumerateArray(), i => i.GetProperty("number").GetString() == caseNumber);
        Assert.Equal("reassess", item.GetProperty("stepType").GetString());
        Assert.Equal("GZ-20-REASSESS", item.GetProperty("ruleId").GetString());

        // Another department may not even learn of it; the bureau sees it but does not answer.
        Assert.Equal(HttpStatusCode.NotFound, (await consumer.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "unconditional" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bureau.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "unconditional" })).StatusCode);
        Assert.Contains("outcome/enum", await Problem(await provider.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "maybe" }), HttpStatusCode.UnprocessableEntity));
        var answered = await Json(await provider.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "unconditional", reason = "已无特定条件要求" }));
        Assert.Equal("Unconditional", answered.GetProperty("state").GetString());
        var catalogueCase = answered.GetProperty("catalogueCaseNumber").GetString();
        Assert.False(string.IsNullOrEmpty(catalogueCase));
        Assert.Contains("state/already-answered", await Problem(await provider.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "unconditional" }), HttpStatusCode.Conflict));

        // From this moment the same department reads the rows — masked.
        var page = await Json(await consumer.GetAsync($"/api/v1/datasets/{code}/rows"));
        var first = page.GetProperty("rows")[0];
        Assert.Equal(Id(1)[..6] + "********" + Id(1)[^4..], first.GetProperty("居民身份证号码").GetString());
        Assert.DoesNotContain(Id(1), page.GetRawText());
        Assert.Equal("Withdrawn", (await Json(await provider.GetAsync($"/api/v1/sharing/basis-filings?entry={code}")))[0].GetProperty("state").GetString());

        // …and an art.9 catalogue update is open for the department, with its statutory clock.
        var changes = await Json(await provider.GetAsync("/api/v1/catalogue/changes"));
        var change = Assert.Single(changes.EnumerateArray(), c => c.GetProperty("caseNumber").GetString() == catalogueCase);
        Assert.Equal("Reassessment", change.GetProperty("kind").GetString());
        Assert.Equal(code, Assert.Single(change.GetProperty("entries").EnumerateArray()).GetString());
        inbox = await Json(await provider.GetAsync("/api/v1/cases?mine=true"));
        var update = Assert.Single(inbox.EnumerateArray(), i => i.GetProperty("number").GetString() == catalogueCase);
        Assert.Equal("GZ-9-UPDATE", update.GetProperty("ruleId").GetString());
        Assert.DoesNotContain(inbox.EnumerateArray(), i => i.GetProperty("number").GetString() == caseNumber); // the re-assessment is closed
    }

    [Fact]
    public async Task Keeping_the_condition_needs_the_basis_and_files_it_again()
    {
        var code = await ConditionalEntryWithData();
        var r = await Json(await (await server.As(Bureau)).PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code }), HttpStatusCode.Created);
        var id = r.GetProperty("id").GetGuid();
        var head = await server.As(ProviderHead);
        Assert.Contains("basis/share-legal-basis", await Problem(await head.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "keep" }), HttpStatusCode.UnprocessableEntity));
        var kept = await Json(await head.PostAsJsonAsync($"/api/v1/sharing/reassessments/{id}/answer", new { outcome = "keep", basis = "《中华人民共和国居民身份证法》第十九条、第二十条" }));
        Assert.Equal("Kept", kept.GetProperty("state").GetString());
        var filings = (await Json(await head.GetAsync($"/api/v1/sharing/basis-filings?entry={code}"))).EnumerateArray().ToList();
        Assert.Equal(["InForce", "Superseded"], filings.Select(f => f.GetProperty("state").GetString()));
        Assert.Equal("《中华人民共和国居民身份证法》第十九条、第二十条", filings[0].GetProperty("basis").GetString());
        Assert.Equal("reassessment", filings[0].GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As(Consumer)).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
        // A new re-assessment may be opened once this one is answered.
        await Json(await (await server.As(Bureau)).PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_job_opens_one_reassessment_per_due_filing_however_often_and_concurrently_it_runs()
    {
        var code = await ConditionalEntryWithData();
        var saved = server.Clock.GetUtcNow();
        try
        {
            var bureau = await server.As(Bureau);
            // Everything was filed at the demo "now": nothing is due for 12 months.
            Assert.Equal(0, (await Json(await bureau.PostAsync("/api/v1/sharing/reassessments/open-due", null))).GetProperty("opened").GetInt32());
            Assert.DoesNotContain((await Json(await bureau.GetAsync("/api/v1/sharing/reassessments?state=Open"))).EnumerateArray(), x => x.GetProperty("entryCode").GetString() == code);

            server.Clock.Set(saved.AddMonths(12)); // the re-assessment date (filed + 12 months)
            bureau = await FreshClient(Bureau);     // the cached token expired with the clock's move
            var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => server.WithServices(sp => sp.GetRequiredService<Reassessments>().OpenDue(Actor.System, default))));
            Assert.True(runs.Sum(x => x.Opened) >= 1);
            var again = await Json(await bureau.PostAsync("/api/v1/sharing/reassessments/open-due", null));
            Assert.Equal(0, again.GetProperty("opened").GetInt32());

            var open = (await Json(await bureau.GetAsync("/api/v1/sharing/reassessments?state=Open"))).EnumerateArray().ToList();
            var mine = Assert.Single(open, x => x.GetProperty("entryCode").GetString() == code);
            Assert.Equal("due", mine.GetProperty("trigger").GetString());
            Assert.Equal(open.Count, open.Select(x => x.GetProperty("entryCode").GetString()).Distinct().Count());
            var cases = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<Shuzhi.Platform.Cases.Case>()
                .CountAsync(c => c.CaseType == Reassessments.CaseType && c.Subject.StartsWith("sharing-reassessment:") && c.State == Shuzhi.Platform.Cases.CaseStates.Open));
            Assert.Equal(open.Count, cases);
            Assert.Contains("entry/one-open-reassessment", await Problem(await bureau.PostAsJsonAsync("/api/v1/sharing/reassessments", new { entry = code }), HttpStatusCode.Conflict));
        }
        finally
        {
            server.Clock.Set(saved);
        }
    }

    [Fact]
    public async Task A_delegation_is_validated_found_for_consumers_at_or_below_its_division_and_revocable()
    {
        var c = await server.As(Provider); // 省公安厅 (520000)
        var errors = await Problem(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { division = "520102", @delegate = "520300-GA" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("division/directly-below", errors); // a county is two levels down
        Assert.Contains("delegate/department-of-division", errors);
        Assert.Contains("delegate/department-of-division",
            await Problem(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { division = "520100", @delegate = "520100-DSJ" }), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("entry/own-entry",
            await Problem(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { entry = "520100-GA-0001", division = "520100", @delegate = "520100-GA" }), HttpStatusCode.UnprocessableEntity));
        Assert.Contains("division/gb-t-2260",
            await Problem(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { division = "贵阳", @delegate = "520100-GA" }), HttpStatusCode.UnprocessableEntity));

        var all = await Json(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { entry = "all", division = "520100", @delegate = "520100-GA", note = "贵阳地区申请由市公安局受理" }), HttpStatusCode.Created);
        Assert.Contains("state/delegation-exists",
            await Problem(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { division = "520100", @delegate = "520100-GA" }), HttpStatusCode.Conflict));
        var code = await PublishedEntryAsync(server, PersonEntry("授权目录" + Guid.NewGuid().ToString("N")[..6], "Conditional"));
        var one = await Json(await c.PostAsJsonAsync("/api/v1/sharing/delegations", new { entry = code, division = "520300", @delegate = "520300-GA" }), HttpStatusCode.Created);
        Assert.Equal(code, one.GetProperty("entryCode").GetString());

        var (entryId, otherId, providerId) = await server.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            var e = await db.Set<CatalogueEntry>().FirstAsync(x => x.Code == code);
            var other = await db.Set<CatalogueEntry>().FirstAsync(x => x.ProviderOrganisationId == e.ProviderOrganisationId && x.Code != code);
            return (e.Id, other.Id, e.ProviderOrganisationId);
        });
        async Task<string?> Delegate(Guid entry, string consumerDivision) => await server.WithServices(async sp =>
            (await sp.GetRequiredService<Delegations>().FindDelegateAsync(entry, providerId, consumerDivision, default))?.Code);

        Assert.Equal("520100-GA", await Delegate(otherId, "520100"));
        Assert.Equal("520100-GA", await Delegate(otherId, "520102")); // a county of 贵阳 is below the delegated division
        Assert.Null(await Delegate(otherId, "520000"));                // the province is above it
        Assert.Null(await Delegate(otherId, "520302"));                // 遵义 has no delegation for that entry
        Assert.Equal("520300-GA", await Delegate(entryId, "520302"));
        Assert.Equal("520100-GA", await Delegate(entryId, "520103"));

        // The bureau of the provider's division and the delegate see it; another city's bureau does not.
        Assert.Equal(2, (await Json(await (await server.As(Bureau)).GetAsync("/api/v1/sharing/delegations?active=true"))).EnumerateArray()
            .Count(d => d.GetProperty("provider").GetString() == "520000-GA"));
        Assert.Contains((await Json(await (await server.As("gy.ga.commissioner")).GetAsync("/api/v1/sharing/delegations"))).EnumerateArray(),
            d => d.GetProperty("delegate").GetString() == "520100-GA");
        Assert.DoesNotContain((await Json(await (await server.As("zy.bureau")).GetAsync("/api/v1/sharing/delegations"))).EnumerateArray(),
            d => d.GetProperty("delegate").GetString() == "520100-GA");

        var id = all.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gy.ga.commissioner")).PostAsJsonAsync($"/api/v1/sharing/delegations/{id}/revoke", new { reason = "x" })).StatusCode);
        var revoked = await Json(await c.PostAsJsonAsync($"/api/v1/sharing/delegations/{id}/revoke", new { reason = "改由本厅统一受理" }));
        Assert.False(revoked.GetProperty("active").GetBoolean());
        Assert.Null(await Delegate(otherId, "520102"));
        Assert.Equal("520300-GA", await Delegate(entryId, "520302"));
    }

    [Fact]
    public async Task The_filings_page_shows_a_department_its_commissioners_and_the_bureau_its_division()
    {
        using var head = await WebSignIn.SignInAsync(server, "gz.sc.head");
        var page = await head.GetStringAsync("/sharing/filings");
        Assert.Contains("省市场监管局数据专员", page);
        var token = WebSignIn.Token(page);
        var posted = await head.PostAsync("/sharing/filings?handler=Appoint", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "gz.sc.staff", ["note"] = "网页任命", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("省市场监管局工作人员", await posted.Content.ReadAsStringAsync());
        using var bureau = await WebSignIn.SignInAsync(server, Bureau);
        var board = await bureau.GetStringAsync("/sharing/filings");
        Assert.Contains("有条件共享依据备案", board);
        Assert.Contains("为到期备案发起评估", board); // the bureau's forms
        Assert.DoesNotContain("data-test=\"appoint-form\"", board);
        Assert.Contains("Conditional-sharing basis on file", await bureau.GetStringAsync("/sharing/filings?culture=en"));
        Assert.Contains("省市场监管局工作人员", board);
        Assert.Contains("贵阳市公安局数据专员", board);
    }
}

public sealed class FilingTests_Sqlite(SqliteServer s) : FilingTests<SqliteServer>(s);
public sealed class FilingTests_Postgres(PostgresServer s) : FilingTests<PostgresServer>(s);
