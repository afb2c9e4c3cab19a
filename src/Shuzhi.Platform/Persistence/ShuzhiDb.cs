using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Persistence;

/// <summary>
/// The platform's own records. Modules map their entities with <see cref="IEntityTypeConfiguration{TEntity}"/>
/// classes in their own folder (picked up from this assembly) and use <c>db.Set&lt;T&gt;()</c>.
///
/// Every state change must be accompanied by <see cref="Audit"/>: <see cref="SaveChangesAsync(CancellationToken)"/>
/// writes the audit records into the SM3 hash chain in the same transaction as the change, and refuses to
/// save a change that has no audit record.
/// </summary>
public abstract class ShuzhiDb(DbContextOptions options, TimeProvider clock) : DbContext(options)
{
    private static readonly SemaphoreSlim ChainGate = new(1, 1);
    private readonly List<PendingAudit> pendingAudit = [];

    /// <param name="Instant">When the act happened, if earlier than the save (the access log); null: the clock at save time.</param>
    private readonly record struct PendingAudit(Actor Actor, string Action, string Subject, string Details, DateTimeOffset? Instant);

    public static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    public TimeProvider Clock => clock;

    /// <summary>Records an act, to be written with the next <see cref="SaveChangesAsync(CancellationToken)"/>.</summary>
    public void Audit(Actor actor, string action, string subject, object? details = null)
        => pendingAudit.Add(new(actor, action, subject, DetailsJson(details), null));

    /// <summary>
    /// Records an act that happened at <paramref name="instant"/>, before this save: the access log
    /// (<see cref="Audit.AccessLog"/>) writes its records in batches after the fact. The record still joins the
    /// chain in sequence order at save time, so along the chain such instants need not increase.
    /// </summary>
    internal void AuditAt(DateTimeOffset instant, Actor actor, string action, string subject, string detailsJson)
        => pendingAudit.Add(new(actor, action, subject, detailsJson, instant));

    /// <summary>The canonical JSON of an audit record's details: "{}", {"note": text}, or the object.</summary>
    internal static string DetailsJson(object? details) => details switch
    {
        null => "{}",
        string s => JsonSerializer.Serialize(new { note = s }, AuditJson),
        _ => JsonSerializer.Serialize(details, AuditJson),
    };

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShuzhiDb).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
        => throw new NotSupportedException("Use SaveChangesAsync: it writes the audit chain.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var changes = false;
        HashSet<Type>? changedTypes = null; // added, changed or deleted: what caches must drop (a new grant counts too)
        foreach (var e in ChangeTracker.Entries())
        {
            if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                changes = true;
                (changedTypes ??= []).Add(e.Metadata.ClrType);
            }
        }
        if (pendingAudit.Count == 0)
        {
            if (changes)
                throw new InvalidOperationException("A state change without an audit record: call db.Audit(...) before SaveChangesAsync.");
            return 0;
        }

        var ownTransaction = Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await ChainGate.WaitAsync(cancellationToken);
        try
        {
            await LockChainAsync(cancellationToken);
            var head = await Set<AuditRecord>().AsNoTracking()
                .OrderByDescending(r => r.Sequence)
                .Select(r => new { r.Sequence, r.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var sequence = head?.Sequence ?? 0;
            var previous = head?.Hash ?? AuditChain.Genesis;
            var now = AuditChain.StoredInstant(clock.GetUtcNow());
            var records = new List<AuditRecord>(pendingAudit.Count);
            foreach (var (actor, action, subject, details, instant) in pendingAudit)
            {
                var record = new AuditRecord
                {
                    Sequence = ++sequence,
                    Instant = instant is { } at ? AuditChain.StoredInstant(at) : now,
                    Actor = actor.Username,
                    Role = actor.IsSystem ? "System" : actor.RoleNames,
                    Organisation = actor.IsSystem ? "Shuzhi" : $"{actor.OrganisationName}",
                    Action = action,
                    Subject = subject,
                    Details = details,
                    ChangeDigest = Sm3.HashHex(details),
                    PreviousHash = previous,
                    Hash = "",
                };
                record.Hash = AuditChain.Link(previous, record.ToEntry());
                previous = record.Hash;
                records.Add(record);
            }
            // The entities first, accepted only after the commit: if the audit insert or the commit fails, a retry on this
            // context writes the changes again together with their records.
            var n = changes ? await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken) : 0;
            n += await InsertAuditRecordsAsync(records, cancellationToken);
            if (tx is not null) await tx.CommitAsync(cancellationToken);
            if (changes && acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            pendingAudit.Clear();
            // The head checkpoint outside the database (Platform/Evidence): only after our own commit, so it never
            // claims a record that was rolled back. Inside a caller's transaction it lags until the next save.
            if (tx is not null) AuditHeadObserver()?.Committed(sequence, previous);
            // Caches of changed rows (e.g. who a token is) drop them after the commit, so a reader cannot re-cache the old
            // row. Inside a caller's transaction we cannot see its commit: they are told now (a stale re-read is possible
            // until the caller commits; no handler opens its own transaction today).
            if (changedTypes is not null) NotifyChanged(changedTypes);
            return n;
        }
        finally
        {
            // On failure nothing was written and the pending records are kept: a retry links them to the real head.
            ChainGate.Release();
        }
    }

    /// <summary>Rows per INSERT statement when appending audit records (PostgreSQL: fewer round trips).</summary>
    protected virtual int AuditRowsPerInsert => 50;

    /// <summary>
    /// Appends linked records with prepared (multi-row) INSERTs in the current transaction, not through the change tracker:
    /// the access log writes hundreds per save, and EF's per-entity work cost about three times the hashing and SQL
    /// (bench/AccessLogThroughput.cs). Table, columns, quoting and value conversions come from the EF model, so both
    /// providers get their own SQL.
    /// </summary>
    private async Task<int> InsertAuditRecordsAsync(List<AuditRecord> records, CancellationToken ct)
    {
        var entity = Model.FindEntityType(typeof(AuditRecord))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = this.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        if (entity.GetProperties().Count() != AuditColumns.Length)
            throw new InvalidOperationException("AuditRecord has columns that ShuzhiDb.AuditColumns does not write: add them there.");
        var properties = AuditColumns.Select(name => entity.FindProperty(name)!).ToArray();
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        var into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
                   + string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!))) + ") VALUES ";
        var connection = Database.GetDbConnection();
        var transaction = Database.CurrentTransaction!.GetDbTransaction();

        System.Data.Common.DbCommand? full = null;
        try
        {
            for (var offset = 0; offset < records.Count; offset += AuditRowsPerInsert)
            {
                var rows = Math.Min(AuditRowsPerInsert, records.Count - offset);
                var command = rows == AuditRowsPerInsert ? full ??= Command(rows) : Command(rows);
                try
                {
                    for (var r = 0; r < rows; r++)
                    {
                        var values = AuditValues(records[offset + r]);
                        for (var c = 0; c < values.Length; c++)
                            command.Parameters[r * values.Length + c].Value = converters[c] is { } convert ? convert.ConvertToProvider(values[c]) : values[c];
                    }
                    await command.ExecuteNonQueryAsync(ct);
                }
                finally
                {
                    if (command != full) await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
        return records.Count;

        System.Data.Common.DbCommand Command(int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
            var text = new System.Text.StringBuilder(into);
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@a{r * properties.Length + c}";
                    command.Parameters.Add(parameter);
                    text.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            return command;
        }
    }

    private static readonly string[] AuditColumns =
    [
        nameof(AuditRecord.Sequence), nameof(AuditRecord.Instant), nameof(AuditRecord.Actor), nameof(AuditRecord.Role),
        nameof(AuditRecord.Organisation), nameof(AuditRecord.Action), nameof(AuditRecord.Subject), nameof(AuditRecord.Details),
        nameof(AuditRecord.ChangeDigest), nameof(AuditRecord.PreviousHash), nameof(AuditRecord.Hash),
    ];

    private static object?[] AuditValues(AuditRecord r)
        => [r.Sequence, r.Instant, r.Actor, r.Role, r.Organisation, r.Action, r.Subject, r.Details, r.ChangeDigest, r.PreviousHash, r.Hash];

    private IAuditHeadObserver? AuditHeadObserver() => ApplicationService<IAuditHeadObserver>();

    private void NotifyChanged(IReadOnlySet<Type> changedTypes)
    {
        if (ApplicationService<IEnumerable<IEntityChangeObserver>>() is { } observers)
            foreach (var o in observers) o.Changed(changedTypes);
    }

    private T? ApplicationService<T>() where T : class
        => this.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>()
            .FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?
            .ApplicationServiceProvider?.GetService(typeof(T)) as T;

    /// <summary>Serialises appends to the chain across processes (server and CLI).</summary>
    protected abstract Task LockChainAsync(CancellationToken ct);
}

/// <summary>
/// Told, after a save through <see cref="ShuzhiDb.SaveChangesAsync(CancellationToken)"/> committed, which entity types had
/// rows added, changed or deleted, so an in-memory cache can drop what it holds. Bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>
/// bypass it: a module that caches rows must not change them that way.
/// </summary>
public interface IEntityChangeObserver
{
    void Changed(IReadOnlySet<Type> changedTypes);
}

/// <summary>SQLite, the embedded default. Microsoft.Data.Sqlite begins transactions IMMEDIATE, which takes the write lock.</summary>
public sealed class SqliteShuzhiDb(DbContextOptions<SqliteShuzhiDb> options, TimeProvider clock) : ShuzhiDb(options, clock)
{
    protected override Task LockChainAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// One row per statement, the command re-executed: in-process there is no round trip to save, and SQLite looks each
    /// named parameter up by a linear search, so a 50-row statement (550 parameters) spent most of its time binding.
    /// </summary>
    protected override int AuditRowsPerInsert => 1;

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // SQLite has no instant type: store UTC ticks so instants sort and compare in SQL.
        b.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL (Npgsql), for production.</summary>
public sealed class PostgresShuzhiDb(DbContextOptions<PostgresShuzhiDb> options, TimeProvider clock) : ShuzhiDb(options, clock)
{
    protected override Task LockChainAsync(CancellationToken ct)
        => Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7243321)", ct);
}
