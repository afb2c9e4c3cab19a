using System.Net;
using System.Text.RegularExpressions;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests;

/// <summary>Signs in to the web UI the way a browser does: GET the form, POST it with the antiforgery token, keep the cookie.</summary>
public static partial class WebSignIn
{
    public static async Task<HttpClient> SignInAsync(ServerFixture server, string username, string password = DemoDirectory.Password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
        var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        var form = await client.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public abstract class WebUiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    [Fact]
    public async Task Signing_in_shows_the_home_page_with_the_users_name_and_organisation()
    {
        using var client = await WebSignIn.SignInAsync(server, "gy.bureau");
        var home = await client.GetStringAsync("/");
        Assert.Contains("贵阳市大数据局审核员", home);
        Assert.Contains("贵阳市大数据发展管理局", home);
    }

    [Fact]
    public async Task Wrong_password_stays_on_the_form_with_an_error()
    {
        using var client = await WebSignIn.SignInAsync(server, "gy.bureau", "nope");
        var page = await client.GetStringAsync("/");
        Assert.Contains("name=\"password\"", page); // redirected back to the sign-in form
    }

    [Fact]
    public async Task Pages_need_sign_in_and_the_language_switches_to_English()
    {
        using var anon = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var home = await anon.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/login", home.Headers.Location!.PathAndQuery);
        var english = await anon.GetStringAsync("/login?culture=en");
        Assert.Contains("Sign in", english);
        var chinese = await anon.GetStringAsync("/login?culture=zh-CN");
        Assert.Contains("登录", chinese);
    }
}

public sealed class WebUiTests_Sqlite(SqliteServer s) : WebUiTests<SqliteServer>(s);
public sealed class WebUiTests_Postgres(PostgresServer s) : WebUiTests<PostgresServer>(s);
