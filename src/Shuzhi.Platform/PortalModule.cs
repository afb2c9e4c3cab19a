using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Portal;

// In the root namespace so PlatformRegistration needs no using line (keeps merges of that shared file trivial).
namespace Shuzhi.Platform;

public static class PortalModule
{
    /// <summary>The open data portal (spec 20; issue 5; docs/portal.md). One line per handler.</summary>
    public static IServiceCollection AddPortalModule(this IServiceCollection services)
    {
        // CKAN Action API v3 and DCAT (issue 5 item 8)
        services.AddSingleton<OpenCatalogueCache>();
        services.AddScoped<OpenCatalogue>();
        services.AddScoped<DatastoreSearch>();
        // usage statistics: views, downloads, API calls (issue 5 items 3, 6)
        services.AddSingleton<OpenUsage>();
        services.AddHostedService<OpenUsageFlush>();
        services.AddScoped<UsageStatistics>();
        // back office: preview, statistics, plans, flags, sensitive-field scan, indicators (issue 5 items 6, 7; docs/portal-backoffice.md)
        services.AddScoped<Portal.Backoffice.OpenInventory>();
        services.AddScoped<Portal.Backoffice.PublishPreview>();
        services.AddScoped<Portal.Backoffice.BackofficeStatistics>();
        services.AddScoped<Portal.Backoffice.OpenPlans>();
        services.AddScoped<Portal.Backoffice.OpenFlags>();
        services.AddScoped<Portal.Backoffice.SensitiveScan>();
        services.AddScoped<Datasets.IDataPublishCheck>(sp => sp.GetRequiredService<Portal.Backoffice.SensitiveScan>());
        services.AddScoped<Catalogue.ICataloguePublished, Portal.Backoffice.SensitiveCatalogueCheck>();
        services.AddScoped<Portal.Backoffice.OpenIndicators>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.OpenRateIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.HighQualityShareIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.OnDemandSharingIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.DatasetsAndApisIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.DataVolumeGrowthIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.ApplicationsBuiltIndicator>(); // the lead wires the showcase at merge
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.ResponseTimelinessIndicator>(); // the lead wires data requests at merge
        return services;
    }
}
