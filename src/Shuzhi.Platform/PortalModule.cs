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
        services.AddScoped<OpenCatalogue>();
        services.AddScoped<DatastoreSearch>();
        // usage statistics: views, downloads, API calls (issue 5 items 3, 6)
        services.AddSingleton<OpenUsage>();
        services.AddHostedService<OpenUsageFlush>();
        services.AddScoped<UsageStatistics>();
        // discovery: advanced search over not-yet-open data, the dataset page's quality, versions and charts (issue 5 items 2, 3)
        services.AddScoped<RequestableCatalogue>();
        services.AddScoped<DatasetInsights>();
        services.AddSingleton<DatasetCharts>();
        return services;
    }
}
