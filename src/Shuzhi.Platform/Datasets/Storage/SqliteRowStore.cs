using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// Row storage in SQLite, the default. Layout: one database file per storage, <c>{root}/{storage}.db</c>, holding
/// <list type="bullet">
/// <item><c>rows(_row INTEGER PRIMARY KEY, c0 …, cN, _bad TEXT) STRICT</c> — columns by ordinal, never by user text;</item>
/// <item><c>ix_c{i}</c>, a B-tree index on every Indexed column (SQLite appends the rowid, so it serves keyset order too);</item>
/// <item><c>fts</c>, an external-content FTS5 table with the trigram tokenizer over the Searchable columns (substring
/// search of 3+ characters through the index; 1–2 characters scan with instr());</item>
/// <item><c>_meta(key, value)</c>: format, rows (the count), columns (type codes, checked against the caller's schema).</item>
/// </list>
/// Why one file per version: a load writes <c>{storage}.db.loading</c> with no journal and no fsync until the end,
/// then fsyncs and renames it — the rename is the commit, so a killed load leaves only a <c>.loading</c> file that is
/// never opened for reading, and dropping an old version is deleting a file (no VACUUM, no bloat in shuzhi.db).
/// Reads: a pool of read-only connections per storage, each caching its prepared statements by query shape, driven
/// through the raw SQLite API (no ADO.NET parameter or reader objects on the hot path).
/// </summary>
public sealed class SqliteRowStore : IRowStore, IDisposable
{
    internal const string CommittedSuffix = ".db";
    internal const string LoadingSuffix = ".db.loading";
    private const int MaxIdlePerStorage = 64;
    /// <summary>Idle read connections over all storages; beyond it the least recently used storage gives one up.</summary>
    private const int MaxIdleTotal = 256;
    private int idleTotal;
    private const int MaxStatementsPerConnection = 128;
    private const int MaxCachedShapes = 4096;
    private const int SampleBlocks = 8;
    private const int SampleBlockRows = 4096;

    /// <summary>Mapped bytes per read connection (address space, not memory: the pages are the OS file cache, shared).</summary>
    private const long MmapBytes = 1L << 31;

    static SqliteRowStore() => SQLitePCL.Batteries_V2.Init();

    private readonly string root;
    private readonly ConcurrentDictionary<string, StoragePool> pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> sqlByShape = new(StringComparer.Ordinal);

    /// <param name="root">The directory of the storage files, normally <c>{ShuzhiOptions.FullDataDirectory}/rows</c>.</param>
    public SqliteRowStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.root = Path.GetFullPath(root);
    }

    public string Kind => "sqlite";

    /// <summary>
    /// <see cref="CountMode.Estimate"/>: without filters or search, the stored row count (exact). Otherwise an exact
    /// count if at most this many rows match; beyond it, an estimate from 8 evenly spread blocks of 4096 _row numbers
    /// (matches in the blocks × rows / sampled rows, at least this threshold + 1), flagged as an estimate.
    /// </summary>
    public int EstimateThreshold { get; init; } = 10_000;

    public string Root => root;

    private string PathOf(string storage) => Path.Combine(root, storage + CommittedSuffix);

    public Task<IRowWriter> CreateAsync(string storage, RowSchema schema, LoadMode mode, string? basis, CancellationToken ct)
        => SqliteRowWriter.CreateAsync(root, storage, schema, mode, basis, ct);

    public Task DropAsync(string storage, CancellationToken ct)
    {
        StorageNames.Check(storage);
        // Close this store's read connections first (the store's own pool; no ADO.NET pool is involved).
        if (pools.TryRemove(storage, out var pool)) pool.Drop();
        foreach (var suffix in new[] { CommittedSuffix, LoadingSuffix, LoadingSuffix + "-journal", CommittedSuffix + "-journal" })
        {
            var path = Path.Combine(root, storage + suffix);
            if (File.Exists(path)) File.Delete(path);
        }
        SqliteRowWriter.SyncDirectory(root);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root))
            {
                var name = Path.GetFileName(file);
                string? storage = null;
                if (name.EndsWith(LoadingSuffix, StringComparison.Ordinal)) storage = name[..^LoadingSuffix.Length];
                else if (name.EndsWith(CommittedSuffix, StringComparison.Ordinal)) storage = name[..^CommittedSuffix.Length];
                if (storage is not null && IsName(storage)) names.Add(storage);
            }
        }
        return Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    private static bool IsName(string s)
    {
        try { StorageNames.Check(s); return true; }
        catch (ArgumentException) { return false; }
    }

    public Task<RowPage> QueryAsync(string storage, RowSchema schema, RowQuery query, CancellationToken ct)
    {
        StorageNames.CheckQuery(schema, query);
        ct.ThrowIfCancellationRequested();
        var (pool, session) = Rent(storage, schema);
        try
        {
            using var _ = ct.CanBeCanceled ? ct.Register(static s => ((Session)s!).Interrupt(), session) : default;
            return Task.FromResult(Page(session, pool, schema, query, ct));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        finally { pool.Return(session); }
    }

    public async IAsyncEnumerable<StoredRow> ScanAsync(string storage, RowSchema schema, RowQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        StorageNames.CheckQuery(schema, query);
        var (pool, session) = Rent(storage, schema);
        try
        {
            using var _ = ct.CanBeCanceled ? ct.Register(static s => ((Session)s!).Interrupt(), session) : default;
            var sql = new RowSql(SqlDialect.Sqlite, "rows");
            var remaining = query.Limit ?? long.MaxValue;
            var width = query.Columns.Count == 0 ? schema.Columns.Count : query.Columns.Count;
            var first = query.SortColumn is null ? 2 : 3;
            foreach (var part in RowSql.Parts(query))
            {
                if (remaining <= 0) break;
                var stmt = Statement(session, sql, s => s.Page(schema, query, part, remaining == long.MaxValue ? (long?)null : remaining));
                try
                {
                    while (remaining > 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        var rc = raw.sqlite3_step(stmt);
                        if (rc == raw.SQLITE_DONE) break;
                        if (rc != raw.SQLITE_ROW) Fail(session, rc, ct);
                        var row = ReadRow(stmt, schema, query, width, first);
                        remaining--;
                        yield return row;
                    }
                }
                finally { raw.sqlite3_reset(stmt); }
            }
        }
        finally { pool.Return(session); }
        await Task.CompletedTask;
    }

    private RowPage Page(Session session, StoragePool pool, RowSchema schema, RowQuery q, CancellationToken ct)
    {
        long? count = null;
        var estimate = false;
        if (q.Count != CountMode.None) (count, estimate) = Count(session, pool, schema, q);
        if (q.Limit == 0) return new RowPage([], null, count, estimate);

        var want = q.Limit is { } l ? l + 1L : (long?)null;
        var rows = new List<StoredRow>(q.Limit is { } cap ? Math.Min(cap + 1, 1001) : 64);
        var sortValues = q.SortColumn is null ? null : new List<object?>(rows.Capacity);
        var width = q.Columns.Count == 0 ? schema.Columns.Count : q.Columns.Count;
        var first = q.SortColumn is null ? 2 : 3;
        var sql = new RowSql(SqlDialect.Sqlite, "rows");
        var sortType = q.SortColumn is { } sc ? schema.Columns[sc].Type : StoredType.Integer;
        foreach (var part in RowSql.Parts(q))
        {
            var stmt = Statement(session, sql, s => s.Page(schema, q, part, want - rows.Count));
            try
            {
                while (true)
                {
                    var rc = raw.sqlite3_step(stmt);
                    if (rc == raw.SQLITE_DONE) break;
                    if (rc != raw.SQLITE_ROW) Fail(session, rc, ct);
                    rows.Add(ReadRow(stmt, schema, q, width, first));
                    sortValues?.Add(SqliteValues.Read(stmt, 2, sortType));
                }
            }
            finally { raw.sqlite3_reset(stmt); }
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

    private static StoredRow ReadRow(sqlite3_stmt stmt, RowSchema schema, RowQuery q, int width, int first)
    {
        var values = new object?[width];
        if (q.Columns.Count == 0)
            for (var i = 0; i < width; i++) values[i] = SqliteValues.Read(stmt, first + i, schema.Columns[i].Type);
        else
            for (var i = 0; i < width; i++) values[i] = SqliteValues.Read(stmt, first + i, schema.Columns[q.Columns[i]].Type);
        return new StoredRow(raw.sqlite3_column_int64(stmt, 0), values, SqliteValues.ReadText(stmt, 1));
    }

    private (long Count, bool Estimate) Count(Session session, StoragePool pool, RowSchema schema, RowQuery q)
    {
        var sql = new RowSql(SqlDialect.Sqlite, "rows");
        var unfiltered = q.Filters.Count == 0 && string.IsNullOrEmpty(q.Search);
        if (unfiltered) return (pool.RowCount, false);
        if (q.Count == CountMode.Exact) return (Scalar(session, sql, s => s.Count(schema, q, CountSql.Exact)), false);
        var capped = Scalar(session, sql, s => s.Count(schema, q, CountSql.Capped, cap: EstimateThreshold + 1L));
        if (capped <= EstimateThreshold) return (capped, false);
        var total = pool.RowCount;
        if (total <= (long)SampleBlocks * SampleBlockRows) return (Scalar(session, sql, s => s.Count(schema, q, CountSql.Exact)), false);
        long hits = 0;
        var stride = total / SampleBlocks;
        for (var k = 0; k < SampleBlocks; k++)
        {
            var from = 1 + k * stride;
            hits += Scalar(session, sql, s => s.Count(schema, q, CountSql.Sample, from: from, to: from + SampleBlockRows - 1));
        }
        var estimate = (long)Math.Round((double)hits * total / ((double)SampleBlocks * SampleBlockRows));
        return (Math.Clamp(estimate, EstimateThreshold + 1L, total), true);
    }

    private long Scalar(Session session, RowSql sql, Action<RowSql> build)
    {
        var stmt = Statement(session, sql, build);
        try
        {
            var rc = raw.sqlite3_step(stmt);
            if (rc != raw.SQLITE_ROW) Fail(session, rc, default);
            return raw.sqlite3_column_int64(stmt, 0);
        }
        finally { raw.sqlite3_reset(stmt); }
    }

    /// <summary>The session's prepared statement for the shape <paramref name="build"/> produces, with this query's arguments bound.</summary>
    private sqlite3_stmt Statement(Session session, RowSql sql, Action<RowSql> build)
    {
        sql.Reset(withSql: false);
        build(sql);
        var shape = sql.Shape.ToString();
        if (!session.Statements.TryGetValue(shape, out var stmt))
        {
            if (!sqlByShape.TryGetValue(shape, out var text))
            {
                sql.Reset(withSql: true);
                build(sql);
                text = sql.Sql;
                if (sqlByShape.Count >= MaxCachedShapes) sqlByShape.Clear();
                sqlByShape[shape] = text;
            }
            if (session.Statements.Count >= MaxStatementsPerConnection) session.ClearStatements();
            SqliteValues.Check(session.Db, raw.sqlite3_prepare_v3(session.Db, text, raw.SQLITE_PREPARE_PERSISTENT, out stmt));
            session.Statements[shape] = stmt;
        }
        var args = sql.Args;
        for (var i = 0; i < args.Count; i++)
            SqliteValues.Check(session.Db, SqliteValues.Bind(stmt, i + 1, args[i].Value, args[i].Type));
        return stmt;
    }

    private static void Fail(Session session, int rc, CancellationToken ct)
    {
        if (rc == raw.SQLITE_INTERRUPT && ct.IsCancellationRequested) throw new OperationCanceledException(ct);
        SqliteValues.Check(session.Db, rc);
        throw new InvalidOperationException($"Unexpected SQLite result {rc}.");
    }

    private (StoragePool Pool, Session Session) Rent(string storage, RowSchema schema)
    {
        StorageNames.Check(storage);
        var pool = pools.GetOrAdd(storage, static (s, self) => new StoragePool(self.PathOf(s), self), this);
        if (!pool.TryTake(out var session))
        {
            try { session = pool.Open(); }
            catch (StorageNotFoundException)
            {
                pools.TryRemove(new KeyValuePair<string, StoragePool>(storage, pool));
                throw new StorageNotFoundException(storage);
            }
        }
        if (!pool.Matches(schema))
        {
            pool.Return(session);
            throw new ArgumentException($"The schema does not match storage '{storage}' (columns and types).", nameof(schema));
        }
        return (pool, session);
    }

    public void Dispose()
    {
        foreach (var key in pools.Keys)
            if (pools.TryRemove(key, out var pool)) pool.Drop();
    }

    internal static string TypeCodes(RowSchema schema)
    {
        var chars = new char[schema.Columns.Count];
        for (var i = 0; i < chars.Length; i++) chars[i] = (char)('a' + (int)schema.Columns[i].Type);
        return new string(chars);
    }

    internal static (long Rows, string Columns) ReadMeta(string path)
    {
        using var session = new Session(path);
        return ReadMeta(session.Db);
    }

    private static (long Rows, string Columns) ReadMeta(sqlite3 db)
    {
        SqliteValues.Check(db, raw.sqlite3_prepare_v2(db,
            "SELECT (SELECT value FROM _meta WHERE key = 'rows'), (SELECT value FROM _meta WHERE key = 'columns')", out var stmt));
        using (stmt)
        {
            var rc = raw.sqlite3_step(stmt);
            if (rc != raw.SQLITE_ROW) SqliteValues.Check(db, rc);
            var rows = SqliteValues.ReadText(stmt, 0);
            var columns = SqliteValues.ReadText(stmt, 1);
            if (rows is null || columns is null) throw new InvalidDataException("A row storage file has no _meta rows; it was not written by this store.");
            return (long.Parse(rows, System.Globalization.CultureInfo.InvariantCulture), columns);
        }
    }

    /// <summary>
    /// An open read-only connection and its prepared statements (raw handles, finalised on dispose). Opened directly
    /// (not through ADO.NET) for two flags: immutable=1 — a committed storage never changes, so SQLite skips the file
    /// lock, the hot-journal check and the change-counter read that otherwise start every read transaction; and
    /// NOMUTEX — a session serves one query at a time, so SQLite's per-call mutex is pure overhead. Memory-mapped I/O
    /// spares a pread per page.
    /// </summary>
    private sealed class Session : IDisposable
    {
        public readonly sqlite3 Db;
        public readonly Dictionary<string, sqlite3_stmt> Statements = new(StringComparer.Ordinal);

        public Session(string path)
        {
            var rc = raw.sqlite3_open_v2(new Uri(path).AbsoluteUri + "?immutable=1", out Db,
                raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_URI | raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_PRIVATECACHE, null);
            try
            {
                SqliteValues.Check(Db, rc);
                // Pages come from the mapping; the connection's own cache only needs to be small.
                SqliteValues.Check(Db, raw.sqlite3_exec(Db, "PRAGMA mmap_size = " + MmapBytes + "; PRAGMA cache_size = -512"));
            }
            catch
            {
                Db.Dispose();
                throw;
            }
        }

        public void Interrupt() => raw.sqlite3_interrupt(Db);

        public void ClearStatements()
        {
            foreach (var s in Statements.Values) s.Dispose();
            Statements.Clear();
        }

        public void Dispose()
        {
            ClearStatements();
            Db.Dispose();
        }
    }

    /// <summary>The idle connections of one storage, its row count and column types (read once: a storage never changes).</summary>
    /// <summary>Closes one idle connection of the storage used least recently (not <paramref name="except"/>).</summary>
    private void TrimOne(StoragePool except)
    {
        StoragePool? oldest = null;
        foreach (var p in pools.Values)
            if (p != except && p.IdleCount > 0 && (oldest is null || p.LastUsed < oldest.LastUsed)) oldest = p;
        if ((oldest ?? except).TryTake(out var s)) s.Dispose();
    }

    private sealed class StoragePool(string path, SqliteRowStore owner)
    {
        private readonly ConcurrentBag<Session> idle = [];
        private int idleCount;
        private volatile bool dropped;
        private volatile string? columns;
        public long RowCount;
        public long LastUsed = Environment.TickCount64;

        public int IdleCount => Volatile.Read(ref idleCount);

        public bool TryTake(out Session session)
        {
            if (idle.TryTake(out session!))
            {
                Interlocked.Decrement(ref idleCount);
                Interlocked.Decrement(ref owner.idleTotal);
                return true;
            }
            return false;
        }

        public Session Open()
        {
            if (!File.Exists(path)) throw new StorageNotFoundException(path);
            var session = new Session(path);
            try
            {
                if (columns is null)
                {
                    var meta = ReadMeta(session.Db);
                    RowCount = meta.Rows;
                    columns = meta.Columns;
                }
                return session;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        public bool Matches(RowSchema schema)
        {
            var c = columns!;
            if (c.Length != schema.Columns.Count) return false;
            for (var i = 0; i < c.Length; i++)
                if (c[i] != (char)('a' + (int)schema.Columns[i].Type)) return false;
            return true;
        }

        public void Return(Session session)
        {
            LastUsed = Environment.TickCount64;
            if (dropped || Interlocked.Increment(ref idleCount) > MaxIdlePerStorage)
            {
                if (!dropped) Interlocked.Decrement(ref idleCount);
                session.Dispose();
                return;
            }
            idle.Add(session);
            if (Interlocked.Increment(ref owner.idleTotal) > MaxIdleTotal) owner.TrimOne(this);
            if (dropped) Drain();
        }

        public void Drop()
        {
            dropped = true;
            Drain();
        }

        private void Drain()
        {
            while (TryTake(out var s)) s.Dispose();
        }
    }
}
