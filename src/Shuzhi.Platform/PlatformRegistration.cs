using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Evidence;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform;

/// <summary>Composition of the platform: configuration, clock, database and every module. Used by the server and the CLI.</summary>
public static class PlatformRegistration
{
    public static ShuzhiOptions ReadOptions(IConfiguration configuration)
        => configuration.GetSection("Shuzhi").Get<ShuzhiOptions>() ?? new ShuzhiOptions();

    public static IServiceCollection AddShuzhiPlatform(this IServiceCollection services, IConfiguration configuration, string environmentName)
    {
        var options = ReadOptions(configuration);
        services.AddSingleton(options);
        services.AddSingleton(CreateClock(options, environmentName));

        Directory.CreateDirectory(options.FullDataDirectory);
        switch (options.Database.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var cs = options.Database.ConnectionString
                    ?? $"Data Source={Path.Combine(options.FullDataDirectory, "shuzhi.db")};Default Timeout=30";
                services.AddDbContext<ShuzhiDb, SqliteShuzhiDb>(o => o.UseSqlite(cs));
                break;
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(options.Database.ConnectionString))
                    throw new InvalidOperationException("Shuzhi:Database:ConnectionString is required for the postgres provider.");
                services.AddDbContext<ShuzhiDb, PostgresShuzhiDb>(o => o.UseNpgsql(options.Database.ConnectionString));
                break;
            default:
                throw new InvalidOperationException($"Shuzhi:Database:Provider '{options.Database.Provider}' is not one of sqlite, postgres.");
        }

        // Identity
        services.AddSingleton<Passwords>();
        services.AddScoped<Actors>();
        services.AddScoped<SignIn>();
        services.AddScoped<IssueToken>();
        services.AddScoped<ResolveToken>();
        services.AddScoped<RevokeToken>();
        services.AddSingleton<ActorCache>();
        services.AddSingleton<IEntityChangeObserver>(sp => sp.GetRequiredService<ActorCache>());
        services.AddScoped<ListOrganisations>();
        services.AddScoped<BootstrapPlatform>();
        services.AddScoped<AddOrganisation>();
        services.AddScoped<AddUser>();
        services.AddScoped<IDemoSeeder, IdentityDemoSeeder>();

        // Modules: one line each.
        services.AddAccessLog(o => configuration.GetSection("Shuzhi:AccessLog").Bind(o));
        services.AddCatalogueModule();
        services.AddCalendarModule();
        services.AddCasesModule();
        services.AddEvidenceModule();
        services.AddDatasetsModule(options);
        services.AddSharingModule();
        services.AddPortalModule();
        return services;
    }

    /// <summary>The injectable clock: the system clock, or a fixed "now" outside Production.</summary>
    public static TimeProvider CreateClock(ShuzhiOptions options, string environmentName)
    {
        if (string.IsNullOrWhiteSpace(options.Clock.Now)) return TimeProvider.System;
        if (string.Equals(environmentName, "Production", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Shuzhi:Clock:Now is set, but a fixed clock is refused in Production.");
        if (!DateTimeOffset.TryParse(options.Clock.Now, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var now)
            || !options.Clock.Now.Contains('T'))
            throw new InvalidOperationException($"Shuzhi:Clock:Now '{options.Clock.Now}' is not an ISO 8601 date-time with offset, e.g. 2026-09-30T10:00:00+08:00.");
        return new FixedClock(now);
    }
}

/// <summary>Creates or migrates the database and, in demo mode, seeds demo data on first start.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, bool demo, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
        await db.Database.MigrateAsync(ct);
        if (db is SqliteShuzhiDb)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await Evidence.SigningKeyCreation.RecordAsync(scope.ServiceProvider.GetRequiredService<Evidence.SigningKeys>(), db, ct);
        await scope.ServiceProvider.GetRequiredService<Datasets.DatasetRecovery>().RunAsync(ct);
        if (!demo) return;
        foreach (var seeder in scope.ServiceProvider.GetServices<IDemoSeeder>().OrderBy(s => s.Order))
            await seeder.SeedAsync(db, ct);
    }
}
