using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
        HashSet<Type>? changedTypes = null; // changed or deleted (not added): what caches of existing rows must drop
        foreach (var e in ChangeTracker.Entries())
        {
            if (e.State is EntityState.Added) changes = true;
            else if (e.State is EntityState.Modified or EntityState.Deleted)
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
                Add(record);
            }
            var n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (tx is not null) await tx.CommitAsync(cancellationToken);
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
        catch
        {
            // Nothing was written: forget the chain records built for this attempt, so a retry links to the real head.
            foreach (var e in ChangeTracker.Entries<AuditRecord>().Where(e => e.State == EntityState.Added).ToList())
                e.State = EntityState.Detached;
            throw;
        }
        finally
        {
            ChainGate.Release();
        }
    }

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
/// rows changed or deleted, so an in-memory cache can drop what it holds. Bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>
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
