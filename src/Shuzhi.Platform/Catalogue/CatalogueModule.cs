using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Demo;

// In the root namespace so PlatformRegistration needs no using line (keeps merges of that shared file trivial).
namespace Shuzhi.Platform;

public static class CatalogueModule
{
    /// <summary>政务数据资源目录 (spec 10 §1): handlers and demo data.</summary>
    public static IServiceCollection AddCatalogueModule(this IServiceCollection services)
    {
        services.AddScoped<CaseDeskAccess>();
        services.AddScoped<CatalogueViews>();
        services.AddScoped<CreateDraft>();
        services.AddScoped<UpdateDraft>();
        services.AddScoped<SubmitEntry>();
        services.AddScoped<ReviewEntry>();
        services.AddScoped<WithdrawEntry>();
        services.AddScoped<GetEntry>();
        services.AddScoped<ListVersions>();
        services.AddScoped<SearchEntries>();
        services.AddScoped<RegisterChange>();
        services.AddScoped<ExtendUpdate>();
        services.AddScoped<ListChanges>();
        services.AddScoped<DecideConflict>();
        services.AddScoped<ListConflicts>();
        services.AddScoped<ExportCatalogue>();
        services.AddScoped<ImportCatalogue>();
        services.AddScoped<IDemoSeeder, CatalogueDemoSeeder>();
        return services;
    }
}
