using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// Data requests, objections and ratings of the open data portal (docs/portal-requests.md) over real HTTP, as the citizen,
/// the department and the bureau do them: routing, attachments and their limits, the supply–demand line, the service
/// target and timeliness, objections and ratings on open data only, and who sees what.
/// </summary>
public abstract class RequestTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Citizen = "citizen.zhang", Enterprise = "ent.qianyun";

    private Task<OpenTestData.OpenData> DataAsync() => OpenTestData.OnceAsync(server, "需求");

    private static MultipartFormDataContent Form(string title, string? entry = null, string? department = null, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(title), "title" },
            { new StringContent("需要按月更新的" + title + "，含区县字段"), "description" },
            { new StringContent("研究用途"), "purpose" },
        };
        if (entry is not null) form.Add(new StringContent(entry), "entry");
        if (department is not null) form.Add(new StringContent(department), "department");
        foreach (var (name, bytes) in files)
        {
            var c = new ByteArrayContent(bytes);
            c.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(c, "file", name);
        }
        return form;
    }

    private async Task<JsonElement> SubmitAsync(MultipartFormDataContent form, string user = Citizen)
    {
        var r = await (await server.As(user)).PostAsync("/api/v1/open/requests", form);
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static void Names(JsonElement problem, string field, string rule) =>
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);

    private static string S(JsonElement e, string name) => e.GetProperty(name).ToString();

    private async Task<JsonElement> Line(string user, string requestTitle) =>
        (await (await server.As(user)).GetFromJsonAsync<JsonElement>("/api/v1/sharing/demands")).EnumerateArray()
        .Single(l => l.GetProperty("kind").GetString() == "request" && l.GetProperty("description").GetString() == requestTitle);

    [Fact]
    public async Task A_request_about_an_entry_goes_to_its_provider_with_its_attachment_is_listed_and_answered_with_open_data()
    {
        var d = await DataAsync();
        var csv = Encoding.UTF8.GetBytes("字段,说明\n区县,行政区划\n");
        var title = "人员登记按区县" + Guid.NewGuid().ToString("N")[..4];
        // The entry is catalogued but not open: people ask for exactly such data.
        var r = await SubmitAsync(Form(title, entry: d.Closed, files: ("需求说明.csv", csv)));
        Assert.Equal("open", S(r, "status"));
        Assert.Equal("entry", S(r, "routing"));
        Assert.Equal("贵州省公安厅", S(r, "department"));
        Assert.Equal(d.ClosedTitle, S(r, "entryName"));
        Assert.Equal("service-target", S(r, "basis")); // no statutory period: the bureau's target (demo: 10 working days)
        Assert.Equal("GZ-30-REQUEST", S(r, "ruleId"));
        Assert.Contains("第三十条", S(r, "citation"));
        var file = r.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("需求说明.csv", S(file, "fileName"));

        // The requester downloads the attachment; so does the department.
        Assert.Equal(csv, await (await server.As(Citizen)).GetByteArrayAsync(S(file, "url")));
        Assert.Equal(csv, await (await server.As(Provider)).GetByteArrayAsync(S(file, "url")));

        // The department: notice, desk, the supply–demand line.
        var provider = await server.As(Provider);
        var notices = await provider.GetFromJsonAsync<JsonElement>("/api/v1/notices");
        Assert.Contains(notices.EnumerateArray(), n => n.ToString().Contains(S(r, "number")));
        var desk = await provider.GetFromJsonAsync<JsonElement>("/api/v1/open/requests?scope=desk");
        Assert.Contains(desk.EnumerateArray(), x => S(x, "id") == S(r, "id"));
        var line = await Line(Provider, title);
        Assert.Equal("open", S(line, "state"));
        Assert.Equal(d.Closed, S(line, "entryCode"));

        // Answer: already open, naming an open dataset (a not-open one is refused).
        Names(await Problem(await provider.PostAsJsonAsync($"/api/v1/open/requests/{S(r, "id")}/answer", new { outcome = "already-open", dataset = d.Closed }),
            HttpStatusCode.UnprocessableEntity), "dataset", "open");
        var answered = await provider.PostAsJsonAsync($"/api/v1/open/requests/{S(r, "id")}/answer", new { outcome = "already-open", dataset = d.Open, reason = "见开放数据集" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await Problem(await provider.PostAsJsonAsync($"/api/v1/open/requests/{S(r, "id")}/answer", new { outcome = "cannot", reason = "x" }), HttpStatusCode.Conflict);

        // The requester sees the answer; the line is met; the request was answered within its target.
        var mine = await (await server.As(Citizen)).GetFromJsonAsync<JsonElement>($"/api/v1/open/requests/{S(r, "id")}");
        Assert.Equal("answered", S(mine, "status"));
        Assert.Equal("already-open", S(mine, "outcome"));
        Assert.Equal($"/open/datasets/{d.Open}", S(mine, "datasetLink"));
        Assert.True(mine.GetProperty("inTarget").GetBoolean());
        Assert.Equal("met", S(await Line(Provider, title), "state"));
        var t = await (await server.As(Bureau)).GetFromJsonAsync<JsonElement>("/api/v1/open/requests/timeliness");
        Assert.True(t.GetProperty("answeredInTarget").GetInt32() >= 1);

        // The page of the request shows the answer and the attachment to the requester.
        using var web = await WebSignIn.SignInAsync(server, Citizen);
        var page = await web.GetStringAsync($"/open/requests/{S(r, "id")}");
        Assert.Contains("已开放", page);
        Assert.Contains("需求说明.csv", page);
        Assert.Contains($"href=\"/open/datasets/{d.Open}\"", page);
        Assert.Contains(title, await web.GetStringAsync("/open/me/requests"));
        // The bureau's supply–demand page links the line to the request.
        using var bureauWeb = await WebSignIn.SignInAsync(server, Bureau);
        Assert.Contains($"href=\"/open/requests/{S(r, "id")}\"", await bureauWeb.GetStringAsync("/sharing/demands?all=true"));
    }

    [Fact]
    public async Task A_request_to_no_department_is_routed_by_the_bureau_and_a_chosen_department_gets_it_directly()
    {
        var title = "全省公交线路" + Guid.NewGuid().ToString("N")[..4];
        var r = await SubmitAsync(Form(title), Enterprise);
        Assert.Equal("routing", S(r, "status"));
        Assert.Equal("贵阳市大数据发展管理局", S(r, "bureau")); // the bureau of the enterprise's city
        var id = S(r, "id");
        // No department can answer it yet; the bureau routes it within its division.
        await Problem(await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/open/requests/{id}/answer", new { outcome = "cannot", reason = "x" }), HttpStatusCode.NotFound);
        var bureau = await server.As("gy.bureau");
        Names(await Problem(await bureau.PostAsJsonAsync($"/api/v1/open/requests/{id}/route", new { department = "520000-SC" }), HttpStatusCode.UnprocessableEntity),
            "department", "exists"); // not in its division
        await Problem(await (await server.As("zy.bureau")).PostAsJsonAsync($"/api/v1/open/requests/{id}/route", new { department = "520300-SC" }), HttpStatusCode.NotFound);
        var routed = await bureau.PostAsJsonAsync($"/api/v1/open/requests/{id}/route", new { department = "520100-RS", comment = "人社数据" });
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        Assert.Equal("open", S(await routed.Content.ReadFromJsonAsync<JsonElement>(), "status"));
        Assert.Equal("贵阳市人力资源和社会保障局", S(await Line("gy.rs.commissioner", title), "providerName"));
        await Problem(await bureau.PostAsJsonAsync($"/api/v1/open/requests/{id}/route", new { department = "520100-GA" }), HttpStatusCode.Conflict);
        // Cannot, with the reason (required): the need stays open on the list for the bureau.
        var sc = await server.As("gy.rs.commissioner");
        Names(await Problem(await sc.PostAsJsonAsync($"/api/v1/open/requests/{id}/answer", new { outcome = "cannot" }), HttpStatusCode.UnprocessableEntity), "reason", "required");
        Assert.Equal(HttpStatusCode.OK, (await sc.PostAsJsonAsync($"/api/v1/open/requests/{id}/answer", new { outcome = "cannot", reason = "本部门不掌握该数据" })).StatusCode);
        var line = await Line("gy.bureau", title);
        Assert.Equal("open", S(line, "state"));
        Assert.Equal("cannot", S(line, "progress"));
        var seen = await (await server.As(Enterprise)).GetFromJsonAsync<JsonElement>($"/api/v1/open/requests/{id}");
        Assert.Equal("本部门不掌握该数据", S(seen, "reason"));

        // A chosen department receives it at once.
        var chosen = await SubmitAsync(Form("社保参保人数" + Guid.NewGuid().ToString("N")[..4], department: "520100-RS"));
        Assert.Equal("department", S(chosen, "routing"));
        Assert.Equal("贵阳市人力资源和社会保障局", S(chosen, "department"));
        Names(await Problem(await (await server.As(Citizen)).PostAsync("/api/v1/open/requests", Form("x", department: "NO-SUCH")), HttpStatusCode.UnprocessableEntity),
            "department", "exists");
    }

    [Fact]
    public async Task Attachments_are_limited_in_type_number_and_size_and_nothing_is_written_when_refused()
    {
        var citizen = await server.As(Citizen);
        var before = (await citizen.GetFromJsonAsync<JsonElement>("/api/v1/open/requests?scope=mine")).GetArrayLength();
        Names(await Problem(await citizen.PostAsync("/api/v1/open/requests", Form("t", files: ("run.exe", [1, 2, 3]))), HttpStatusCode.UnprocessableEntity),
            "files[0]", "file-type");
        Names(await Problem(await citizen.PostAsync("/api/v1/open/requests", Form("t", files: [.. Enumerable.Range(0, 6).Select(i => ($"f{i}.csv", new byte[] { 1 }))])),
            HttpStatusCode.UnprocessableEntity), "files", "max-count");
        Names(await Problem(await citizen.PostAsync("/api/v1/open/requests", Form("t", files: ("empty.csv", []))), HttpStatusCode.UnprocessableEntity),
            "files[0]", "not-empty");
        await Problem(await citizen.PostAsync("/api/v1/open/requests", Form("t", files: ("big.csv", new byte[10 * 1024 * 1024 + 1]))), HttpStatusCode.RequestEntityTooLarge);
        var noTitle = Form("");
        Names(await Problem(await citizen.PostAsync("/api/v1/open/requests", noTitle), HttpStatusCode.UnprocessableEntity), "title", "required");
        Names(await Problem(await citizen.PostAsync("/api/v1/open/requests", Form(new string('长', 201))), HttpStatusCode.UnprocessableEntity), "title", "max-length");
        Assert.Equal(before, (await citizen.GetFromJsonAsync<JsonElement>("/api/v1/open/requests?scope=mine")).GetArrayLength());
    }

    [Fact]
    public async Task A_user_sees_only_their_own_requests_and_government_staff_only_those_routed_to_them()
    {
        var r = await SubmitAsync(Form("私人需求" + Guid.NewGuid().ToString("N")[..4], department: "520000-GA", files: ("a.txt", "secret"u8.ToArray())));
        var id = S(r, "id");
        var url = S(r.GetProperty("attachments")[0], "url");
        var other = await server.As(Enterprise);
        await Problem(await other.GetAsync($"/api/v1/open/requests/{id}"), HttpStatusCode.NotFound);
        await Problem(await other.GetAsync(url), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/v1/open/requests")).EnumerateArray(), x => S(x, "id") == id);
        var notRouted = await server.As("gy.rs.commissioner");
        await Problem(await notRouted.GetAsync($"/api/v1/open/requests/{id}"), HttpStatusCode.NotFound);
        await Problem(await notRouted.GetAsync(url), HttpStatusCode.NotFound);
        // Staff submit no public requests; anonymous callers none at all; a city bureau does not see a provincial department's.
        await Problem(await (await server.As(Provider)).PostAsync("/api/v1/open/requests", Form("x")), HttpStatusCode.Forbidden);
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsync("/api/v1/open/requests", Form("x"))).StatusCode);
        await Problem(await (await server.As("gy.bureau")).GetAsync($"/api/v1/open/requests/{id}"), HttpStatusCode.NotFound);
        using var web = await WebSignIn.SignInAsync(server, Enterprise);
        Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/open/requests/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_request_past_its_service_target_counts_late_in_the_timeliness()
    {
        var r = await SubmitAsync(Form("迟到需求" + Guid.NewGuid().ToString("N")[..4], department: "520000-GA"));
        var now = server.Clock.GetUtcNow();
        try
        {
            server.SetNow(now.AddDays(30));
            var seen = await (await server.As(Citizen)).GetFromJsonAsync<JsonElement>($"/api/v1/open/requests/{S(r, "id")}");
            Assert.False(seen.GetProperty("inTarget").GetBoolean());
            var t = await (await server.As(Bureau)).GetFromJsonAsync<JsonElement>("/api/v1/open/requests/timeliness");
            Assert.True(t.GetProperty("late").GetInt32() >= 1);
            Assert.True(t.GetProperty("rate").GetDouble() < 1);
            await Problem(await (await server.As(Provider)).GetAsync("/api/v1/open/requests/timeliness"), HttpStatusCode.Forbidden);
        }
        finally { server.SetNow(now); }
    }

    [Fact]
    public async Task Objections_go_to_the_provider_only_on_open_data_and_the_answer_comes_back()
    {
        var d = await DataAsync();
        var citizen = await server.As(Citizen);
        Names(await Problem(await citizen.PostAsJsonAsync($"/api/v1/open/datasets/{d.Open}/objections", new { field = "不存在", description = "x" }),
            HttpStatusCode.UnprocessableEntity), "field", "field-of-dataset");
        await Problem(await citizen.PostAsJsonAsync($"/api/v1/open/datasets/{d.Closed}/objections", new { description = "x" }), HttpStatusCode.NotFound);
        await Problem(await citizen.PostAsJsonAsync($"/api/v1/open/datasets/{d.Draft}/objections", new { description = "x" }), HttpStatusCode.NotFound);
        Names(await Problem(await citizen.PostAsJsonAsync($"/api/v1/open/datasets/{d.Open}/objections", new { field = "姓名", description = new string('错', 2001) }),
            HttpStatusCode.UnprocessableEntity), "description", "max-length");
        var raised = await citizen.PostAsJsonAsync($"/api/v1/open/datasets/{d.Open}/objections", new { field = "出生日期", rows = "第3行", description = "出生日期晚于登记日期" });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var o = await raised.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", S(o, "status"));
        Assert.Equal("SZ-10-OBJECTION", S(o, "ruleId"));

        var provider = await server.As(Provider);
        Assert.Contains((await provider.GetFromJsonAsync<JsonElement>("/api/v1/open/objections?scope=desk")).EnumerateArray(), x => S(x, "id") == S(o, "id"));
        await Problem(await (await server.As("gz.sc.commissioner")).PostAsJsonAsync($"/api/v1/open/objections/{S(o, "id")}/answer", new { outcome = "corrected", reason = "x" }),
            HttpStatusCode.NotFound);
        Names(await Problem(await provider.PostAsJsonAsync($"/api/v1/open/objections/{S(o, "id")}/answer", new { outcome = "not-an-error" }), HttpStatusCode.UnprocessableEntity),
            "reason", "required");
        Assert.Equal(HttpStatusCode.OK, (await provider.PostAsJsonAsync($"/api/v1/open/objections/{S(o, "id")}/answer",
            new { outcome = "not-an-error", reason = "经核对原始登记材料无误" })).StatusCode);

        var mine = (await citizen.GetFromJsonAsync<JsonElement>("/api/v1/open/objections?scope=mine")).EnumerateArray().Single(x => S(x, "id") == S(o, "id"));
        Assert.Equal("not-an-error", S(mine, "outcome"));
        Assert.DoesNotContain((await (await server.As(Enterprise)).GetFromJsonAsync<JsonElement>("/api/v1/open/objections")).EnumerateArray(), x => S(x, "id") == S(o, "id"));
        using var anon = server.Anonymous();
        var summary = await anon.GetFromJsonAsync<JsonElement>($"/api/v1/open/datasets/{d.Open}/feedback");
        Assert.True(summary.GetProperty("objectionsHandled").GetInt32() >= 1);
        var page = await anon.GetStringAsync($"/open/datasets/{d.Open}");
        Assert.Matches("已处理异议 [1-9][0-9]* 件", page);
        Assert.Contains("/login?ReturnUrl=" + Uri.EscapeDataString($"/open/datasets/{d.Open}#feedback"), page);
        using var web = await WebSignIn.SignInAsync(server, Citizen);
        var minePage = await web.GetStringAsync("/open/me/requests");
        Assert.Contains("经核实无误", minePage);
        Assert.Contains("经核对原始登记材料无误", minePage);
    }

    [Fact]
    public async Task Ratings_are_one_per_user_and_dataset_and_the_page_shows_the_average()
    {
        var d = await DataAsync();
        var citizen = await server.As(Citizen);
        Names(await Problem(await citizen.PutAsJsonAsync($"/api/v1/open/datasets/{d.NoData}/rating", new { stars = 6 }), HttpStatusCode.UnprocessableEntity), "stars", "range");
        await Problem(await citizen.PutAsJsonAsync($"/api/v1/open/datasets/{d.Closed}/rating", new { stars = 5 }), HttpStatusCode.NotFound);
        await Problem(await citizen.PutAsJsonAsync($"/api/v1/open/datasets/{d.NoData}/rating", new { stars = 5 }), HttpStatusCode.NotFound); // open, but no data to rate
        await Problem(await (await server.As(Provider)).PutAsJsonAsync($"/api/v1/open/datasets/{d.Open}/rating", new { stars = 5 }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await citizen.PutAsJsonAsync($"/api/v1/open/datasets/{d.Open}/rating", new { stars = 4 })).StatusCode);
        var again = await citizen.PutAsJsonAsync($"/api/v1/open/datasets/{d.Open}/rating", new { stars = 2, comment = "缺少区县字段" });
        var s = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, s.GetProperty("ratings").GetInt32());
        Assert.Equal(2, s.GetProperty("myStars").GetInt32());
        var e = await (await server.As(Enterprise)).PutAsJsonAsync($"/api/v1/open/datasets/{d.Open}/rating", new { stars = 5 });
        var both = await e.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, both.GetProperty("ratings").GetInt32());
        Assert.Equal(3.5, both.GetProperty("average").GetDouble());
        using var anon = server.Anonymous();
        var page = await anon.GetStringAsync($"/open/datasets/{d.Open}");
        Assert.Contains("满意度 3.5 / 5（2 人评价）", page);
        Assert.DoesNotContain("缺少区县字段", page); // comments go to the provider, not the public page
        using var web = await WebSignIn.SignInAsync(server, Provider);
        Assert.Contains("缺少区县字段", await web.GetStringAsync("/open/requests/desk"));
    }

    [Fact]
    public async Task The_request_form_needs_a_public_user_and_names_the_entry_it_is_about()
    {
        var d = await DataAsync();
        using var anon = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var r = await anon.GetAsync($"/open/requests/new?entry={d.Closed}");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/login", r.Headers.Location!.PathAndQuery);
        using var web = await WebSignIn.SignInAsync(server, Citizen);
        var form = await web.GetStringAsync($"/open/requests/new?entry={d.Closed}");
        Assert.Contains(d.ClosedTitle, form);
        Assert.Contains("<label for=\"req-title\">", form);
        Assert.Contains("<label for=\"req-files\">", form);
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        // A draft is not named (it does not exist for the public).
        Assert.DoesNotContain(d.DraftTitle, await web.GetStringAsync($"/open/requests/new?entry={d.Draft}"));
    }
}

public sealed class RequestTests_Sqlite(SqliteServer s) : RequestTests<SqliteServer>(s);
public sealed class RequestTests_Postgres(PostgresServer s) : RequestTests<PostgresServer>(s);
