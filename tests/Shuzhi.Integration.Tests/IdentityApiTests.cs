using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

public abstract class IdentityApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    [Fact]
    public async Task Token_with_right_password_identifies_the_user()
    {
        var client = await server.As("gz.ga.commissioner");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("gz.ga.commissioner", me.GetProperty("username").GetString());
        Assert.Equal("贵州省公安厅", me.GetProperty("organisation").GetString());
        Assert.Contains("DataCommissioner", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Wrong_password_gets_401_problem()
    {
        using var anon = server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "gz.bureau", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_fields_name_the_field()
    {
        using var anon = server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "gz.bureau" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "password");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var anon = server.Anonymous();
        var r = await anon.PostAsync("/api/v1/auth/token", new StringContent("{\"username\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_a_bad_token_too()
    {
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/me")).StatusCode);
        anon.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_request_without_a_json_body_is_a_4xx_problem_not_a_500()
    {
        using var anon = server.Anonymous();
        var none = await anon.PostAsync("/api/v1/auth/token", null);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        var text = await anon.PostAsync("/api/v1/auth/token", new StringContent("username=x", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var nullBody = await anon.PostAsync("/api/v1/auth/token", new StringContent("null", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nullBody.StatusCode);
    }

    [Fact]
    public async Task Failed_and_web_sign_ins_are_in_the_audit_log()
    {
        using var anon = server.Anonymous();
        await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "gz.sc.staff", password = "guess-1" });
        using var web = await WebSignIn.SignInAsync(server, "gz.sc.deputy");
        var (failed, signedIn) = await server.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            var f = await db.Set<Shuzhi.Platform.Audit.AuditRecord>().CountAsync(r => r.Action == "auth.signin.failed" && r.Subject == "user:gz.sc.staff");
            var s = await db.Set<Shuzhi.Platform.Audit.AuditRecord>().CountAsync(r => r.Action == "auth.signin" && r.Actor == "gz.sc.deputy");
            return (f, s);
        });
        Assert.Equal(1, failed);
        Assert.Equal(1, signedIn);
    }

    private async Task<HttpClient> FreshToken(string username)
    {
        using var anon = server.Anonymous();
        var issued = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoDirectory.Password });
        issued.EnsureSuccessStatusCode();
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_very_next_request()
    {
        using var revoking = await FreshToken("gy.gov");
        using var other = await FreshToken("gy.gov");
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await revoking.GetAsync("/api/v1/me")).StatusCode); // now remembered
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await revoking.DeleteAsync("/api/v1/auth/token")).StatusCode);
        var refused = await revoking.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoking.DeleteAsync("/api/v1/auth/token")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/me")).StatusCode); // only that token is signed out

        var revocations = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<Shuzhi.Platform.Audit.AuditRecord>()
            .CountAsync(r => r.Action == "auth.token.revoke" && r.Actor == "gy.gov"));
        Assert.Equal(1, revocations);
    }

    [Fact]
    public async Task Changed_roles_and_a_disabled_account_take_effect_on_the_next_request()
    {
        using var api = await FreshToken("zy.bureau");
        using var web = await WebSignIn.SignInAsync(server, "zy.bureau");
        Assert.Equal(["BureauStaff"], await Roles(api));
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/api/v1/me")).StatusCode);
        try
        {
            await ChangeUser("zy.bureau", u => u.Roles = "BureauStaff,DataCommissioner");
            Assert.Equal(["BureauStaff", "DataCommissioner"], await Roles(api));
            Assert.Equal(["BureauStaff", "DataCommissioner"], await Roles(web));

            await ChangeUser("zy.bureau", u => u.Disabled = true);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await web.GetAsync("/api/v1/me")).StatusCode);
        }
        finally
        {
            await ChangeUser("zy.bureau", u => { u.Disabled = false; u.Roles = "BureauStaff"; });
        }
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        static async Task<List<string?>> Roles(HttpClient client)
            => (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList();
    }

    /// <summary>A change to an account as any handler would save it (through ShuzhiDb, audited).</summary>
    private Task<int> ChangeUser(string username, Action<User> change) => server.WithServices(async sp =>
    {
        var db = sp.GetRequiredService<ShuzhiDb>();
        var user = await db.Set<User>().SingleAsync(u => u.Username == username);
        change(user);
        db.Audit(Actor.System, "test.user.change", $"user:{username}");
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_browser_session_reads_the_api_but_cannot_change_state_through_it()
    {
        using var web = await WebSignIn.SignInAsync(server, "gz.ga.commissioner");
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/api/v1/me")).StatusCode);
        // What a forged cross-site request would be: the cookie alone does not authorise an API POST.
        var forged = await web.PostAsJsonAsync("/api/v1/catalogue/entries", new { name = "伪造" });
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var forgedMultipart = await web.PostAsync("/api/v1/catalogue/import", new MultipartFormDataContent { { new StringContent("{}"), "file", "x.json" } });
        Assert.Equal(HttpStatusCode.Unauthorized, forgedMultipart.StatusCode);
        var forgedJson = await web.PostAsJsonAsync("/api/v1/supervision/detect-overdue", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, forgedJson.StatusCode);
    }

    [Fact]
    public async Task Unknown_api_routes_and_methods_get_problem_details()
    {
        var client = await server.As("gz.bureau");
        var missing = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var wrongMethod = await client.DeleteAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_schema_comes_from_migrations_that_cover_the_whole_model()
    {
        var (pending, applied) = await server.WithServices(sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            return Task.FromResult((db.Database.HasPendingModelChanges(), db.Database.GetAppliedMigrations().Count()));
        });
        Assert.False(pending, "The model has changes no migration covers: add one (README, Database migrations).");
        Assert.True(applied > 0);
    }

    [Fact]
    public async Task Demo_accounts_are_listed_in_demo_mode_with_working_passwords()
    {
        using var anon = server.Anonymous();
        var accounts = await anon.GetFromJsonAsync<JsonElement>("/api/v1/demo/accounts");
        Assert.Equal(DemoDirectory.Accounts.Length, accounts.GetArrayLength());
        var first = accounts.EnumerateArray().First(a => a.GetProperty("username").GetString() == "gy.bureau");
        Assert.Equal("贵阳市大数据发展管理局", first.GetProperty("organisation").GetString());
        var r = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username = "gy.bureau", password = first.GetProperty("password").GetString() });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Organisation_tree_follows_GB_T_2260()
    {
        var client = await server.As("gz.bureau");
        var orgs = await client.GetFromJsonAsync<JsonElement>("/api/v1/organisations");
        var codes = orgs.EnumerateArray().ToDictionary(o => o.GetProperty("code").GetString()!, o => o);
        Assert.Equal("Province", codes["520000"].GetProperty("kind").GetString());
        Assert.Equal(codes["520000"].GetProperty("id").GetString(), codes["520100"].GetProperty("parentId").GetString());
        Assert.Equal(codes["520100"].GetProperty("id").GetString(), codes["520102"].GetProperty("parentId").GetString());
        Assert.Equal(2, orgs.EnumerateArray().Count(o => o.GetProperty("kind").GetString() == "City"));
        Assert.Equal(4, orgs.EnumerateArray().Count(o => o.GetProperty("kind").GetString() == "County"));
    }
}

public sealed class IdentityApiTests_Sqlite(SqliteServer s) : IdentityApiTests<SqliteServer>(s);
public sealed class IdentityApiTests_Postgres(PostgresServer s) : IdentityApiTests<PostgresServer>(s);
