using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// Writes one SQLite storage file as <c>{storage}.db.loading</c> and renames it to <c>{storage}.db</c> on commit.
/// The caller's thread only copies references into a batch; a second thread binds and inserts (prepared multi-row
/// INSERT, one transaction, journal off), so parsing and writing use both cores.
/// </summary>
internal sealed class SqliteRowWriter : IRowWriter
{
    private const int BatchRows = 1024;
    private const int MaxRowsPerStatement = 100;

    private readonly string storage;
    private readonly RowSchema schema;
    private readonly LoadMode mode;
    private readonly string loadingPath;
    private readonly string finalPath;
    private readonly string directory;
    private readonly int n;
    private readonly StoredType[] types;
    private readonly int rowsPerStatement;
    private readonly SqliteConnection connection;
    private readonly sqlite3 db;
    private readonly sqlite3_stmt multi;
    private readonly sqlite3_stmt single;
    private readonly int[] searchColumns;
    // Search text is indexed on the writer thread (while the caller parses) in chunks of this many rows: FTS5 flushes
    // its pending terms at every statement, so per-INSERT indexing would make thousands of tiny segments.
    private const int FtsChunkRows = 65536;
    private long ftsDone;
    // Text is encoded into a pinned arena and bound SQLITE_STATIC (no copy, no malloc in SQLite); the arena is reused
    // after each statement has been stepped. A value that does not fit is bound the ordinary way (SQLite copies it).
    private const int ArenaBytes = 1 << 20;
    private readonly byte[] arena = GC.AllocateUninitializedArray<byte>(ArenaBytes, pinned: true);
    private readonly IntPtr arenaBase;
    private int arenaUsed;
    private long nextRow = 1;
    private readonly Channel<Batch> full = Channel.CreateBounded<Batch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentBag<Batch> free = [];
    private readonly Task consumer;
    private Batch current;
    private volatile bool aborting;
    private bool committed;
    private bool closed;
    private long written;
    private long batchStart;

    private sealed class Batch(int n)
    {
        public readonly object?[] Values = new object?[BatchRows * n];
        public readonly string?[] Bad = new string?[BatchRows];
        public int Count;
    }

    private SqliteRowWriter(string directory, string storage, RowSchema schema, LoadMode mode, string? basisPath)
    {
        this.directory = directory;
        this.storage = storage;
        this.schema = schema;
        this.mode = mode;
        loadingPath = Path.Combine(directory, storage + SqliteRowStore.LoadingSuffix);
        finalPath = Path.Combine(directory, storage + SqliteRowStore.CommittedSuffix);
        n = schema.Columns.Count;
        types = new StoredType[n];
        for (var i = 0; i < n; i++) types[i] = schema.Columns[i].Type;
        // SQLite allows at most 32766 parameters per statement.
        rowsPerStatement = Math.Clamp(32766 / (n + 2), 1, MaxRowsPerStatement);
        current = new Batch(n);
        searchColumns = [.. Searchable(schema)];
        arenaBase = Marshal.UnsafeAddrOfPinnedArrayElement(arena, 0);

        // Claim the name first: CreateNew fails if another writer (or a leftover) holds it.
        using (new FileStream(loadingPath, FileMode.CreateNew, FileAccess.Write)) { }
        try
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = loadingPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false,
            }.ToString());
            connection.Open();
            db = connection.Handle!;
            Exec("PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; " +
                 "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -32768;");
            Exec(CreateTableSql(schema));
            if (basisPath is not null)
            {
                using var attach = connection.CreateCommand();
                attach.CommandText = "ATTACH DATABASE $path AS basis";
                attach.Parameters.AddWithValue("$path", basisPath);
                attach.ExecuteNonQuery();
            }
            Exec("BEGIN");
            multi = Prepare(InsertSql(rowsPerStatement));
            single = Prepare(InsertSql(1));

        }
        catch
        {
            CloseQuietly();
            TryDelete(loadingPath);
            throw;
        }
        consumer = Task.Run(ConsumeAsync);
    }

    public static Task<IRowWriter> CreateAsync(string directory, string storage, RowSchema schema, LoadMode mode, string? basis, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        StorageNames.CheckCreate(storage, schema, mode, basis);
        Directory.CreateDirectory(directory);
        string? basisPath = null;
        if (basis is not null)
        {
            basisPath = Path.Combine(directory, basis + SqliteRowStore.CommittedSuffix);
            if (!File.Exists(basisPath)) throw new StorageNotFoundException(basis);
            var basisTypes = SqliteRowStore.ReadMeta(basisPath).Columns;
            if (basisTypes != SqliteRowStore.TypeCodes(schema))
                throw new ArgumentException($"The basis storage '{basis}' has a different schema.", nameof(schema));
        }
        if (File.Exists(Path.Combine(directory, storage + SqliteRowStore.CommittedSuffix))
            || File.Exists(Path.Combine(directory, storage + SqliteRowStore.LoadingSuffix)))
            throw new InvalidOperationException($"Row storage '{storage}' already exists (committed or left over); drop it first.");
        return Task.FromResult<IRowWriter>(new SqliteRowWriter(directory, storage, schema, mode, basisPath));
    }

    internal static string CreateTableSql(RowSchema schema)
    {
        var b = new StringBuilder("CREATE TABLE rows (_row INTEGER PRIMARY KEY");
        for (var i = 0; i < schema.Columns.Count; i++)
            b.Append(", c").Append(i).Append(' ').Append(SqliteValues.Declared(schema.Columns[i].Type));
        b.Append(", _bad TEXT) STRICT; CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;");
        var searchable = Searchable(schema);
        if (searchable.Count > 0)
        {
            // External content: the index holds trigrams only, indexed from rows in chunks as they are written.
            b.Append(" CREATE VIRTUAL TABLE fts USING fts5(");
            foreach (var c in searchable) b.Append('c').Append(c).Append(", ");
            b.Append("content='rows', content_rowid='_row', tokenize='trigram case_sensitive 0', columnsize=0);");
        }
        return b.ToString();
    }

    private static List<int> Searchable(RowSchema schema)
    {
        var list = new List<int>();
        for (var i = 0; i < schema.Columns.Count; i++)
            if (schema.Columns[i].Searchable) list.Add(i);
        return list;
    }

    private string ColumnList(string prefix = "")
    {
        var b = new StringBuilder();
        for (var i = 0; i < n; i++) b.Append(prefix).Append('c').Append(i).Append(", ");
        return b.Append(prefix).Append("_bad").ToString();
    }

    private string InsertSql(int rows) => MultiRowInsert("rows (_row, " + ColumnList() + ")", n + 2, rows);

    private string FtsColumns(string prefix)
    {
        var b = new StringBuilder();
        foreach (var c in searchColumns) b.Append(", ").Append(prefix).Append('c').Append(c);
        return b.ToString();
    }

    private static string MultiRowInsert(string target, int width, int rows)
    {
        var b = new StringBuilder("INSERT INTO ").Append(target).Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            b.Append(r == 0 ? "(" : ", (");
            for (var i = 0; i < width; i++) b.Append(i == 0 ? "?" : ", ?");
            b.Append(')');
        }
        return b.ToString();
    }

    public ValueTask AddAsync(object?[] values, string? bad, CancellationToken ct)
    {
        if (committed || closed) throw new InvalidOperationException("The writer is committed or disposed.");
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != n) throw new ArgumentException($"Expected {n} values, got {values.Length}.", nameof(values));
        if (consumer.IsCompleted) ThrowFailure();
        var c = current;
        Array.Copy(values, 0, c.Values, c.Count * n, n);
        c.Bad[c.Count++] = bad;
        return c.Count == BatchRows ? Send(ct) : default;
    }

    private ValueTask Send(CancellationToken ct)
    {
        var batch = current;
        current = free.TryTake(out var reused) ? reused : new Batch(n);
        var pending = full.Writer.WriteAsync(batch, ct);
        return pending.IsCompletedSuccessfully ? default : AwaitSend(pending);
    }

    private async ValueTask AwaitSend(ValueTask pending)
    {
        try { await pending; }
        catch (ChannelClosedException) { ThrowFailure(); }
    }

    private void ThrowFailure()
    {
        // The channel is closed as the consumer fails; wait for the task to record why before reporting it.
        try { consumer.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        if (consumer.Exception?.InnerException is { } inner) ExceptionDispatchInfo.Capture(inner).Throw();
        throw new InvalidOperationException("The writer stopped.");
    }

    private async Task ConsumeAsync()
    {
        try
        {
            if (mode == LoadMode.Append)
            {
                // The previous version's rows keep their _row numbers 1…M; the file's rows continue from M+1.
                Exec($"INSERT INTO rows (_row, {ColumnList()}) SELECT _row, {ColumnList()} FROM basis.rows ORDER BY _row");
                nextRow = ScalarLong("SELECT coalesce(max(_row), 0) FROM rows") + 1;
                IndexSearchText(final: true);
            }
            while (await full.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (full.Reader.TryRead(out var batch))
                {
                    if (aborting) return;
                    Write(batch);
                    Array.Clear(batch.Values, 0, batch.Count * n);
                    Array.Clear(batch.Bad, 0, batch.Count);
                    batch.Count = 0;
                    free.Add(batch);
                }
            }
            IndexSearchText(final: true);
        }
        catch (Exception ex)
        {
            full.Writer.TryComplete(ex);
            throw;
        }
    }

    private void Write(Batch batch)
    {
        var r = 0;
        batchStart = written;
        while (batch.Count - r >= rowsPerStatement)
        {
            Insert(multi, batch, r, rowsPerStatement);
            r += rowsPerStatement;
        }
        for (; r < batch.Count; r++) Insert(single, batch, r, 1);
    }

    /// <summary>Rows [first, first + count) of the batch through one prepared statement.</summary>
    private void Insert(sqlite3_stmt stmt, Batch batch, int first, int count)
    {
        arenaUsed = 0;
        var h = stmt.DangerousGetHandle();
        var width = n + 2;
        for (var k = 0; k < count; k++) BindRow(stmt, h, k * width, batch, first + k, k);
        Step(stmt);
        nextRow += count;
        written += count;
        if (nextRow - 1 - ftsDone >= FtsChunkRows) IndexSearchText(final: false);
    }

    /// <summary>Adds rows (ftsDone, last written] to the search index.</summary>
    private void IndexSearchText(bool final)
    {
        if (searchColumns.Length == 0) return;
        var last = nextRow - 1;
        if (last <= ftsDone || (!final && last - ftsDone < FtsChunkRows)) return;
        Exec($"INSERT INTO fts (rowid{FtsColumns("")}) SELECT _row{FtsColumns("")} FROM rows WHERE _row > {ftsDone} AND _row <= {last}");
        ftsDone = last;
    }

    private void BindRow(sqlite3_stmt stmt, IntPtr h, int offset, Batch batch, int row, int k)
    {
        var values = batch.Values;
        var start = row * n;
        SqliteValues.Check(db, SqliteNative.sqlite3_bind_int64(h, offset + 1, nextRow + k));
        for (var i = 0; i < n; i++)
        {
            var index = offset + 2 + i;
            var value = values[start + i];
            int rc;
            switch (value)
            {
                case null:
                    rc = SqliteNative.sqlite3_bind_null(h, index);
                    break;
                case string text when types[i] == StoredType.Text:
                    rc = BindText(stmt, h, index, text);
                    break;
                case long l when types[i] == StoredType.Integer: rc = SqliteNative.sqlite3_bind_int64(h, index, l); break;
                case int x when types[i] == StoredType.Integer: rc = SqliteNative.sqlite3_bind_int64(h, index, x); break;
                case decimal d when types[i] == StoredType.Decimal: rc = SqliteNative.sqlite3_bind_double(h, index, (double)d); break;
                case bool b when types[i] == StoredType.Boolean: rc = SqliteNative.sqlite3_bind_int64(h, index, b ? 1 : 0); break;
                case DateOnly date when types[i] == StoredType.Date:
                    rc = arenaUsed + 10 <= ArenaBytes ? BindAscii(h, index, SqliteValues.Format(date, arena.AsSpan(arenaUsed))) : SqliteValues.Bind(stmt, index, date, types[i]);
                    break;
                case DateTime time when types[i] == StoredType.DateTime:
                    rc = arenaUsed + 19 <= ArenaBytes ? BindAscii(h, index, SqliteValues.Format(time, arena.AsSpan(arenaUsed))) : SqliteValues.Bind(stmt, index, time, types[i]);
                    break;
                default:
                    throw new InvalidCastException(
                        $"Row {batchStart + row + 1} of the file, column {i} ('{schema.Columns[i].Name}'): a {value.GetType().Name} cannot be stored in a {types[i]} column.");
            }
            SqliteValues.Check(db, rc);
        }
        var bad = batch.Bad[row];
        SqliteValues.Check(db, bad is null
            ? SqliteNative.sqlite3_bind_null(h, offset + n + 2)
            : BindText(stmt, h, offset + n + 2, bad));
    }

    /// <summary>Encodes into the arena and binds without a copy (or, when it does not fit, lets SQLite copy it).</summary>
    private int BindText(sqlite3_stmt stmt, IntPtr h, int index, string text)
    {
        if (arenaUsed + text.Length * 3 > ArenaBytes) return SqliteValues.BindText(stmt, index, text);
        var len = Encoding.UTF8.GetBytes(text, arena.AsSpan(arenaUsed));
        var ptr = arenaBase + arenaUsed;
        arenaUsed += len;
        return SqliteNative.sqlite3_bind_text(h, index, ptr, len, IntPtr.Zero);
    }

    /// <summary>Binds the <paramref name="length"/> bytes just formatted at the arena's free position.</summary>
    private int BindAscii(IntPtr h, int index, int length)
    {
        var ptr = arenaBase + arenaUsed;
        arenaUsed += length;
        return SqliteNative.sqlite3_bind_text(h, index, ptr, length, IntPtr.Zero);
    }

    private void Step(sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        if (rc != raw.SQLITE_DONE) SqliteValues.Check(db, rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc);
    }

    public async Task<long> CommitAsync(CancellationToken ct)
    {
        if (committed || closed) throw new InvalidOperationException("The writer is committed or disposed.");
        if (current.Count > 0) await Send(ct);
        full.Writer.TryComplete();
        try { await consumer; }
        catch (Exception ex) when (ex is not OperationCanceledException) { ThrowFailure(); }
        ct.ThrowIfCancellationRequested();
        using (ct.Register(static d => raw.sqlite3_interrupt((sqlite3)d!), db))
        {
            // Index building takes seconds on large loads: not on the caller's (possibly a request's) thread.
            try { await Task.Run(Finish, CancellationToken.None); }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT && ct.IsCancellationRequested)
            {
                throw new OperationCanceledException("The commit was cancelled.", ex, ct);
            }
        }
        Close();
        // Durable before visible: the file's bytes, then the rename, then the directory entry.
        using (var fs = new FileStream(loadingPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) fs.Flush(flushToDisk: true);
        File.Move(loadingPath, finalPath, overwrite: false);
        committed = true;
        SyncDirectory(directory);
        return total;
    }

    private long total;

    private void Finish()
    {
        // Index builds sort; let SQLite's sorter use a second thread (the caller is idle now).
        Exec("PRAGMA threads = 2");
        var keyIndexed = false;
        if (mode == LoadMode.Upsert)
        {
            var keys = schema.KeyColumns;
            // The key index makes the anti-join a lookup per basis row. A single Indexed key column keeps it as its index.
            keyIndexed = keys.Count == 1 && schema.Columns[keys[0]].Indexed;
            var keyList = string.Join(", ", keys.Select(k => $"c{k}"));
            Exec(keyIndexed ? $"CREATE INDEX ix_c{keys[0]} ON rows ({keyList})" : $"CREATE INDEX ix_key ON rows ({keyList})");
            var match = string.Join(" AND ", keys.Select(k => $"x.c{k} = b.c{k}"));
            // New rows first (1…N), then every basis row whose key the file does not contain, in basis order (N+1…).
            // Keys compare with SQL equality: a basis row with a null key part is always kept.
            Exec($"INSERT INTO rows ({ColumnList()}) SELECT {ColumnList("b.")} FROM basis.rows b " +
                                        $"WHERE NOT EXISTS (SELECT 1 FROM main.rows x WHERE {match}) ORDER BY b._row");
            if (!keyIndexed) Exec("DROP INDEX ix_key");
            nextRow = ScalarLong("SELECT coalesce(max(_row), 0) FROM rows") + 1;
            IndexSearchText(final: true);
        }
        for (var i = 0; i < n; i++)
        {
            if (!schema.Columns[i].Indexed) continue;
            if (keyIndexed && schema.KeyColumns[0] == i) continue;
            Exec($"CREATE INDEX ix_c{i} ON rows (c{i})");
        }
        // _row runs 1…N without gaps, so the last one is the count.
        total = ScalarLong("SELECT coalesce(max(_row), 0) FROM rows");
        Exec($"INSERT INTO _meta (key, value) VALUES ('format', '1'), ('rows', '{total}'), ('columns', '{SqliteRowStore.TypeCodes(schema)}')");
        Exec("PRAGMA analysis_limit = 1000; ANALYZE");
        Exec("COMMIT");
    }

    private void Exec(string sql) => SqliteValues.Check(db, raw.sqlite3_exec(db, sql));

    private long ScalarLong(string sql)
    {
        using var stmt = Prepare(sql);
        SqliteValues.Check(db, raw.sqlite3_step(stmt));
        return raw.sqlite3_column_int64(stmt, 0);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        SqliteValues.Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return stmt;
    }

    private void Close()
    {
        if (closed) return;
        closed = true;
        multi.Dispose();
        single.Dispose();
        connection.Dispose();
    }

    private void CloseQuietly()
    {
        try
        {
            closed = true;
            multi?.Dispose();
            single?.Dispose();
            connection?.Dispose();
        }
        catch (Exception) { /* already failing */ }
    }

    public async ValueTask DisposeAsync()
    {
        if (committed) return;
        aborting = true;
        full.Writer.TryComplete();
        try { await consumer; } catch (Exception) { /* the abort is what matters */ }
        CloseQuietly();
        TryDelete(loadingPath);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>fsync of the directory, so the rename survives a power cut (POSIX only; elsewhere the rename is what we get).</summary>
    internal static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            var fd = Posix.open(path, 0);
            if (fd < 0) return;
            Posix.fsync(fd);
            Posix.close(fd);
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    private static class Posix
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);
        [DllImport("libc")]
        public static extern int close(int fd);
    }
}
