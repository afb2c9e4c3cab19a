using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>What the public did with an open package (spec 20: statistics of views, downloads and API calls).</summary>
public enum UsageKind
{
    /// <summary>The dataset page was shown.</summary>
    View,
    /// <summary>A CSV/JSON/XLSX file was downloaded.</summary>
    Download,
    /// <summary>A CKAN action about the package (package_show, resource_show, datastore_search).</summary>
    Api,
}

/// <summary>How often a package was used on one China day, by kind (one row per day, entry and kind).</summary>
public sealed class OpenUsageCount
{
    public DateOnly Day { get; set; }
    public required string EntryCode { get; set; }
    public UsageKind Kind { get; set; }
    public long Count { get; set; }
}

/// <summary>
/// Counts the public's use of open packages without a database write per request: <see cref="Record"/> adds to counters in
/// memory, <see cref="OpenUsageFlush"/> adds them to <c>open_usage_counts</c> every few seconds and at shutdown, and the
/// statistics (<see cref="UsageStatistics"/>) add what is not yet written, so a count is visible at once. Counts nothing
/// personal: no address, user or agent. Each flush is audited as the system's act <c>opendata.usage.flush</c>. One process per database is assumed (a second server's counts would be added too,
/// but two flushes of the same new day row at the same instant would conflict; the loser retries at the next flush).
/// </summary>
public sealed class OpenUsage(TimeProvider clock)
{
    private ConcurrentDictionary<(DateOnly Day, string Code, UsageKind Kind), long> pending = new();

    public void Record(string entryCode, UsageKind kind)
    {
        var day = ChinaTime.DateOf(clock.GetUtcNow());
        pending.AddOrUpdate((day, entryCode, kind), 1, (_, n) => n + 1);
    }

    /// <summary>The counts not yet written.</summary>
    internal IEnumerable<((DateOnly Day, string Code, UsageKind Kind) Key, long Count)> Pending =>
        pending.Select(p => (p.Key, p.Value));

    /// <summary>Writes the pending counts (added to the day rows) in one transaction; on failure they stay pending.</summary>
    public async Task FlushAsync(ShuzhiDb db, CancellationToken ct)
    {
        var taken = Interlocked.Exchange(ref pending, new());
        if (taken.IsEmpty) return;
        try
        {
            foreach (var ((day, code, kind), n) in taken)
            {
                var row = await db.Set<OpenUsageCount>().FirstOrDefaultAsync(c => c.Day == day && c.EntryCode == code && c.Kind == kind, ct);
                if (row is null) db.Add(new OpenUsageCount { Day = day, EntryCode = code, Kind = kind, Count = n });
                else row.Count += n;
            }
            // The system's act of writing the counters, one record per flush (at most one per interval, only when used).
            db.Audit(Shuzhi.Platform.Identity.Actor.System, "opendata.usage.flush", "open_usage_counts",
                new { packages = taken.Keys.Select(k => k.Code).Distinct().Count(), uses = taken.Values.Sum() });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            db.ChangeTracker.Clear();
            foreach (var (key, n) in taken) pending.AddOrUpdate(key, n, (_, m) => m + n);
            throw;
        }
    }
}

/// <summary>Writes <see cref="OpenUsage"/>'s counters every <c>Shuzhi:Portal:UsageFlushSeconds</c> (default 10) and at shutdown.</summary>
public sealed class OpenUsageFlush(OpenUsage usage, IServiceScopeFactory scopes, Microsoft.Extensions.Configuration.IConfiguration configuration,
    ILogger<OpenUsageFlush> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Max(1, Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(configuration, "Shuzhi:Portal:UsageFlushSeconds", 10));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await usage.FlushAsync(scope.ServiceProvider.GetRequiredService<ShuzhiDb>(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Open data usage counts not written; retrying at the next flush");
        }
    }
}

/// <summary>Uses of one package, or of all packages of one department, over a period.</summary>
public sealed record UsageTotals(long Views, long Downloads, long ApiCalls)
{
    public long Total => Views + Downloads + ApiCalls;
    public static readonly UsageTotals None = new(0, 0, 0);
}

public sealed record EntryUsage(string EntryCode, string Name, string ProviderCode, string ProviderName, UsageTotals Totals);

public sealed record DepartmentUsage(string ProviderCode, string ProviderName, int Packages, UsageTotals Totals);

public sealed record DayUsage(DateOnly Day, UsageTotals Totals);

/// <summary>
/// The usage statistics of the open portal (issue 5 items 3 and 6): per package, per department, per day, over an
/// inclusive range of China days (null = without bound). Written and pending counts together.
/// </summary>
public sealed class UsageStatistics(ShuzhiDb db, OpenUsage usage)
{
    private async Task<List<(DateOnly Day, string Code, UsageKind Kind, long Count)>> CountsAsync(DateOnly? from, DateOnly? to, string? code, CancellationToken ct)
    {
        var q = db.Set<OpenUsageCount>().AsNoTracking();
        if (from is { } f) q = q.Where(c => c.Day >= f);
        if (to is { } t) q = q.Where(c => c.Day <= t);
        if (code is not null) q = q.Where(c => c.EntryCode == code);
        var written = (await q.Select(c => new { c.Day, c.EntryCode, c.Kind, c.Count }).ToListAsync(ct))
            .Select(c => (c.Day, c.EntryCode, c.Kind, c.Count));
        var pending = usage.Pending
            .Where(p => (from is null || p.Key.Day >= from) && (to is null || p.Key.Day <= to) && (code is null || p.Key.Code == code))
            .Select(p => (p.Key.Day, p.Key.Code, p.Key.Kind, p.Count));
        return written.Concat(pending).ToList();
    }

    private static UsageTotals Sum(IEnumerable<(DateOnly Day, string Code, UsageKind Kind, long Count)> counts)
    {
        long v = 0, d = 0, a = 0;
        foreach (var c in counts)
        {
            switch (c.Kind)
            {
                case UsageKind.View: v += c.Count; break;
                case UsageKind.Download: d += c.Count; break;
                default: a += c.Count; break;
            }
        }
        return new UsageTotals(v, d, a);
    }

    /// <summary>All uses of one package.</summary>
    public async Task<UsageTotals> ForEntryAsync(string code, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        Sum(await CountsAsync(from, to, code, ct));

    /// <summary>Per package, most used first (packages never used are absent).</summary>
    public async Task<IReadOnlyList<EntryUsage>> ByEntryAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var counts = await CountsAsync(from, to, null, ct);
        var codes = counts.Select(c => c.Code).Distinct().ToList();
        var entries = await NamesAsync(codes, ct);
        return counts.GroupBy(c => c.Code)
            .Select(g =>
            {
                var e = entries.GetValueOrDefault(g.Key);
                return new EntryUsage(g.Key, e.Name ?? g.Key, e.ProviderCode ?? "", e.ProviderName ?? "", Sum(g));
            })
            .OrderByDescending(u => u.Totals.Total).ThenBy(u => u.EntryCode, StringComparer.Ordinal).ToList();
    }

    /// <summary>Per providing department, most used first.</summary>
    public async Task<IReadOnlyList<DepartmentUsage>> ByDepartmentAsync(DateOnly? from, DateOnly? to, CancellationToken ct) =>
        (await ByEntryAsync(from, to, ct)).GroupBy(u => u.ProviderCode)
            .Select(g => new DepartmentUsage(g.Key, g.First().ProviderName, g.Count(),
                new UsageTotals(g.Sum(u => u.Totals.Views), g.Sum(u => u.Totals.Downloads), g.Sum(u => u.Totals.ApiCalls))))
            .OrderByDescending(d => d.Totals.Total).ThenBy(d => d.ProviderCode, StringComparer.Ordinal).ToList();

    /// <summary>Per day (days without use absent), of one package or of all.</summary>
    public async Task<IReadOnlyList<DayUsage>> ByDayAsync(string? code, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        (await CountsAsync(from, to, code, ct)).GroupBy(c => c.Day).OrderBy(g => g.Key).Select(g => new DayUsage(g.Key, Sum(g))).ToList();

    private async Task<Dictionary<string, (string? Name, string? ProviderCode, string? ProviderName)>> NamesAsync(List<string> codes, CancellationToken ct)
    {
        var rows = await (
            from e in db.Set<CatalogueEntry>().AsNoTracking()
            where codes.Contains(e.Code)
            join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion ?? e.CurrentVersion } equals new { Id = v.EntryId, N = v.Number } into vs
            from v in vs.DefaultIfEmpty()
            select new { e.Code, Name = v == null ? null : v.Name, e.ProviderCode, e.ProviderName }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Code, r => ((string?)r.Name, (string?)r.ProviderCode, (string?)r.ProviderName));
    }
}

internal sealed class OpenUsageCountConfig : IEntityTypeConfiguration<OpenUsageCount>
{
    public void Configure(EntityTypeBuilder<OpenUsageCount> b)
    {
        b.ToTable("open_usage_counts");
        b.HasKey(c => new { c.Day, c.EntryCode, c.Kind });
        b.HasIndex(c => c.EntryCode);
        b.Property(c => c.EntryCode).HasMaxLength(40);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(8);
    }
}
