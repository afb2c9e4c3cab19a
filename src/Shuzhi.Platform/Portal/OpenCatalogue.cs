using Shuzhi.Core.Time;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>One field of an open package as the public sees it described (never a value).</summary>
public sealed record OpenField(string Name, string Type, string? Description);

/// <summary>
/// One entry of the OPEN catalogue (spec 20; issue 5 item 8): the published catalogue version of an entry that is not
/// withdrawn and whose open type is 无条件开放. <see cref="DataVersion"/> is set only when the entry also has a published
/// data version (then <see cref="DatasetAccess.IsOpen"/> holds and its rows are served, masked).
/// </summary>
public sealed record OpenPackage(
    string Code,
    string Title,
    string Summary,
    string Domain,
    string Category,
    string ProviderCode,
    string ProviderName,
    string UpdateCycle,
    IReadOnlyList<string> Formats,
    IReadOnlyList<OpenField> Fields,
    int CatalogueVersion,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    int? DataVersion,
    long? Rows);

/// <summary>The last open catalogue built (singleton; see <see cref="OpenCatalogue.ListAsync"/>).</summary>
public sealed class OpenCatalogueCache
{
    internal sealed record Built(IReadOnlyList<OpenPackage> Packages, long Generation, DateTimeOffset BuiltAt);
    internal volatile Built? Current;
    internal readonly SemaphoreSlim Gate = new(1, 1);
}

/// <summary>An organisation that provides at least one open package.</summary>
public sealed record OpenOrganisation(string Code, string Name, int PackageCount);

/// <summary>
/// Reads the open catalogue. THE filter is the same as <see cref="DatasetAccess.IsOpen"/> without the data condition:
/// a catalogue version that is published, not withdrawn, open unconditionally. Drafts, pending versions and entries of
/// any other open type never appear; a package shows data only when <see cref="DatasetAccess.IsOpen"/> holds for its snapshot.
/// </summary>
public sealed class OpenCatalogue(ShuzhiDb db, DatasetDirectory directory, OpenCatalogueCache cache)
{
    /// <summary>
    /// The open catalogue, built at most once per <see cref="DatasetDirectory.Ttl"/> and again at once after any committed
    /// change of what the snapshots depend on (<see cref="DatasetDirectory.Generation"/>) — the portal's pages and the CKAN
    /// API read it on every request. Never across a China midnight, like the snapshots.
    /// </summary>
    public async Task<IReadOnlyList<OpenPackage>> ListAsync(CancellationToken ct)
    {
        if (Current() is { } list) return list;
        await cache.Gate.WaitAsync(ct);
        try
        {
            if (Current() is { } built) return built; // another request built it while this one waited
            var now = db.Clock.GetUtcNow();
            var generation = directory.Generation;
            var fresh = await BuildAsync(ct);
            // A change committed during the build may not be in it: then serve it to this request only.
            if (directory.Generation == generation) cache.Current = new(fresh, generation, now);
            return fresh;
        }
        finally { cache.Gate.Release(); }
    }

    private IReadOnlyList<OpenPackage>? Current()
    {
        var now = db.Clock.GetUtcNow();
        return cache.Current is { } c && c.Generation == directory.Generation && now >= c.BuiltAt && now - c.BuiltAt < DatasetDirectory.Ttl
               && ChinaTime.DateOf(now) == ChinaTime.DateOf(c.BuiltAt)
            ? c.Packages
            : null;
    }

    private async Task<IReadOnlyList<OpenPackage>> BuildAsync(CancellationToken ct)
    {
        var rows = await (
            from e in db.Set<CatalogueEntry>().AsNoTracking()
            where e.PublishedVersion != null && e.State != EntryState.Withdrawn
            join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion!.Value } equals new { Id = v.EntryId, N = v.Number }
            where v.OpenType == OpenType.Unconditional && v.State != EntryState.Withdrawn // withdrawn, then edited: the entry is a Draft, its published version still withdrawn
            select new { e.Code, e.ProviderCode, e.ProviderName, EntryCreatedAt = e.CreatedAt, v.Number, v.Name, v.Summary, v.Domain, v.Category, v.AttributesJson, v.PublishedAt, v.CreatedAt })
            .ToListAsync(ct);
        var list = new List<OpenPackage>(rows.Count);
        foreach (var r in rows)
        {
            var snapshot = await directory.GetAsync(r.Code, ct);
            if (snapshot is null || !snapshot.CataloguePublished || snapshot.Withdrawn || snapshot.OpenType != OpenType.Unconditional) continue;
            var data = DatasetAccess.IsOpen(snapshot) ? snapshot.Published : null;
            var a = System.Text.Json.JsonSerializer.Deserialize<EntryAttributes>(r.AttributesJson, EntryAttributes.Json)!;
            var catalogueModified = r.PublishedAt ?? r.CreatedAt;
            var modified = data?.PublishedAt is { } dp && dp > catalogueModified ? dp : catalogueModified;
            list.Add(new OpenPackage(r.Code, r.Name, r.Summary, r.Domain, r.Category.ToString(), r.ProviderCode, r.ProviderName,
                (a.UpdateCycle ?? Catalogue.UpdateCycle.Irregular).ToString(), a.Formats ?? [],
                (a.Fields ?? []).Select(f => new OpenField(f.Name ?? "", (f.Type ?? FieldType.String).ToString(), f.Description)).ToList(),
                r.Number, r.EntryCreatedAt, modified, data?.Number, data?.Rows));
        }
        return list.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The open package with this code, or null (drafts, non-open and unknown entries alike).</summary>
    public async Task<OpenPackage?> FindAsync(string code, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(p => p.Code == code);

    public static IReadOnlyList<OpenOrganisation> Organisations(IReadOnlyList<OpenPackage> packages) =>
        packages.GroupBy(p => p.ProviderCode).Select(g => new OpenOrganisation(g.Key, g.First().ProviderName, g.Count()))
            .OrderBy(o => o.Code, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<(string Domain, int Count)> Domains(IReadOnlyList<OpenPackage> packages) =>
        packages.GroupBy(p => p.Domain).Select(g => (g.Key, g.Count())).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
}
