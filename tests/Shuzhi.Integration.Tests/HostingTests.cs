using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Shuzhi.Server;

namespace Shuzhi.Integration.Tests;

/// <summary>How the server starts: demo mode, the fixed clock, configuration errors.</summary>
public sealed class HostingTests
{
    private static WebApplication Build(string environment, Dictionary<string, string?> settings)
    {
        var dir = Directory.CreateTempSubdirectory("shuzhi-host-").FullName;
        settings.TryAdd("Shuzhi:DataDirectory", dir);
        return ShuzhiServer.Build([$"--environment={environment}"], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
    }

    [Fact]
    public void Production_refuses_a_fixed_clock()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build("Production", new() { ["Shuzhi:Clock:Now"] = "2026-09-30T10:00:00+08:00" }));
        Assert.Contains("Production", e.Message);
    }

    [Fact]
    public void A_fixed_clock_without_offset_is_refused_clearly()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build("Development", new() { ["Shuzhi:Clock:Now"] = "yesterday" }));
        Assert.Contains("Shuzhi:Clock:Now", e.Message);
    }

    [Fact]
    public void Unknown_database_provider_is_refused_clearly()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build("Development", new() { ["Shuzhi:Database:Provider"] = "oracle" }));
        Assert.Contains("oracle", e.Message);
    }

    [Fact]
    public async Task Outside_demo_mode_the_demo_accounts_endpoint_does_not_exist_and_nothing_is_seeded()
    {
        await using var app = Build("Production", new() { ["Shuzhi:Demo"] = "false" });
        await ShuzhiServer.InitializeAsync(app);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/demo/accounts")).StatusCode);
        var token = await client.PostAsync("/api/v1/auth/token", JsonContent.Create(new { username = "gz.bureau", password = "Shuzhi@2026" }));
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        await app.StopAsync();
    }
}
