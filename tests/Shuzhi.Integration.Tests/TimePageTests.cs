using System.Net;

namespace Shuzhi.Integration.Tests;

/// <summary>The /time page as a browser uses it: cookie sign-in, forms with antiforgery tokens.</summary>
public abstract class TimePageTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<HttpClient> Browser(string username) => WebSignIn.SignInAsync(server, username);

    private static string Token(string html) => WebSignIn.Token(html);

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_login()
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync("/time");
        Assert.Contains("/login", r.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task Calculator_shows_the_due_date_and_the_rule()
    {
        using var browser = await Browser("gz.ga.staff");
        var html = await browser.GetStringAsync("/time?start=2026-02-16&length=5&unit=working-days&kind=deadline");
        Assert.Contains("data-test=\"due\">2026-02-28<", html);
        Assert.Contains("事件当日不计入", html);
        Assert.DoesNotContain("data-test=\"provisional\"", html);
        var provisional = await browser.GetStringAsync("/time?start=2026-12-28&length=10&unit=working-days");
        Assert.Contains("data-test=\"due\">2027-01-11<", provisional);
        Assert.Contains("data-test=\"provisional\"", provisional);
        var bad = await browser.GetStringAsync("/time?start=2026-02-16&length=0&unit=working-days");
        Assert.Contains("data-test=\"period-problem\"", bad);
        Assert.Contains("<code>length</code>", bad);
        // A date at the edge of the calendar is a named problem on the page, not a crash.
        var ancient = await browser.GetAsync("/time?start=0001-01-01&length=1&unit=days");
        Assert.Equal(HttpStatusCode.OK, ancient.StatusCode);
        var ancientHtml = await ancient.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"period-problem\"", ancientHtml);
        Assert.Contains("<code>start</code>", ancientHtml);
        var en = await browser.GetStringAsync("/time?start=2026-04-03&length=30&unit=days&culture=en");
        Assert.Contains("data-test=\"due\">2026-05-06<", en);
        Assert.Contains("the last day becomes the next working day", en);
    }

    [Fact]
    public async Task Calendar_marks_holidays_adjusted_days_and_provisional_years()
    {
        using var browser = await Browser("gz.ga.staff");
        var html = await browser.GetStringAsync("/time?year=2026");
        Assert.Contains("class=\"holiday\" title=\"春节 放假\" data-date=\"2026-02-17\"", html);
        Assert.Contains("class=\"adjusted\" title=\"春节 调休上班\" data-date=\"2026-02-28\"", html);
        Assert.DoesNotContain("data-test=\"year-provisional\"", html);
        Assert.DoesNotContain("id=\"import\"", html); // not an administrator
        var provisional = await browser.GetStringAsync("/time?year=2035");
        Assert.Contains("data-test=\"year-provisional\"", provisional);
    }

    [Fact]
    public async Task An_administrator_loads_a_year_from_the_page_and_sees_errors()
    {
        using var browser = await Browser("admin");
        var page = await browser.GetStringAsync("/time?year=2034");
        Assert.Contains("id=\"import\"", page);
        var token = Token(page);

        var bad = await browser.PostAsync("/time?handler=Import", new MultipartFormDataContent
        {
            { new StringContent("{\"year\": 2034, \"off\": [\"2034-01-02\"], \"work\": [\"2034-01-03\"]}"), "ImportJson" },
            { new StringContent(""), "ImportNotice" },
            { new StringContent(token), "__RequestVerificationToken" },
        });
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"import-problem\"", badHtml);
        Assert.Contains("<code>noticeReference</code>", badHtml);
        Assert.Contains("work-on-weekend", badHtml);

        var file = new ByteArrayContent("{\"year\": 2034, \"off\": [\"2034-01-02\"], \"work\": [], \"names\": {\"2034-01-02\": \"元旦\"}}"u8.ToArray());
        var ok = await browser.PostAsync("/time?handler=Import", new MultipartFormDataContent
        {
            { file, "ImportFile", "2034.json" },
            { new StringContent("国办发明电〔2033〕1号（测试）"), "ImportNotice" },
            { new StringContent(token), "__RequestVerificationToken" },
        });
        var okHtml = await ok.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"imported\"", okHtml);
        Assert.Contains("class=\"holiday\" title=\"元旦 放假\" data-date=\"2034-01-02\"", okHtml);
        Assert.Contains("国办发明电〔2033〕1号（测试）", okHtml);
    }
}

public sealed class TimePageTests_Sqlite(SqliteServer s) : TimePageTests<SqliteServer>(s);
public sealed class TimePageTests_Postgres(PostgresServer s) : TimePageTests<PostgresServer>(s);
