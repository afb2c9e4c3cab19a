using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Demo;

/// <summary>
/// Demo data of one module, created on first start in demo mode. Seeders run in <see cref="Order"/>
/// (identity first, 0); each module registers its own.
/// </summary>
public interface IDemoSeeder
{
    int Order { get; }
    Task SeedAsync(ShuzhiDb db, CancellationToken ct);
}
