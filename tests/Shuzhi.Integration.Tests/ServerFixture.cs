using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// A real Shuzhi server on 127.0.0.1 (Kestrel, random port), with a fresh database, demo data and a fixed clock
/// (2026-09-30T10:00:00+08:00) that tests may move. One per test class and database.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset DemoNow = DateTimeOffset.Parse("2026-09-30T10:00:00+08:00");
    private readonly Dictionary<string, string> tokens = [];

    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("shuzhi-test-").FullName;
    public FixedClock Clock => (FixedClock)App.Services.GetRequiredService<TimeProvider>();
    public abstract string Provider { get; }

    /// <summary>Settings of the database this fixture runs on.</summary>
    protected abstract Task<Dictionary<string, string?>> DatabaseSettingsAsync();

    /// <summary>All settings the server starts with: what the CLI needs to reach the same database.</summary>
    public Dictionary<string, string?> Settings { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Shuzhi:DataDirectory"] = DataDirectory,
            ["Shuzhi:Clock:Now"] = DemoNow.ToString("O"),
            ["Shuzhi:Demo"] = "true",
        };
        foreach (var (k, v) in await DatabaseSettingsAsync()) Settings[k] = v;
        App = ShuzhiServer.Build(["--environment=Development"], b =>
        {
            b.Configuration.AddInMemoryCollection(Settings);
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        }, ServerProjectDirectory);
        await ShuzhiServer.InitializeAsync(App);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public virtual async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>src/Shuzhi.Server of this checkout, so the server finds its wwwroot as under `dotnet run`.</summary>
    public static string ServerProjectDirectory { get; } = FindServerProject();

    private static string FindServerProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Shuzhi.Server");
            if (Directory.Exists(Path.Combine(candidate, "wwwroot"))) return candidate;
        }
        throw new InvalidOperationException("src/Shuzhi.Server not found above " + AppContext.BaseDirectory);
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>Runs `shuzhi ARGS` in-process on this server's data (demo password in SHUZHI_PASSWORD): exit code, stdout, stderr.</summary>
    public async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var config = new Dictionary<string, string?>(Settings)
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["SHUZHI_PASSWORD"] = Shuzhi.Platform.Identity.DemoDirectory.Password,
        };
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Shuzhi.Cli.ShuzhiCli.RunAsync(args, o, e, config);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>
    /// Moves the injectable clock to <paramref name="instant"/> and forgets the cached tokens (they expire by that clock):
    /// clients made before hold old tokens, so take new ones with <see cref="As"/>.
    /// </summary>
    public void SetNow(DateTimeOffset instant)
    {
        Clock.Set(instant);
        tokens.Clear();
    }

    /// <summary>A client with a bearer token of the demo account <paramref name="username"/>.</summary>
    public async Task<HttpClient> As(string username)
    {
        if (!tokens.TryGetValue(username, out var token))
        {
            using var anon = Anonymous();
            var response = await anon.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoDirectory.Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            tokens[username] = token;
        }
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs something with the platform's services (as the CLI would), e.g. to inspect or tamper with the database.</summary>
    public async Task<T> WithServices<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

public sealed class SqliteServer : ServerFixture
{
    public override string Provider => "sqlite";
    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync()
        => Task.FromResult(new Dictionary<string, string?> { ["Shuzhi:Database:Provider"] = "sqlite" });
}

/// <summary>
/// PostgreSQL from SHUZHI_TEST_PG (./test.sh starts a throw-away cluster and sets it). A fresh database per fixture.
/// Without the variable the tests fail, saying so: they are never skipped silently.
/// </summary>
public sealed class PostgresServer : ServerFixture
{
    private string? database;
    public override string Provider => "postgres";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("SHUZHI_TEST_PG")
        ?? throw new InvalidOperationException("SHUZHI_TEST_PG is not set: run ./test.sh, which starts PostgreSQL and sets it.");

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        database = $"shuzhi_t_{Guid.NewGuid():N}";
        await using (var conn = new NpgsqlConnection(AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;
        return new() { ["Shuzhi:Database:Provider"] = "postgres", ["Shuzhi:Database:ConnectionString"] = cs };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
