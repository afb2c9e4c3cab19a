using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform;

namespace Shuzhi.Cli;

/// <summary>
/// The CLI's composition: the same platform services as the server, configured from the same environment
/// variables (Shuzhi__DataDirectory, Shuzhi__Database__Provider, Shuzhi__Database__ConnectionString, Shuzhi__Clock__Now).
/// The environment is DOTNET_ENVIRONMENT (default Production, where a fixed clock is refused).
/// </summary>
public static class CliHost
{
    public static IConfiguration Configuration(IDictionary<string, string?>? overrides = null)
        => new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides ?? new Dictionary<string, string?>()).Build();

    public static string EnvironmentName(IConfiguration config)
        => config["DOTNET_ENVIRONMENT"] ?? config["ASPNETCORE_ENVIRONMENT"] ?? "Production";

    /// <summary>Builds the platform services and prepares the database (migrations; no demo seeding).</summary>
    public static async Task<ServiceProvider> StartAsync(IConfiguration config, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShuzhiPlatform(config, EnvironmentName(config));
        var provider = services.BuildServiceProvider();
        await DatabaseInitializer.InitializeAsync(provider, demo: false, ct);
        return provider;
    }
}
