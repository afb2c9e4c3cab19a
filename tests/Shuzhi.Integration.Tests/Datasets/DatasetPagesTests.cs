using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Server.Pages.Datasets;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>
/// The data pages as people use them: signed in through the login form, files posted as multipart forms with their
/// antiforgery token, assertions on the HTML a person reads.
/// </summary>
public abstract partial class DatasetPagesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<HttpClient> SignIn(string user) => WebSignIn.SignInAsync(server, user);

    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The table row marked data-test="<paramref name="test"/>" (empty when there is none).</summary>
    private static string Row(string html, string test)
    {
        var at = html.IndexOf($"data-test=\"{test}\"", StringComparison.Ordinal);
        return at < 0 ? "" : html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
    }

    private static string Masked(string id) => id[..6] + "********" + id[^4..];

    /// <summary>Person 7's ID with a wrong check character.</summary>
    private static string BadId => Id(7)[..17] + (Id(7)[17] == '1' ? '2' : '1');

    /// <summary>
    /// What a department really sends: GBK, the ID column under another name, the amount with a unit in brackets, a
    /// column the catalogue does not know, a blank name, a wrong check digit, full-width digits and two date forms.
    /// </summary>
    private static byte[] MessyGbkCsv()
    {
        var sb = new StringBuilder("身份证号,姓名,出生日期,手机号码,登记日期,金额（元）,备注,来源\r\n");
        for (var i = 1; i <= 20; i++)
        {
            var id = i == 7 ? BadId : Id(i);
            var name = i == 5 ? "" : PersonName(i);
            var birth = i % 2 == 0 ? Birth(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Birth(i).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
            var amount = i == 3 ? "１２３.５" : (i * 10.5m).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{id},{name},{birth},{Mobile(i)},2026-09-0{1 + i % 9},{amount},备注{i},窗口登记\r\n");
        }
        return Encoding.GetEncoding(54936).GetBytes(sb.ToString());
    }

    static DatasetPagesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex("name=\"t\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex TokenField();

    /// <summary>Step 1 of the upload page: the multipart form with its antiforgery token.</summary>
    private static async Task<HttpResponseMessage> PostFile(HttpClient c, string code, byte[] file, string fileName, bool xhr = false)
    {
        var page = await c.GetStringAsync($"/datasets/{code}/upload");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebSignIn.Token(page)), "__RequestVerificationToken" },
            { new StringContent("replace"), "mode" },
            { new StringContent("auto"), "encoding" },
            { new ByteArrayContent(file), "file", fileName },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/datasets/{code}/upload") { Content = form };
        if (xhr) request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return await c.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostForm(HttpClient c, string url, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = WebSignIn.Token(page);
        return c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_department_uploads_a_messy_GBK_file_fixes_the_mapping_reads_the_report_and_publishes()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页导入人员" + Guid.NewGuid().ToString("N")[..6]));
        var c = await SignIn(Provider);
        var data = Decode(await c.GetStringAsync($"/datasets/{code}"));
        Assert.Contains("data-test=\"upload\"", data);
        Assert.Contains("data-test=\"no-data\"", data);

        // Step 1 → 2: the file is kept, and the mapping screen says what was detected and how each field matched.
        var step1 = await PostFile(c, code, MessyGbkCsv(), "人员登记.csv");
        var mapping = Decode(await step1.Content.ReadAsStringAsync());
        Assert.True(step1.StatusCode == HttpStatusCode.OK, mapping);
        Assert.Contains("gb18030", mapping);
        Assert.Contains("not valid UTF-8", mapping);
        Assert.Contains("未找到列", Row(mapping, "field-居民身份证号码"));
        Assert.Contains("data-test=\"candidate\">文件列「身份证号」", Row(mapping, "field-居民身份证号码"));
        Assert.Contains("列名相近", Row(mapping, "field-金额"));
        Assert.Contains("列名一致", Row(mapping, "field-姓名"));
        Assert.Matches("data-test=\"extra-columns\">[^<]*来源", mapping);
        Assert.Contains(BadId, mapping); // the provider's own file, shown to the provider as it is
        var token = TokenField().Match(mapping).Groups[1].Value;
        Assert.Equal(32, token.Length);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "uploads", token + ".upload")));

        // A column chosen for two fields is refused, naming the field and the rule; the choices stay on the page.
        var twice = await PostForm(c, $"/datasets/{code}/upload?handler=Preview", mapping, new()
        {
            ["t"] = token, ["mode"] = "replace", ["encoding"] = "auto", ["col0"] = "col:身份证号", ["col3"] = "col:身份证号",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        var twiceHtml = Decode(await twice.Content.ReadAsStringAsync());
        Assert.Contains("column-used-twice", twiceHtml);
        Assert.Contains("<option value=\"col:身份证号\" selected=\"selected\">", Row(twiceHtml, "field-手机号码"));

        // Preview again with the ID column chosen: the field now says it was chosen by the user.
        var fields = new Dictionary<string, string> { ["t"] = token, ["mode"] = "replace", ["encoding"] = "auto", ["col0"] = "col:身份证号" };
        var preview = Decode(await (await PostForm(c, $"/datasets/{code}/upload?handler=Preview", mapping, new(fields))).Content.ReadAsStringAsync());
        Assert.Contains("人工指定", Row(preview, "field-居民身份证号码"));
        Assert.Matches("<option value=\"col:身份证号\" selected=\"selected\">", Row(preview, "field-居民身份证号码"));

        // Step 3: load (without publishing): the version page with the quality report.
        var loaded = await PostForm(c, $"/datasets/{code}/upload?handler=Load", preview, new(fields));
        var report = Decode(await loaded.Content.ReadAsStringAsync());
        Assert.True(loaded.StatusCode == HttpStatusCode.OK, report);
        Assert.Matches($"/datasets/{code}/versions/1$", loaded.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("已导入待发布", report);
        Assert.Contains("data-test=\"rows\">20<", report);
        var checkDigit = Row(report, "problem-validity.id_number.check_digit");
        Assert.Contains("data-test=\"count\">1<", checkDigit);
        Assert.Matches("第 7 行[\\s\\S]*?<code>" + Regex.Escape(Masked(BadId)) + "</code>", checkDigit);
        var blank = Row(report, "problem-completeness.null");
        Assert.Contains("姓名", blank);
        Assert.Contains("data-test=\"count\">1<", blank);
        Assert.Contains("data-test=\"count\">1<", Row(report, "problem-readability.full_width"));
        Assert.Contains("data-test=\"problem-readability.full_width\"", report);
        Assert.Contains("data-test=\"problem-readability.mixed_date_forms\"", report);
        Assert.Contains("来源", Row(report, "problem-consistency.extra_column"));
        Assert.Contains("字段「居民身份证号码」的居民身份证号码校验码错误", report);
        Assert.DoesNotContain(BadId, report);
        Assert.DoesNotContain(Id(1), report);
        Assert.Contains("data-test=\"dimension-Validity\"", report);
        Assert.Contains("首次导入", report);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "uploads", token + ".upload")), "the kept file is deleted after the load");

        // English: the same report in the other language.
        var english = Decode(await c.GetStringAsync($"/datasets/{code}/versions/1?culture=en"));
        Assert.Contains("Resident ID numbers in '居民身份证号码' have a wrong check character", english);
        Assert.Contains("Loaded, not published", english);
        await c.GetStringAsync($"/datasets/{code}?culture=zh-CN");

        // The gate passed: the loader publishes.
        Assert.Contains("data-test=\"publish\"", report);
        var published = Decode(await (await PostForm(c, $"/datasets/{code}/versions/1?handler=Publish", report, new())).Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">已发布此版本", published);
        Assert.Matches("data-test=\"state\">已发布<", published);
        var page = Decode(await c.GetStringAsync($"/datasets/{code}"));
        Assert.Contains("data-test=\"published-version\">v1<", page);
        Assert.Contains(Id(1), page); // the provider sees its own data raw
    }

    [Fact]
    public async Task Another_department_sees_the_preview_masked_and_the_provider_changes_masks_and_grants_on_the_page()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页脱敏人员" + Guid.NewGuid().ToString("N")[..6]));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 25));

        var other = await SignIn("gy.gov");
        var page = Decode(await other.GetStringAsync($"/datasets/{code}"));
        Assert.Contains("data-test=\"preview\"", page);
        Assert.Contains(Masked(Id(1)), page);
        for (var i = 1; i <= 25; i++)
        {
            Assert.DoesNotContain(Id(i), page);
            Assert.DoesNotContain(Mobile(i), page);
        }
        Assert.DoesNotContain(Id(21), page.Replace(Masked(Id(21)), "")); // only 20 rows are previewed
        Assert.Contains("data-test=\"masked-note\"", page);
        Assert.Contains($"/api/v1/datasets/{code}/download?format=csv", page);
        Assert.DoesNotContain("data-test=\"upload\"", page);
        Assert.DoesNotContain("data-test=\"masks-form\"", page);
        // the download link works with the cookie, masked the same way
        var csv = await other.GetStringAsync($"/api/v1/datasets/{code}/download?format=csv");
        Assert.Contains(Masked(Id(1)), csv);
        Assert.DoesNotContain(Id(1), csv);

        // The provider's commissioner grants 贵阳市人民政府 the raw ID on the page: the other user now sees it …
        var c = await SignIn(Provider);
        var own = Decode(await c.GetStringAsync($"/datasets/{code}"));
        Assert.Contains("data-test=\"grant-form\"", own);
        var granted = await PostForm(c, $"/datasets/{code}?handler=Grant", own, new()
        {
            ["organisation"] = "520100-ZF", ["fields"] = "居民身份证号码", ["reason"] = "核查低保对象身份（《社会救助暂行办法》第六十一条）",
        });
        var afterGrant = Decode(await granted.Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">已授权", afterGrant);
        Assert.Contains("贵阳市人民政府", afterGrant);
        Assert.Contains(Id(1), Decode(await other.GetStringAsync($"/datasets/{code}")));

        // … and the provider drops names for everyone without a grant.
        var masksForm = new Dictionary<string, string>();
        var maskInputs = Regex.Matches(afterGrant, "name=\"(mask\\d+)\" value=\"([^\"]*)\"");
        Assert.Equal(7, maskInputs.Count);
        foreach (Match m in maskInputs) masksForm[m.Groups[1].Value] = m.Groups[2].Value;
        Assert.Equal("name", masksForm["mask1"]);
        masksForm["mask1"] = "drop";
        var saved = Decode(await (await PostForm(c, $"/datasets/{code}?handler=Masks", afterGrant, masksForm)).Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">脱敏规则已保存", saved);
        var dropped = Decode(await other.GetStringAsync($"/datasets/{code}"));
        Assert.DoesNotContain(PersonName(1)[..1] + "*", dropped);
        Assert.Matches("<th scope=\"col\">姓名\\s*<span class=\"tag\"[^>]*>drop</span>", dropped);

        // Revoking the grant masks the ID again at once.
        var grantId = Regex.Match(saved, "name=\"grantId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var revoked = Decode(await (await PostForm(c, $"/datasets/{code}?handler=Revoke", saved, new() { ["grantId"] = grantId })).Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">已撤销授权", revoked);
        var again = Decode(await other.GetStringAsync($"/datasets/{code}"));
        Assert.DoesNotContain(Id(1), again);
        Assert.Contains(Masked(Id(1)), again);
    }

    [Fact]
    public async Task Below_the_threshold_only_the_department_head_publishes_with_a_reason_the_rule_is_explained()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页门槛人员" + Guid.NewGuid().ToString("N")[..6]));
        // 12 of 20 ID numbers with a wrong check digit: validity and uniqueness fall, the score is below 80
        var csv = CleanCsv(1, 20);
        for (var i = 1; i <= 12; i++) csv = csv.Replace(Id(i), Id(i)[..17] + (Id(i)[17] == '1' ? '2' : '1'));
        var load = await LoadAsync(await server.As(Provider), code, csv);
        Assert.Equal("Loaded", load.GetProperty("version").GetProperty("state").GetString());

        var c = await SignIn(Provider);
        var version = Decode(await c.GetStringAsync($"/datasets/{code}/versions/1"));
        Assert.Contains("data-test=\"gate-result\">未达门槛", version);
        Assert.Contains("低于本地区发布门槛 80", version);
        Assert.Contains("data-test=\"override-who\"", version);
        Assert.Contains("data-test=\"upload-fixed\"", version);
        Assert.DoesNotContain("data-test=\"publish\"", version);
        Assert.DoesNotContain("data-test=\"override-form\"", version);
        // posting anyway (with a token from a page that has a form) is refused by the handler, and said so on the page
        var withForm = await c.GetStringAsync($"/datasets/{code}/upload");
        var refused = await PostForm(c, $"/datasets/{code}/versions/1?handler=Publish", withForm, new() { ["overrideReason"] = "我想发布" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("data-test=\"problem\"", await refused.Content.ReadAsStringAsync());

        var head = await SignIn(ProviderHead);
        var headPage = Decode(await head.GetStringAsync($"/datasets/{code}/versions/1"));
        Assert.Contains("data-test=\"override-form\"", headPage);
        var tooShort = await PostForm(head, $"/datasets/{code}/versions/1?handler=Publish", headPage, new() { ["overrideReason"] = "急" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("overrideReason", await tooShort.Content.ReadAsStringAsync());
        var ok = Decode(await (await PostForm(head, $"/datasets/{code}/versions/1?handler=Publish", headPage, new() { ["overrideReason"] = "校验位问题已知，急需用于核查" })).Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">已低于门槛发布此版本", ok);
        Assert.Matches("data-test=\"override\">gz.ga.head：校验位问题已知，急需用于核查<", ok);
        Assert.Matches("data-test=\"state\">已发布<", ok);
    }

    [Fact]
    public async Task The_bureau_sees_quality_across_departments_lowest_first_and_sets_its_threshold()
    {
        var b = await SignIn(Bureau);
        var home = await b.GetStringAsync("/");
        Assert.Contains("data-test=\"tile-datasets\"", home);
        Assert.Contains("data-test=\"nav-quality\"", home);
        var board = Decode(await b.GetStringAsync("/datasets/quality"));
        Assert.Contains("人口基础信息", board);
        Assert.Contains("企业登记信息", board);
        var scores = Regex.Matches(board, "data-test=\"board-score\">([0-9.]+)<").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(scores.Count >= 2, board);
        Assert.Equal(scores.Order().ToList(), scores);
        Assert.True(board.IndexOf("人口基础信息", StringComparison.Ordinal) < board.IndexOf("企业登记信息", StringComparison.Ordinal), "the messy demo data comes first");

        // The bureau reads the demo report, masked: problems with examples, never a raw ID.
        var code = Regex.Match(board, "href=\"/datasets/([^\"/]+)\">人口基础信息<").Groups[1].Value;
        var data = Decode(await b.GetStringAsync($"/datasets/{code}"));
        var n = Regex.Match(data, $"href=\"/datasets/{code}/versions/(\\d+)\"").Groups[1].Value;
        var report = Decode(await b.GetStringAsync($"/datasets/{code}/versions/{n}"));
        Assert.Matches("data-test=\"count\">[1-9]", Row(report, "problem-validity.id_number.check_digit"));
        Assert.Contains("data-test=\"problem-readability.scientific_notation_identifier\"", report);
        Assert.Contains("data-test=\"problem-uniqueness.duplicate_key\"", report);
        Assert.Matches("<code>5201\\d\\d\\*{8}[0-9X]{4}</code>", report);
        Assert.DoesNotMatch("\\b5201\\d{13}[0-9X]\\b", report);

        // gy.bureau's threshold is its own division's (the province's stays 80).
        var gy = await SignIn("gy.bureau");
        var gyBoard = await gy.GetStringAsync("/datasets/quality");
        var set = Decode(await (await PostForm(gy, "/datasets/quality?handler=Threshold", gyBoard, new() { ["threshold"] = "85.5" })).Content.ReadAsStringAsync());
        Assert.Contains("data-test=\"done\">发布门槛已更新", set);
        Assert.Contains("value=\"85.5\"", set);
        var bad = await PostForm(gy, "/datasets/quality?handler=Threshold", set, new() { ["threshold"] = "120" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("value=\"80\"", await b.GetStringAsync("/datasets/quality"));
    }

    [Fact]
    public async Task Pages_refuse_those_without_rights()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页权限人员" + Guid.NewGuid().ToString("N")[..6], "Conditional"));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 5));

        foreach (var (user, url) in new[]
        {
            ("citizen.zhang", "/datasets"), ("citizen.zhang", $"/datasets/{code}"), ("gz.ga.staff", "/datasets/quality"),
            ("gy.gov", $"/datasets/{code}/upload"), ("gz.ga.head", $"/datasets/{code}/upload"),
        })
        {
            var c = await SignIn(user);
            var r = await c.GetAsync(url);
            Assert.True(r.RequestMessage!.RequestUri!.AbsolutePath == "/denied", $"{user} {url}: {r.StatusCode} {r.RequestMessage.RequestUri}");
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }

        // Conditionally shared, no grant: the page says why, with 403, and shows no rows.
        var gov = await SignIn("gy.gov");
        var refused = await gov.GetAsync($"/datasets/{code}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var body = Decode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("conditionally shared", body);
        Assert.DoesNotContain("data-test=\"preview\"", body);
        Assert.DoesNotContain(Masked(Id(1)), body);
        Assert.Equal(HttpStatusCode.Forbidden, (await gov.GetAsync($"/datasets/{code}/versions/1")).StatusCode);

        // Another department's loader may not load into this entry; its data is not listed for it either.
        var otherLoader = await SignIn("gy.ga.commissioner");
        var upload = await otherLoader.GetAsync($"/datasets/{code}/upload");
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("只有提供部门可以向本目录导入数据", Decode(await upload.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(code, await otherLoader.GetStringAsync("/datasets"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherLoader.GetAsync("/datasets/520000-XX-9999")).StatusCode);

        // The provider's own list has it, with the upload entry point on the data page.
        var own = await SignIn(Provider);
        Assert.Contains($"href=\"/datasets/{code}\"", await own.GetStringAsync("/datasets"));
        Assert.Contains($"href=\"/datasets/{code}\" data-test=\"data-link\"", await own.GetStringAsync($"/catalogue/{code}"));
    }

    [Fact]
    public async Task Kept_files_are_found_only_by_their_token_for_their_user_and_expire_after_an_hour()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页暂存人员" + Guid.NewGuid().ToString("N")[..6]));
        var c = await SignIn(Provider);

        // With script the browser gets the next step's address as JSON.
        var xhr = await PostFile(c, code, Encoding.UTF8.GetBytes(CleanCsv(1, 3)), "人员.csv", xhr: true);
        Assert.Equal(HttpStatusCode.OK, xhr.StatusCode);
        var next = JsonDocument.Parse(await xhr.Content.ReadAsStringAsync()).RootElement.GetProperty("next").GetString()!;
        var token = Regex.Match(next, "[?&]t=([0-9a-f]{32})").Groups[1].Value;
        Assert.Contains("data-test=\"mapping\"", await c.GetStringAsync(next));

        // Not a path, not someone else's token.
        foreach (var t in new[] { "../../shuzhi.db", "..%2F..%2Fkeys%2Fmasking.key", token.ToUpperInvariant() })
        {
            var r = await c.GetAsync($"/datasets/{code}/upload?t={t}");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Contains("data-test=\"expired\"", await r.Content.ReadAsStringAsync());
        }
        var colleague = await SignIn("gz.ga.staff");
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(next)).StatusCode);

        // An unreadable file is refused at step 1 and not kept.
        var before = Directory.GetFiles(Path.Combine(server.DataDirectory, "uploads")).Length;
        var html = await PostFile(c, code, Encoding.UTF8.GetBytes("<html><body>not a workbook</body></html>"), "表.xlsx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, html.StatusCode);
        Assert.Contains("web page", await html.Content.ReadAsStringAsync());
        Assert.Equal(before, Directory.GetFiles(Path.Combine(server.DataDirectory, "uploads")).Length);

        // An hour later the sweep removes it, and the mapping step says so.
        var file = Path.Combine(server.DataDirectory, "uploads", token + ".upload");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-61));
        File.SetLastWriteTimeUtc(Path.ChangeExtension(file, ".json"), DateTime.UtcNow.AddMinutes(-61));
        Assert.True(server.App.Services.GetRequiredService<UploadStore>().Sweep() >= 2);
        Assert.False(File.Exists(file));
        var gone = await c.GetAsync(next);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("暂存的文件已过期或不存在", Decode(await gone.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_file_larger_than_the_servers_default_request_limit_is_accepted_by_the_upload_page()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("网页大文件人员" + Guid.NewGuid().ToString("N")[..6]));
        var file = Encoding.UTF8.GetBytes(CleanCsv(1, 400_000));
        Assert.True(file.Length > 31_000_000, $"{file.Length} bytes"); // Kestrel's default limit is 30,000,000 bytes
        var c = await SignIn(Provider);
        var r = await PostFile(c, code, file, "大文件.csv");
        var html = Decode(await r.Content.ReadAsStringAsync());
        Assert.True(r.StatusCode == HttpStatusCode.OK, html[..Math.Min(html.Length, 2000)]);
        Assert.Contains(DatasetsUi.Number(file.Length), html);
        var token = TokenField().Match(html).Groups[1].Value;
        Assert.Equal(file.Length, new FileInfo(Path.Combine(server.DataDirectory, "uploads", token + ".upload")).Length);
        server.App.Services.GetRequiredService<UploadStore>().Delete(token);
    }

    [Fact]
    public async Task Every_data_page_renders_for_its_users_in_both_languages()
    {
        var list = Decode(await (await SignIn("gz.ga.commissioner")).GetStringAsync("/datasets"));
        var code = Regex.Match(list, "href=\"/datasets/([^\"/]+)\">人口基础信息<").Groups[1].Value;
        Assert.NotEmpty(code);
        foreach (var (user, url, text) in new[]
        {
            ("gz.ga.commissioner", "/datasets", "本部门的目录"),
            ("gz.ga.commissioner", $"/datasets/{code}", "上传新版本"),
            ("gz.ga.commissioner", $"/datasets/{code}?culture=en", "Upload a new version"),
            ("gz.ga.commissioner", $"/datasets/{code}/upload?culture=en", "Check the mapping"),
            ("gz.ga.staff", $"/datasets/{code}/upload?culture=zh-CN", "选择文件"),
            ("gz.ga.commissioner", $"/datasets/{code}/versions/1", "质量报告"),
            ("gz.sc.commissioner", "/datasets", "可查阅的共享数据"),
            ("gz.sc.commissioner", $"/datasets/{code}", "数据预览"),
            ("gz.bureau", $"/datasets/{code}/versions/1?culture=en", "Quality report"),
            ("gz.bureau", "/datasets/quality?culture=zh-CN", "数据质量一览"),
            ("gy.bureau", "/datasets/quality", "本地区尚无已导入的数据"),
        })
        {
            var c = await SignIn(user);
            var r = await c.GetAsync(url);
            var body = Decode(await r.Content.ReadAsStringAsync());
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{user} {url}: {(int)r.StatusCode}");
            Assert.Contains(text, body);
            Assert.DoesNotContain("Datasets.", body); // every string found in the resources
        }
    }
}

public sealed class DatasetPagesTests_Sqlite(SqliteServer s) : DatasetPagesTests<SqliteServer>(s);
public sealed class DatasetPagesTests_Postgres(PostgresServer s) : DatasetPagesTests<PostgresServer>(s);
