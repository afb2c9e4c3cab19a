using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;

// In the root namespace so PlatformRegistration needs no using line (keeps merges of that shared file trivial).
namespace Shuzhi.Platform;

public static class DatasetsModule
{
    /// <summary>Data resources (spec 10 §2; issue 3): loading, versions, quality, masking, rows and downloads.</summary>
    public static IServiceCollection AddDatasetsModule(this IServiceCollection services, ShuzhiOptions options)
    {
        services.AddSingleton<MaskingKey>();
        services.AddSingleton<DatasetDirectory>();
        services.AddSingleton<Persistence.IEntityChangeObserver>(sp => sp.GetRequiredService<DatasetDirectory>());
        services.AddSingleton<IRowStore>(_ => RowStores.Create(options));
        services.AddScoped<LoadDataset>();
        services.AddScoped<PublishVersion>();
        services.AddScoped<GetDataset>();
        services.AddScoped<ReadRows>();
        services.AddScoped<ExportRows>();
        services.AddScoped<DatasetGrants>();
        services.AddScoped<QualityOversight>();
        services.AddScoped<ListDatasets>();
        services.AddScoped<DatasetRecovery>();
        services.AddScoped<Demo.IDemoSeeder, DatasetDemoSeeder>();
        return services;
    }
}
