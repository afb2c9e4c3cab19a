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
        // Conditional opening and withdrawal announcements (issue 5 items 4, 9; 贵州 arts 31, 33; docs/portal-opening.md)
        services.AddScoped<OpenApplications>();
        services.AddScoped<OpenApplicationQueries>();
        services.AddScoped<OpenWithdrawals>();
        services.AddScoped<Demo.IDemoSeeder, OpeningDemoSeeder>();
        return services;
    }
}
