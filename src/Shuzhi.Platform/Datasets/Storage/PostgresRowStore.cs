using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// Row storage in PostgreSQL, used when the platform runs on PostgreSQL. Layout: schema <c>shuzhi_rows</c>, one table
/// per storage named as the storage, <c>(_row bigint PRIMARY KEY, c0 …, cN, _bad text)</c> with text columns
/// <c>COLLATE "C"</c> (code-point order, the same as SQLite's, and the cheapest comparison); a B-tree index
/// <c>(c NULLS FIRST, _row)</c> per Indexed column (forward for ascending pages, backward for descending); a pg_trgm GIN
/// index on <c>lower(c COLLATE "default")</c> per Searchable column when the extension can be created (otherwise the
/// same LIKE scans the table). The table comment holds <c>rows=N;columns=…</c>.
/// Why: the whole version is created, filled (binary COPY … FREEZE), merged with its basis, indexed, analysed and
/// commented in ONE transaction, so it becomes visible at COMMIT or never — a killed process leaves nothing, as the
/// server rolls back.
/// </summary>
public sealed class PostgresRowStore : IRowStore, IAsyncDisposable, IDisposable
{
    public const string SchemaName = "shuzhi_rows";
    private const int MaxCachedShapes = 1024;
    private const int SampleBlocks = 8;
    private const int SampleBlockRows = 4096;

    private readonly NpgsqlDataSource dataSource;
    private readonly SemaphoreSlim setupLock = new(1, 1);
    private volatile bool setUp;
    private readonly ConcurrentDictionary<string, StorageInfo> infos = new(StringComparer.Ordinal);

    /// <param name="connectionString">An Npgsql connection string; automatic preparation is switched on unless it says otherwise.</param>
    public PostgresRowStore(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (b.MaxAutoPrepare == 0)
        {
            b.MaxAutoPrepare = 256;
            b.AutoPrepareMinUsages = 2;
        }
        dataSource = NpgsqlDataSource.Create(b.ConnectionString);
    }

    public string Kind => "postgres";

    /// <summary>As <see cref="SqliteRowStore.EstimateThreshold"/>: exact up to this many matches, then sampled from 8 blocks of _row numbers.</summary>
    public int EstimateThreshold { get; init; } = 10_000;

    /// <summary>Whether pg_trgm was available for search indexes (known after the first <see cref="CreateAsync"/>).</summary>
    public bool? TrigramIndexes { get; private set; }

    internal string? TrigramSchema { get; private set; }

    internal static string Table(string storage) => $"{SchemaName}.\"{storage}\"";

    internal NpgsqlDataSource DataSource => dataSource;

    public async Task<IRowWriter> CreateAsync(string storage, RowSchema schema, LoadMode mode, string? basis, CancellationToken ct)
    {
        StorageNames.CheckCreate(storage, schema, mode, basis);
        await SetUpAsync(ct);
        if (basis is not null)
        {
            var info = await InfoAsync(basis, ct);
            if (info.Columns != SqliteRowStore.TypeCodes(schema))
                throw new ArgumentException($"The basis storage '{basis}' has a different schema.", nameof(schema));
        }
        return await PostgresRowWriter.CreateAsync(this, storage, schema, mode, basis, ct);
    }

    /// <summary>Creates the schema and, if it can, the pg_trgm extension (each in its own statement: a failure must not abort a load's transaction).</summary>
    private async Task SetUpAsync(CancellationToken ct)
    {
        if (setUp) return;
        await setupLock.WaitAsync(ct);
        try
        {
            if (setUp) return;
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            try { await Exec(conn, $"CREATE SCHEMA IF NOT EXISTS {SchemaName}", ct); }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema) { }
            try { await Exec(conn, "CREATE EXTENSION IF NOT EXISTS pg_trgm", ct); }
            catch (PostgresException) { /* not installed or not allowed: search scans instead */ }
            await using (var cmd = new NpgsqlCommand(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'", conn))
                TrigramSchema = await cmd.ExecuteScalarAsync(ct) as string;
            TrigramIndexes = TrigramSchema is not null;
            setUp = true;
        }
        finally { setupLock.Release(); }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DropAsync(string storage, CancellationToken ct)
    {
        StorageNames.Check(storage);
        infos.TryRemove(storage, out _);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (!await SchemaExistsAsync(conn, ct)) return;
        await Exec(conn, $"DROP TABLE IF EXISTS {Table(storage)}", ct);
        infos.TryRemove(storage, out _);
    }

    private static async Task<bool> SchemaExistsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT 1 FROM pg_namespace WHERE nspname = '{SchemaName}'", conn);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            $"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{SchemaName}' AND c.relkind = 'r' ORDER BY 1", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await r.ReadAsync(ct)) names.Add(r.GetString(0));
        return names;
    }

    public async Task<RowPage> QueryAsync(string storage, RowSchema schema, RowQuery query, CancellationToken ct)
    {
        StorageNames.CheckQuery(schema, query);
        var info = await InfoAsync(storage, ct);
        info.Check(schema, storage);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        try { return await PageAsync(conn, info, schema, query, ct); }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            infos.TryRemove(storage, out _);
            throw new StorageNotFoundException(storage);
        }
    }

    private async Task<RowPage> PageAsync(NpgsqlConnection conn, StorageInfo info, RowSchema schema, RowQuery q, CancellationToken ct)
    {
        long? count = null;
        var estimate = false;
        if (q.Count != CountMode.None) (count, estimate) = await CountAsync(conn, info, schema, q, ct);
        if (q.Limit == 0) return new RowPage([], null, count, estimate);

        var want = q.Limit is { } l ? l + 1L : (long?)null;
        var rows = new List<StoredRow>(q.Limit is { } cap ? Math.Min(cap + 1, 1001) : 64);
        var sortValues = q.SortColumn is null ? null : new List<object?>(rows.Capacity);
        var sortType = q.SortColumn is { } sc ? schema.Columns[sc].Type : StoredType.Integer;
        var sql = new RowSql(SqlDialect.Postgres, info.Table);
        foreach (var part in RowSql.Parts(q))
        {
            await using var cmd = Command(conn, info, sql, s => s.Page(schema, q, part, want - rows.Count));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                rows.Add(ReadRow(r, schema, q));
                sortValues?.Add(Read(r, 2, sortType));
            }
            if (want is { } w && rows.Count >= w) break;
        }
        KeysetPosition? next = null;
        if (q.Limit is { } limit && rows.Count > limit)
        {
            rows.RemoveRange(limit, rows.Count - limit);
            next = new KeysetPosition(sortValues?[limit - 1], rows[limit - 1].Row);
        }
        return new RowPage(rows, next, count, estimate);
    }

    public async IAsyncEnumerable<StoredRow> ScanAsync(string storage, RowSchema schema, RowQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        StorageNames.CheckQuery(schema, query);
        var info = await InfoAsync(storage, ct);
        info.Check(schema, storage);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var sql = new RowSql(SqlDialect.Postgres, info.Table);
        var remaining = query.Limit ?? long.MaxValue;
        foreach (var part in RowSql.Parts(query))
        {
            if (remaining <= 0) break;
            await using var cmd = Command(conn, info, sql, s => s.Page(schema, query, part, remaining == long.MaxValue ? (long?)null : remaining));
            await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            while (remaining > 0 && await r.ReadAsync(ct))
            {
                remaining--;
                yield return ReadRow(r, schema, query);
            }
        }
    }

    private async Task<(long Count, bool Estimate)> CountAsync(NpgsqlConnection conn, StorageInfo info, RowSchema schema, RowQuery q, CancellationToken ct)
    {
        var sql = new RowSql(SqlDialect.Postgres, info.Table);
        if (q.Filters.Count == 0 && string.IsNullOrEmpty(q.Search)) return (info.Rows, false);
        if (q.Count == CountMode.Exact) return (await ScalarAsync(conn, info, sql, s => s.Count(schema, q, CountSql.Exact), ct), false);
        var capped = await ScalarAsync(conn, info, sql, s => s.Count(schema, q, CountSql.Capped, cap: EstimateThreshold + 1L), ct);
        if (capped <= EstimateThreshold) return (capped, false);
        var total = info.Rows;
        if (total <= (long)SampleBlocks * SampleBlockRows)
            return (await ScalarAsync(conn, info, sql, s => s.Count(schema, q, CountSql.Exact), ct), false);
        long hits = 0;
        var stride = total / SampleBlocks;
        for (var k = 0; k < SampleBlocks; k++)
        {
            var from = 1 + k * stride;
            hits += await ScalarAsync(conn, info, sql, s => s.Count(schema, q, CountSql.Sample, from: from, to: from + SampleBlockRows - 1), ct);
        }
        var estimate = (long)Math.Round((double)hits * total / ((double)SampleBlocks * SampleBlockRows));
        return (Math.Clamp(estimate, EstimateThreshold + 1L, total), true);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, StorageInfo info, RowSql sql, Action<RowSql> build, CancellationToken ct)
    {
        await using var cmd = Command(conn, info, sql, build);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, StorageInfo info, RowSql sql, Action<RowSql> build)
    {
        sql.Reset(withSql: false);
        build(sql);
        var shape = sql.Shape.ToString();
        if (!info.Sql.TryGetValue(shape, out var text))
        {
            sql.Reset(withSql: true);
            build(sql);
            text = sql.Sql;
            if (info.Sql.Count >= MaxCachedShapes) info.Sql.Clear();
            info.Sql[shape] = text;
        }
        var cmd = new NpgsqlCommand(text, conn);
        foreach (var (value, type) in sql.Args) cmd.Parameters.Add(Parameter(value, type));
        return cmd;
    }

    internal static NpgsqlDbType DbType(StoredType t) => t switch
    {
        StoredType.Integer => NpgsqlDbType.Bigint,
        StoredType.Decimal => NpgsqlDbType.Numeric,
        StoredType.Date => NpgsqlDbType.Date,
        StoredType.DateTime => NpgsqlDbType.Timestamp,
        StoredType.Boolean => NpgsqlDbType.Boolean,
        _ => NpgsqlDbType.Text,
    };

    internal static string Declared(StoredType t) => t switch
    {
        StoredType.Integer => "bigint",
        StoredType.Decimal => "numeric",
        StoredType.Date => "date",
        StoredType.DateTime => "timestamp(0)",
        StoredType.Boolean => "boolean",
        _ => "text COLLATE \"C\"",
    };

    private static NpgsqlParameter Parameter(object value, StoredType type)
        => new() { NpgsqlDbType = DbType(type), Value = Normalise(value, type) };

    /// <summary>The CLR value as PostgreSQL takes it; throws when it does not fit the stored type.</summary>
    internal static object Normalise(object value, StoredType type) => (value, type) switch
    {
        (string, StoredType.Text) => value,
        (long, StoredType.Integer) => value,
        (int i, StoredType.Integer) => (long)i,
        (decimal, StoredType.Decimal) => value,
        (DateOnly, StoredType.Date) => value,
        // Whole seconds, no offset: the same values SQLite keeps.
        (DateTime t, StoredType.DateTime) => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified),
        (bool, StoredType.Boolean) => value,
        _ => throw new InvalidCastException($"A {value.GetType().Name} cannot be stored in a {type} column."),
    };

    private static StoredRow ReadRow(NpgsqlDataReader r, RowSchema schema, RowQuery q)
    {
        var row = r.GetInt64(0);
        var bad = r.IsDBNull(1) ? null : r.GetString(1);
        var first = q.SortColumn is null ? 2 : 3;
        var width = q.Columns.Count == 0 ? schema.Columns.Count : q.Columns.Count;
        var values = new object?[width];
        for (var i = 0; i < width; i++)
            values[i] = Read(r, first + i, schema.Columns[q.Columns.Count == 0 ? i : q.Columns[i]].Type);
        return new StoredRow(row, values, bad);
    }

    private static object? Read(NpgsqlDataReader r, int i, StoredType type)
    {
        if (r.IsDBNull(i)) return null;
        return type switch
        {
            StoredType.Text => r.GetString(i),
            StoredType.Integer => r.GetInt64(i),
            StoredType.Decimal => r.GetDecimal(i),
            StoredType.Date => r.GetFieldValue<DateOnly>(i),
            StoredType.DateTime => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Unspecified),
            _ => r.GetBoolean(i),
        };
    }

    /// <summary>Rows and column types of a committed storage, from its table comment; cached, since a storage never changes.</summary>
    private async ValueTask<StorageInfo> InfoAsync(string storage, CancellationToken ct)
    {
        StorageNames.Check(storage);
        if (infos.TryGetValue(storage, out var info)) return info;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT obj_description(to_regclass($1), 'pg_class')", conn);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = Table(storage) });
        var comment = await cmd.ExecuteScalarAsync(ct) as string;
        if (comment is null || !TryParseComment(comment, out var rows, out var columns)) throw new StorageNotFoundException(storage);
        info = new StorageInfo(Table(storage), rows, columns);
        return infos.GetOrAdd(storage, info);
    }

    internal static string Comment(long rows, RowSchema schema)
        => string.Create(CultureInfo.InvariantCulture, $"rows={rows};columns={SqliteRowStore.TypeCodes(schema)}");

    private static bool TryParseComment(string comment, out long rows, out string columns)
    {
        rows = 0;
        columns = "";
        foreach (var part in comment.Split(';'))
        {
            if (part.StartsWith("rows=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) rows = n;
            else if (part.StartsWith("columns=", StringComparison.Ordinal)) columns = part[8..];
        }
        return columns.Length > 0;
    }

    public async ValueTask DisposeAsync() => await dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private sealed class StorageInfo(string table, long rows, string columns)
    {
        public readonly string Table = table;
        public readonly long Rows = rows;
        public readonly string Columns = columns;
        public readonly ConcurrentDictionary<string, string> Sql = new(StringComparer.Ordinal);

        public void Check(RowSchema schema, string storage)
        {
            var ok = Columns.Length == schema.Columns.Count;
            for (var i = 0; ok && i < Columns.Length; i++) ok = Columns[i] == (char)('a' + (int)schema.Columns[i].Type);
            if (!ok) throw new ArgumentException($"The schema does not match storage '{storage}' (columns and types).", nameof(schema));
        }
    }

    internal static string ColumnList(int n, string prefix = "")
    {
        var b = new StringBuilder();
        for (var i = 0; i < n; i++) b.Append(prefix).Append('c').Append(i).Append(", ");
        return b.Append(prefix).Append("_bad").ToString();
    }
}
