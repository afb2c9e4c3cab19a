namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// How a field's values are stored. CLR values handed to and returned by the store:
/// Text → string, Integer → long, Decimal → decimal (stored as REAL in SQLite, numeric in PostgreSQL; read back as decimal),
/// Date → DateOnly, DateTime → DateTime (China time, no offset), Boolean → bool. Null is null.
/// </summary>
public enum StoredType : byte { Text, Integer, Decimal, Date, DateTime, Boolean }

/// <summary>
/// One stored column. <paramref name="Name"/> is the catalogue field name (any Unicode); physical column names are
/// c0, c1, … by ordinal and never derived from user text. <paramref name="Indexed"/>: build a B-tree index (equality,
/// range, sort). <paramref name="Searchable"/>: included in the substring-search index (Text columns only).
/// </summary>
public sealed record StoredColumn(string Name, StoredType Type, bool Indexed = false, bool Searchable = false);

/// <summary>The layout of one stored version. <see cref="KeyColumns"/> are ordinals into <see cref="Columns"/> (may be empty).</summary>
public sealed record RowSchema(IReadOnlyList<StoredColumn> Columns, IReadOnlyList<int> KeyColumns)
{
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>How a new version is built from the rows of the file and the previous version.</summary>
public enum LoadMode : byte
{
    /// <summary>The new version holds the file's rows only.</summary>
    Replace,
    /// <summary>The previous version's rows, then the file's rows.</summary>
    Append,
    /// <summary>The file's rows, plus every previous row whose key does not occur in the file (key = <see cref="RowSchema.KeyColumns"/>).</summary>
    Upsert,
}

/// <summary>
/// Row storage for dataset versions. A "storage" is one immutable version's rows, named by the caller with
/// [a-z0-9_]{1,60} (e.g. "v_3f2a…_12"). Every row has a hidden ordinal <c>_row</c> (1…N in load order; the stable
/// tie-breaker of keyset pagination) and a hidden <c>_bad</c> text (JSON object field name → raw source text, for cells
/// whose text could not be typed; null when the row had none).
/// Atomicity: a storage becomes readable only when <see cref="IRowWriter.CommitAsync"/> returns; a writer disposed
/// without commit, a cancelled load or a killed process leaves nothing readable under that name
/// (<see cref="ListAsync"/> may still list leftovers so the caller can drop them).
/// </summary>
public interface IRowStore
{
    /// <summary>"sqlite" or "postgres" — recorded with each version.</summary>
    string Kind { get; }

    /// <summary>
    /// Starts writing a new storage. With <paramref name="basis"/> (Append/Upsert) the previous storage's rows are
    /// combined as <see cref="LoadMode"/> says; <paramref name="basis"/> must have the same schema.
    /// </summary>
    Task<IRowWriter> CreateAsync(string storage, RowSchema schema, LoadMode mode, string? basis, CancellationToken ct);

    /// <summary>Deletes a storage (committed or leftover). Missing is not an error.</summary>
    Task DropAsync(string storage, CancellationToken ct);

    /// <summary>Every storage name present, committed or leftover.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken ct);

    /// <summary>One page of rows (the hot path of the row API).</summary>
    Task<RowPage> QueryAsync(string storage, RowSchema schema, RowQuery query, CancellationToken ct);

    /// <summary>Every matching row, in query order, for downloads; <see cref="RowQuery.Limit"/> and <see cref="RowQuery.After"/> are honoured if set.</summary>
    IAsyncEnumerable<StoredRow> ScanAsync(string storage, RowSchema schema, RowQuery query, CancellationToken ct);
}

/// <summary>Writes one storage. Not thread-safe: one writer thread. Dispose without commit = abort.</summary>
public interface IRowWriter : IAsyncDisposable
{
    /// <summary>
    /// Adds one row: <paramref name="values"/> has one CLR value per schema column (see <see cref="StoredType"/>);
    /// <paramref name="bad"/> is the _bad JSON or null. May buffer; rows get _row numbers in the order added.
    /// </summary>
    ValueTask AddAsync(object?[] values, string? bad, CancellationToken ct);

    /// <summary>Finishes: merges the basis (Append/Upsert), builds indexes, makes the storage durable and readable. Returns the row count.</summary>
    Task<long> CommitAsync(CancellationToken ct);
}

/// <summary>A row read back: its ordinal, the selected columns' values (in <see cref="RowQuery.Columns"/> order) and _bad.</summary>
public readonly record struct StoredRow(long Row, object?[] Values, string? Bad);

public enum FilterOp : byte { Eq, Ne, In, Gt, Gte, Lt, Lte, IsNull, NotNull }

/// <summary>A condition on one column; <see cref="Values"/> are typed CLR values of that column's type (one for Eq/Ne/ranges, many for In, none for null tests).</summary>
public sealed record RowFilter(int Column, FilterOp Op, IReadOnlyList<object> Values);

public enum CountMode : byte { None, Exact, Estimate }

/// <summary>Where the previous page ended: the sort column's value in its last row (null when unsorted or null) and its _row.</summary>
public sealed record KeysetPosition(object? SortValue, long Row);

/// <summary>
/// A query over one storage. Filters are ANDed. <see cref="Search"/> is a case-insensitive substring that must occur in
/// at least one of <see cref="SearchColumns"/> (Searchable text columns). Order: <see cref="SortColumn"/> (nulls first
/// ascending, last descending) then _row (same direction); unsorted = _row ascending.
/// <see cref="Columns"/>: the ordinals to return, in order (empty = all).
/// </summary>
public sealed record RowQuery
{
    public IReadOnlyList<RowFilter> Filters { get; init; } = [];
    public string? Search { get; init; }
    public IReadOnlyList<int> SearchColumns { get; init; } = [];
    public int? SortColumn { get; init; }
    public bool Descending { get; init; }
    public IReadOnlyList<int> Columns { get; init; } = [];
    public int? Limit { get; init; }
    public KeysetPosition? After { get; init; }
    public CountMode Count { get; init; } = CountMode.None;
}

/// <summary>
/// One page: rows, the position to continue from (null when this is the last page), and the total count of matching
/// rows when asked for (<see cref="CountIsEstimate"/> when estimated).
/// </summary>
public sealed record RowPage(IReadOnlyList<StoredRow> Rows, KeysetPosition? Next, long? Count, bool CountIsEstimate);
