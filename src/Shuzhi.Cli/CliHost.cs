using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform;
using Shuzhi.Platform.Identity;

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
    /// <remarks>No hosted services run here. The access log notices it has no background writer and writes each
    /// record at once (<see cref="Shuzhi.Platform.Audit.AccessLog.Record"/>), so a command that reads protected data
    /// cannot exit with its accesses unwritten.</remarks>
    public static async Task<ServiceProvider> StartAsync(IConfiguration config, CancellationToken ct = default)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShuzhiPlatform(config, EnvironmentName(config));
        var provider = services.BuildServiceProvider();
        await DatabaseInitializer.InitializeAsync(provider, demo: false, ct);
        return provider;
    }

    /// <summary>
    /// Signs a CLI user in with the platform's own check (the same as the web and API): username from --user,
    /// password from SHUZHI_PASSWORD (never a command-line argument, which other users can see in ps).
    /// </summary>
    public static async Task<Actor> SignInAsync(IServiceProvider services, IConfiguration config, string? username, CancellationToken ct = default)
    {
        var password = config["SHUZHI_PASSWORD"];
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            throw new Shuzhi.Platform.Common.BadRequestProblem("user", "required", "give --user NAME and the password in SHUZHI_PASSWORD");
        await using var scope = ((ServiceProvider)services).CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignIn>().Handle(new SignIn.Command(username, password), ct, SignIn.Channel.Cli);
    }
}
