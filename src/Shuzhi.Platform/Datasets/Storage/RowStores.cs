namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>Chooses the row store: rows live in the same kind of database as the platform (docs/datasets.md "Row storage").</summary>
public static class RowStores
{
    public static IRowStore Create(ShuzhiOptions options) =>
        options.Database.Provider.Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => new PostgresRowStore(options.Database.ConnectionString!),
            _ => new SqliteRowStore(Path.Combine(options.FullDataDirectory, "rows")),
        };
}
