using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// Writes one PostgreSQL storage inside one transaction: CREATE TABLE, binary COPY … FREEZE of the file's rows, the
/// basis merge (INSERT … SELECT), indexes, comment, ANALYZE, COMMIT. Dispose without commit rolls it all back.
/// </summary>
internal sealed class PostgresRowWriter : IRowWriter
{
    private readonly PostgresRowStore store;
    private readonly string storage;
    private readonly RowSchema schema;
    private readonly LoadMode mode;
    private readonly string? basis;
    private readonly string table;
    private readonly int n;
    private readonly StoredType[] types;
    private readonly NpgsqlDbType[] dbTypes;
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private NpgsqlBinaryImporter? importer;
    private long nextRow;
    private long written;
    private bool committed;
    private bool closed;

    private PostgresRowWriter(PostgresRowStore store, string storage, RowSchema schema, LoadMode mode, string? basis,
        NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.store = store;
        this.storage = storage;
        this.schema = schema;
        this.mode = mode;
        this.basis = basis;
        this.connection = connection;
        this.transaction = transaction;
        table = PostgresRowStore.Table(storage);
        n = schema.Columns.Count;
        types = new StoredType[n];
        dbTypes = new NpgsqlDbType[n];
        for (var i = 0; i < n; i++)
        {
            types[i] = schema.Columns[i].Type;
            dbTypes[i] = PostgresRowStore.DbType(types[i]);
        }
    }

    public static async Task<IRowWriter> CreateAsync(PostgresRowStore store, string storage, RowSchema schema, LoadMode mode, string? basis, CancellationToken ct)
    {
        var connection = await store.DataSource.OpenConnectionAsync(ct);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(ct);
            var w = new PostgresRowWriter(store, storage, schema, mode, basis, connection, tx);
            await w.StartAsync(ct);
            return w;
        }
        catch
        {
            if (tx is not null) await tx.DisposeAsync();
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(CancellationToken ct)
    {
        await Exec("SET LOCAL maintenance_work_mem = '256MB'", ct);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = table });
            if ((bool)(await exists.ExecuteScalarAsync(ct))!)
                throw new InvalidOperationException($"Row storage '{storage}' already exists; drop it first.");
        }
        var create = new StringBuilder($"CREATE TABLE {table} (_row bigint NOT NULL");
        for (var i = 0; i < n; i++) create.Append(", c").Append(i).Append(' ').Append(PostgresRowStore.Declared(types[i]));
        create.Append(", _bad text)");
        await Exec(create.ToString(), ct);
        nextRow = 1;
        if (mode == LoadMode.Append)
        {
            // The file's rows continue after the previous version's (which keep their _row numbers 1…M).
            await using var max = new NpgsqlCommand($"SELECT coalesce(max(_row), 0) FROM {PostgresRowStore.Table(basis!)}", connection, transaction);
            nextRow = (long)(await max.ExecuteScalarAsync(ct))! + 1;
        }
        // FREEZE: the table was created in this transaction, so rows can be written frozen (no later hint-bit rewrite).
        importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} (_row, {PostgresRowStore.ColumnList(n)}) FROM STDIN (FORMAT BINARY, FREEZE)", ct);
    }

    public async ValueTask AddAsync(object?[] values, string? bad, CancellationToken ct)
    {
        if (committed || closed || importer is null) throw new InvalidOperationException("The writer is committed or disposed.");
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != n) throw new ArgumentException($"Expected {n} values, got {values.Length}.", nameof(values));
        // Check every value before the row starts, so a bad value cannot leave half a row in the COPY stream.
        for (var i = 0; i < n; i++)
        {
            if (values[i] is { } v && !Fits(v, types[i]))
                throw new InvalidCastException($"Row {written + 1} of the file, column {i} ('{schema.Columns[i].Name}'): a {v.GetType().Name} cannot be stored in a {types[i]} column.");
        }
        await importer.StartRowAsync(ct);
        await importer.WriteAsync(nextRow++, NpgsqlDbType.Bigint, ct);
        for (var i = 0; i < n; i++)
        {
            var v = values[i];
            if (v is null) { await importer.WriteNullAsync(ct); continue; }
            switch (types[i])
            {
                case StoredType.Text: await importer.WriteAsync((string)v, NpgsqlDbType.Text, ct); break;
                case StoredType.Integer: await importer.WriteAsync(v is int x ? x : (long)v, NpgsqlDbType.Bigint, ct); break;
                case StoredType.Decimal: await importer.WriteAsync((decimal)v, NpgsqlDbType.Numeric, ct); break;
                case StoredType.Date: await importer.WriteAsync((DateOnly)v, NpgsqlDbType.Date, ct); break;
                case StoredType.DateTime: await importer.WriteAsync((DateTime)PostgresRowStore.Normalise(v, StoredType.DateTime), NpgsqlDbType.Timestamp, ct); break;
                default: await importer.WriteAsync((bool)v, NpgsqlDbType.Boolean, ct); break;
            }
        }
        if (bad is null) await importer.WriteNullAsync(ct);
        else await importer.WriteAsync(bad, NpgsqlDbType.Text, ct);
        written++;
    }

    private static bool Fits(object v, StoredType t) => t switch
    {
        StoredType.Text => v is string,
        StoredType.Integer => v is long or int,
        StoredType.Decimal => v is decimal,
        StoredType.Date => v is DateOnly,
        StoredType.DateTime => v is DateTime,
        _ => v is bool,
    };

    public async Task<long> CommitAsync(CancellationToken ct)
    {
        if (committed || closed || importer is null) throw new InvalidOperationException("The writer is committed or disposed.");
        await importer.CompleteAsync(ct);
        await importer.DisposeAsync();
        importer = null;
        var columns = PostgresRowStore.ColumnList(n);
        if (mode == LoadMode.Append)
        {
            await Exec($"INSERT INTO {table} (_row, {columns}) SELECT _row, {columns} FROM {PostgresRowStore.Table(basis!)}", ct);
        }
        else if (mode == LoadMode.Upsert)
        {
            // Statistics first, so the planner picks a hash anti-join rather than a nested loop over a "small" new table.
            await Exec($"ANALYZE {table}", ct);
            var match = string.Join(" AND ", schema.KeyColumns.Select(k => $"x.c{k} = b.c{k}"));
            // New rows first (1…N), then every basis row whose key the file does not contain, in basis order (N+1…).
            // Keys compare with SQL equality: a basis row with a null key part is always kept.
            await Exec($"INSERT INTO {table} (_row, {columns}) " +
                       $"SELECT {written} + row_number() OVER (ORDER BY b._row), {PostgresRowStore.ColumnList(n, "b.")} " +
                       $"FROM {PostgresRowStore.Table(basis!)} b WHERE NOT EXISTS (SELECT 1 FROM {table} x WHERE {match})", ct);
        }
        await Exec($"ALTER TABLE {table} ADD PRIMARY KEY (_row)", ct);
        for (var i = 0; i < n; i++)
            if (schema.Columns[i].Indexed)
                await Exec($"CREATE INDEX ON {table} (c{i} NULLS FIRST, _row)", ct);
        if (store.TrigramSchema is { } trgm)
            for (var i = 0; i < n; i++)
                if (schema.Columns[i].Searchable)
                    await Exec($"CREATE INDEX ON {table} USING gin (lower(c{i} COLLATE \"default\") \"{trgm.Replace("\"", "\"\"", StringComparison.Ordinal)}\".gin_trgm_ops)", ct);
        long total;
        await using (var count = new NpgsqlCommand($"SELECT coalesce(max(_row), 0) FROM {table}", connection, transaction))
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        // The comment is a literal: it holds only digits and type codes.
        await Exec($"COMMENT ON TABLE {table} IS '{PostgresRowStore.Comment(total, schema)}'", ct);
        await Exec($"ANALYZE {table}", ct);
        await transaction.CommitAsync(ct);
        committed = true;
        await CloseAsync();
        return total;
    }

    private async Task Exec(string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, transaction);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task CloseAsync()
    {
        if (closed) return;
        closed = true;
        try
        {
            if (importer is not null) await importer.DisposeAsync();
        }
        catch (Exception) { /* cancelling the COPY of an aborted load */ }
        try { await transaction.DisposeAsync(); }
        catch (Exception) { /* the connection may be broken; the server rolls back */ }
        await connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (committed) return;
        await CloseAsync();
    }
}
