using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Shuzhi.Cli;
using Shuzhi.Server;

namespace Shuzhi.Integration.Tests;

/// <summary>Accounts and organisations by the platform administrator, on the demo server.</summary>
public abstract class AdministrationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    [Fact]
    public async Task The_administrator_adds_a_department_and_a_commissioner_who_can_then_sign_in()
    {
        var admin = await server.As("admin");
        var org = await admin.PostAsJsonAsync("/api/v1/admin/organisations",
            new { code = "520100-DSJ2", name = "贵阳市数据资源中心", kind = "Department", parentCode = "520100" });
        Assert.Equal(HttpStatusCode.Created, org.StatusCode);
        var user = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            username = "gy.sjzx.commissioner", displayName = "数据资源中心数据专员", organisationCode = "520100-DSJ2",
            roles = new[] { "DataCommissioner" }, password = "Str0ng-pass-2026",
        });
        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        using var anon = server.Anonymous();
        var token = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "gy.sjzx.commissioner", password = "Str0ng-pass-2026" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("贵阳市数据资源中心", body.GetProperty("organisation").GetString());
    }

    [Theory]
    [InlineData("gz.bureau")]
    [InlineData("gz.ga.commissioner")]
    [InlineData("citizen.zhang")]
    public async Task Only_the_platform_administrator_adds_accounts(string username)
    {
        var client = await server.As(username);
        var r = await client.PostAsJsonAsync("/api/v1/admin/users", new
        {
            username = "intruder", displayName = "x", organisationCode = "520000-DSJ", roles = new[] { "PlatformAdmin" }, password = "Str0ng-pass-2026",
        });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task Weak_passwords_bad_usernames_unknown_roles_and_taken_names_are_refused()
    {
        var admin = await server.As("admin");
        var weak = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            username = "Bad Name", displayName = "x", organisationCode = "520000-GA", roles = new[] { "DataCommissioner" }, password = "short",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        var problem = await weak.Content.ReadFromJsonAsync<JsonElement>();
        var rules = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString() + "/" + e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("username/username", rules);
        Assert.Contains("password/password-strength", rules);
        var unknownRole = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            username = "ok.name", displayName = "x", organisationCode = "520000-GA", roles = new[] { "Emperor" }, password = "Str0ng-pass-2026",
        });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        var taken = await admin.PostAsJsonAsync("/api/v1/admin/users", new
        {
            username = "gz.bureau", displayName = "x", organisationCode = "520000-GA", roles = new[] { "DataCommissioner" }, password = "Str0ng-pass-2026",
        });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var badDivision = await admin.PostAsJsonAsync("/api/v1/admin/organisations", new { code = "52", name = "x", kind = "City", parentCode = "520000" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDivision.StatusCode);
    }
}

public sealed class AdministrationTests_Sqlite(SqliteServer s) : AdministrationTests<SqliteServer>(s);
public sealed class AdministrationTests_Postgres(PostgresServer s) : AdministrationTests<PostgresServer>(s);

/// <summary>A production start: no demo data; `shuzhi setup` creates the first administrator, once.</summary>
public sealed class ProductionSetupTests
{
    [Fact]
    public async Task Setup_creates_the_first_administrator_once_and_the_server_accepts_them()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-setup-").FullName;
        var settings = new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir, ["SHUZHI_PASSWORD"] = "Admin-pass-2026" };
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["setup", "--division-code", "520000", "--division-name", "贵州省", "--admin", "root.admin"];
        Assert.Equal(0, await ShuzhiCli.RunAsync(args, output, error, settings));
        Assert.Contains("root.admin", output.ToString());
        var again = new StringWriter();
        Assert.Equal(2, await ShuzhiCli.RunAsync(args, new StringWriter(), again, settings));
        Assert.Contains("already", again.ToString());

        await using var app = ShuzhiServer.Build(["--environment=Production"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir });
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        }, ServerFixture.ServerProjectDirectory);
        await ShuzhiServer.InitializeAsync(app);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "root.admin", password = "Admin-pass-2026" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/demo/accounts")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Setup_refuses_a_weak_password_and_a_malformed_division_code()
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-setup-").FullName;
        var error = new StringWriter();
        var code = await ShuzhiCli.RunAsync(["setup", "--division-code", "52", "--division-name", "贵州省", "--admin", "root"],
            new StringWriter(), error, new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir, ["SHUZHI_PASSWORD"] = "123" });
        Assert.Equal(2, code);
        Assert.Contains("divisionCode", error.ToString());
        Assert.Contains("adminPassword", error.ToString());
    }
}
