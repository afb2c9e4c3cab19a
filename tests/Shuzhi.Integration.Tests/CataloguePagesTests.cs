using System.Net;
using System.Text.RegularExpressions;

namespace Shuzhi.Integration.Tests;

/// <summary>The catalogue's web pages, signed in with a cookie as a person would, forms posted with their antiforgery token.</summary>
public abstract class CataloguePagesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<HttpClient> SignIn(string user) => WebSignIn.SignInAsync(server, user);

    private static async Task<string> Token(HttpClient client, string url) => WebSignIn.Token(await client.GetStringAsync(url));

    [Fact]
    public async Task Search_page_finds_Chinese_substrings_and_links_to_the_entry()
    {
        var c = await SignIn("gz.gov");
        var html = await c.GetStringAsync("/catalogue?q=户籍");
        Assert.Contains("居民户籍信息", html);
        Assert.DoesNotContain("企业登记信息", html);
        var code = Regex.Match(html, "href=\"/catalogue/(520000-GA-\\d{4})\"").Groups[1].Value;
        var detail = await c.GetStringAsync($"/catalogue/{code}");
        Assert.Contains("居民身份证号码", detail);
        Assert.Contains("版本记录", detail);
        Assert.DoesNotContain("data-test=\"edit\"", detail);
    }

    [Fact]
    public async Task An_unknown_enum_value_in_the_form_is_reported_as_enum_naming_the_field()
    {
        var c = await SignIn("gz.ga.commissioner");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Token(c, "/catalogue/new"), ["Form.Name"] = "枚举测试信息", ["Form.Summary"] = "x", ["Form.SourceBusiness"] = "x",
            ["Form.SourceSystem"] = "x", ["Form.Category"] = "Bogus", ["Form.Domain"] = "x", ["Form.ShareType"] = "Unconditional",
            ["Form.OpenType"] = "NotOpen", ["Form.OpenReason"] = "x", ["Form.Grade"] = "General", ["Form.UpdateCycle"] = "Daily",
            ["Form.Formats"] = "数据库表", ["Form.SubjectKind"] = "None",
            ["Form.Fields[0].Name"] = "事项编号", ["Form.Fields[0].Type"] = "Blob", ["Form.Fields[0].Sensitivity"] = "Internal",
        };
        var r = await c.PostAsync("/catalogue/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("“Bogus”不是有效值", html);
        Assert.Contains("“Blob”不是有效值", html);
        Assert.DoesNotContain("资源类别不能为空", html);
        Assert.DoesNotContain("数据项类型不能为空", html);
    }

    [Fact]
    public async Task New_entry_form_shows_the_rule_next_to_the_field_then_saves_and_submits()
    {
        var c = await SignIn("gz.ga.commissioner");
        var token = await Token(c, "/catalogue/new");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Form.Name"] = "网页表单测试信息", ["Form.Summary"] = "网页录入", ["Form.SourceBusiness"] = "测试业务",
            ["Form.SourceSystem"] = "测试系统", ["Form.Category"] = "Departmental", ["Form.Domain"] = "公共安全", ["Form.ShareType"] = "Conditional",
            ["Form.OpenType"] = "NotOpen", ["Form.OpenReason"] = "涉及个人信息", ["Form.Grade"] = "General", ["Form.UpdateCycle"] = "Daily",
            ["Form.Formats"] = "数据库表", ["Form.SubjectKind"] = "None",
            ["Form.Fields[0].Name"] = "事项编号", ["Form.Fields[0].Type"] = "String", ["Form.Fields[0].Sensitivity"] = "Internal",
            ["Form.Fields[1].Name"] = "", ["Form.Fields[1].Type"] = "String", ["Form.Fields[1].Sensitivity"] = "Internal",
        };
        var bad = await c.PostAsync("/catalogue/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("share-legal-basis", html);
        Assert.Contains("第二十条", html);

        fields["Form.ShareBasis"] = "《中华人民共和国数据安全法》第三十八条";
        var ok = await c.PostAsync("/catalogue/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var code = Regex.Match(ok.RequestMessage!.RequestUri!.AbsolutePath, "/catalogue/(.+)$").Groups[1].Value;
        Assert.StartsWith("520000-GA-", code);
        var detail = await ok.Content.ReadAsStringAsync();
        Assert.Contains("草稿", detail);

        var submitted = await c.PostAsync($"/catalogue/{code}?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebSignIn.Token(detail),
        }));
        Assert.Contains("待审核", await submitted.Content.ReadAsStringAsync());

        var bureau = await SignIn("gz.bureau");
        Assert.Contains(code, await bureau.GetStringAsync("/catalogue/review"));
        var other = await SignIn("gz.sc.commissioner");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/catalogue/{code}")).StatusCode);
    }

    [Theory]
    [InlineData("gz.bureau", "/catalogue/520000-GA-0001")]
    [InlineData("gz.bureau", "/catalogue/review")]
    [InlineData("gz.bureau", "/catalogue/changes")]
    [InlineData("gy.bureau", "/catalogue/520100-RS-0001")]
    [InlineData("gy.rs.commissioner", "/catalogue/520100-RS-0001")]
    [InlineData("gy.rs.commissioner", "/catalogue/520100-RS-0001/edit")]
    [InlineData("gy.rs.commissioner", "/catalogue/import")]
    [InlineData("gz.ga.staff", "/catalogue/new?more=3")]
    [InlineData("gz.ga.staff", "/catalogue?category=Base&shareType=Unconditional&p=1")]
    [InlineData("gz.gov", "/catalogue/520000-GA-0001?v=1&culture=en")]
    public async Task Every_catalogue_page_renders_for_its_users(string user, string url)
    {
        var c = await SignIn(user);
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.EndsWith(new Uri(server.BaseAddress, url).AbsolutePath, r.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Bureau_sees_the_conflict_and_the_running_change_on_the_entry_pages()
    {
        var bureau = await SignIn("gz.bureau");
        var ga = await bureau.GetStringAsync("/catalogue/520000-GA-0001");
        Assert.Contains("GB11643.居民身份证号码", ga);
        Assert.Contains("确定权威来源", ga);
        var gy = await SignIn("gy.bureau");
        var rs = await gy.GetStringAsync("/catalogue/520100-RS-0001");
        Assert.Contains("社会保险经办条例", rs);
        Assert.Contains("同意延长 5 个工作日", rs);
        var commissioner = await SignIn("gy.rs.commissioner");
        var own = await commissioner.GetStringAsync("/catalogue/520100-RS-0001");
        Assert.Contains("data-test=\"update-clock\"", own);
        Assert.Contains("第九条", own);
    }

    [Fact]
    public async Task The_public_cannot_open_the_catalogue_pages()
    {
        var c = await SignIn("citizen.zhang");
        var r = await c.GetAsync("/catalogue");
        Assert.EndsWith("/denied", r.RequestMessage!.RequestUri!.AbsolutePath);
    }
}

public sealed class CataloguePagesTests_Sqlite(SqliteServer s) : CataloguePagesTests<SqliteServer>(s);
public sealed class CataloguePagesTests_Postgres(PostgresServer s) : CataloguePagesTests<PostgresServer>(s);
