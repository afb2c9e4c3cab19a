namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// A query or a basis named a storage that is not readable: never written, dropped, or a leftover of a load that did
/// not commit (see <see cref="IRowStore"/>'s atomicity rule).
/// </summary>
public sealed class StorageNotFoundException(string storage)
    : InvalidOperationException($"Row storage '{storage}' does not exist or was never committed.")
{
    public string Storage { get; } = storage;
}

/// <summary>Storage names are chosen by the platform, never by users: [a-z0-9_]{1,60}. Checked at every entry point because they become file and table names.</summary>
internal static class StorageNames
{
    public static void Check(string storage, string parameter = "storage")
    {
        ArgumentNullException.ThrowIfNull(storage, parameter);
        if (storage.Length is 0 or > 60) throw new ArgumentException("A storage name has 1 to 60 characters [a-z0-9_].", parameter);
        foreach (var ch in storage)
            if (ch is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
                throw new ArgumentException("A storage name has 1 to 60 characters [a-z0-9_].", parameter);
    }

    /// <summary>The checks every writer makes before touching anything.</summary>
    public static void CheckCreate(string storage, RowSchema schema, LoadMode mode, string? basis)
    {
        Check(storage);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Columns.Count == 0) throw new ArgumentException("A row schema needs at least one column.", nameof(schema));
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            var c = schema.Columns[i];
            if (c.Searchable && c.Type != StoredType.Text)
                throw new ArgumentException($"Column {i} is Searchable but not Text.", nameof(schema));
        }
        foreach (var k in schema.KeyColumns)
            if (k < 0 || k >= schema.Columns.Count) throw new ArgumentException($"Key column {k} is out of range.", nameof(schema));
        if (mode == LoadMode.Replace)
        {
            if (basis is not null) throw new ArgumentException("Replace takes no basis.", nameof(basis));
            return;
        }
        if (basis is null) throw new ArgumentException($"{mode} needs a basis storage.", nameof(basis));
        Check(basis, nameof(basis));
        if (basis == storage) throw new ArgumentException("A storage cannot be its own basis.", nameof(basis));
        if (mode == LoadMode.Upsert && schema.KeyColumns.Count == 0)
            throw new ArgumentException("Upsert needs key columns.", nameof(schema));
    }

    /// <summary>Checks that the query's ordinals exist and that it searches only Searchable columns.</summary>
    public static void CheckQuery(RowSchema schema, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        var n = schema.Columns.Count;
        foreach (var f in query.Filters)
        {
            if ((uint)f.Column >= (uint)n) throw new ArgumentException($"Filter column {f.Column} is out of range.", nameof(query));
            var expected = f.Op switch { FilterOp.IsNull or FilterOp.NotNull => 0, FilterOp.In => -1, _ => 1 };
            if (expected >= 0 && f.Values.Count != expected)
                throw new ArgumentException($"{f.Op} takes {expected} value(s).", nameof(query));
        }
        foreach (var c in query.Columns)
            if ((uint)c >= (uint)n) throw new ArgumentException($"Column {c} is out of range.", nameof(query));
        foreach (var c in query.SearchColumns)
            if ((uint)c >= (uint)n || !schema.Columns[c].Searchable)
                throw new ArgumentException($"Column {c} is not Searchable.", nameof(query));
        if (query.SortColumn is { } s && (uint)s >= (uint)n) throw new ArgumentException($"Sort column {s} is out of range.", nameof(query));
        if (query.Limit is < 0) throw new ArgumentException("Limit cannot be negative.", nameof(query));
        if (!string.IsNullOrEmpty(query.Search) && query.SearchColumns.Count == 0)
        {
            var any = false;
            for (var i = 0; i < n && !any; i++) any = schema.Columns[i].Searchable;
            if (!any) throw new ArgumentException("The schema has no Searchable column.", nameof(query));
        }
    }
}
