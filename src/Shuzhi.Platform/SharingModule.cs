using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Sharing;

// In the root namespace so PlatformRegistration needs no using line (keeps merges of that shared file trivial).
namespace Shuzhi.Platform;

public static class SharingModule
{
    /// <summary>Sharing between departments (spec 10 §3; issue 4; docs/sharing.md). One line per handler; keep sorted by area.</summary>
    public static IServiceCollection AddSharingModule(this IServiceCollection services)
    {
        // Applications (贵州 art.23), grants, usage
        services.AddScoped<SharingApplications>();
        services.AddScoped<ApplicationQueries>();
        services.AddScoped<SharingResources>();
        services.AddScoped<SharingGrants>();
        services.AddScoped<SupplyDemandList>();
        services.AddSingleton<GrantDeliveries>();
        services.AddScoped<IDelegateLookup>(sp => sp.GetRequiredService<Delegations>());
        services.AddScoped<Demo.IDemoSeeder, SharingDemoSeeder>();
        // Seals (贵州 art.26) — docs/sharing-seals.md
        services.AddSingleton<Sharing.Seals.SealKeys>();
        services.AddScoped<Sharing.Seals.DocumentSeals>();
        services.AddScoped<Sharing.Seals.SealedExtracts>();
        // end Seals
        // Stops (art.24), corrections (art.25) — begin (branch stops)
        services.AddScoped<FileSupplyStop>();
        services.AddScoped<CancelSupplyStop>();
        services.AddScoped<ListSupplyStops>();
        services.AddScoped<ReportCorrection>();
        services.AddScoped<AnswerCorrection>();
        services.AddScoped<ListCorrections>();
        // Stops, corrections — end
        // Sharing pages (issue 4 item 9) — docs/sharing-pages.md
        services.AddScoped<SharingActs>();
        // end Sharing pages
        // Filings: commissioners (art.39), conditional basis and re-assessment (art.20), delegation (art.44)
        services.AddSingleton(sp => FilingOptions.From(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddScoped<Commissioners>();
        services.AddScoped<ShareBasisFilings>();
        services.AddScoped<Catalogue.ICataloguePublished>(sp => sp.GetRequiredService<ShareBasisFilings>());
        services.AddScoped<Reassessments>();
        services.AddScoped<Delegations>();
        services.AddScoped<Demo.IDemoSeeder, FilingsDemoSeeder>();
        // end Filings
        return services;
    }
}
