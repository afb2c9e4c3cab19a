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
        // Subscriptions with notices, community (social) data, showcase (issue 5 items 2, 5, 9; docs/portal-community.md)
        services.AddScoped<Portal.Community.Subscriptions>();
        services.AddScoped<Portal.Community.MyNotices>();
        services.AddScoped<Portal.Community.ContactEmail>();
        services.AddScoped<Portal.Community.NoticeMailer>();
        services.AddScoped<Portal.Community.ScanSubscriptions>();
        services.AddScoped<Portal.Community.SubmitCommunityData>();
        services.AddScoped<Portal.Community.SubmitShowcase>();
        services.AddScoped<Portal.Community.ReviewSubmission>();
        services.AddScoped<Portal.Community.ContributionQueries>();
        services.AddScoped<Demo.IDemoSeeder, Portal.Community.CommunityDemoSeeder>();
        // Data requests, objections, ratings (issue 5 item 5; docs/portal-requests.md)
        services.AddScoped<Portal.Requests.SubmitDataRequest>();
        services.AddScoped<Portal.Requests.RouteDataRequest>();
        services.AddScoped<Portal.Requests.AnswerDataRequest>();
        services.AddScoped<Portal.Requests.DataRequestQueries>();
        services.AddScoped<Portal.Requests.RequestTimeliness>();
        services.AddScoped<Portal.Requests.RaiseObjection>();
        services.AddScoped<Portal.Requests.AnswerObjection>();
        services.AddScoped<Portal.Requests.RateDataset>();
        services.AddScoped<Portal.Requests.DatasetFeedbackQueries>();
        services.AddScoped<Demo.IDemoSeeder, Portal.Requests.RequestsDemoSeeder>();
        // discovery: advanced search over not-yet-open data, the dataset page's quality, versions and charts (issue 5 items 2, 3)
        services.AddScoped<RequestableCatalogue>();
        services.AddScoped<DatasetInsights>();
        services.AddSingleton<DatasetCharts>();
        // Conditional opening and withdrawal announcements (issue 5 items 4, 9; 贵州 arts 31, 33; docs/portal-opening.md)
        services.AddScoped<OpenApplications>();
        services.AddScoped<OpenApplicationQueries>();
        services.AddScoped<OpenWithdrawals>();
        services.AddScoped<Demo.IDemoSeeder, OpeningDemoSeeder>();
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
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.ApplicationsBuiltIndicator>();
        services.AddSingleton<Portal.Backoffice.IOpenIndicator, Portal.Backoffice.ResponseTimelinessIndicator>();
        return services;
    }
}
