using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>One field of an open package as the public sees it described (never a value).</summary>
public sealed record OpenField(string Name, string Type, string? Description);

/// <summary>
/// One entry of the OPEN catalogue (spec 20; issue 5 item 8): the published catalogue version of an entry that is not
/// withdrawn and whose open type is 无条件开放 or 有条件开放 (<see cref="DatasetAccess.IsListed"/>; <see cref="OpenType"/>
/// says which). <see cref="DataVersion"/> is set only when <see cref="DatasetAccess.IsOpen"/> holds — unconditionally open
/// with a published data version — and then its rows are served, masked; a conditional package has no rows, preview,
/// downloads or resources for the public: it is applied for (贵州 art.31, docs/portal-opening.md).
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
    long? Rows,
    OpenType OpenType = OpenType.Unconditional);

/// <summary>An organisation that provides at least one open package.</summary>
public sealed record OpenOrganisation(string Code, string Name, int PackageCount);

/// <summary>
/// Reads the open catalogue. THE filter is <see cref="DatasetAccess.IsListed"/>: a catalogue version that is published,
/// not withdrawn, open unconditionally or conditionally. Drafts, pending versions and 不予开放 entries never appear; a
/// package shows data only when <see cref="DatasetAccess.IsOpen"/> holds for its snapshot.
/// </summary>
public sealed class OpenCatalogue(ShuzhiDb db, DatasetDirectory directory)
{
    public async Task<IReadOnlyList<OpenPackage>> ListAsync(CancellationToken ct)
    {
        var rows = await (
            from e in db.Set<CatalogueEntry>().AsNoTracking()
            where e.PublishedVersion != null && e.State != EntryState.Withdrawn
            join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion!.Value } equals new { Id = v.EntryId, N = v.Number }
            where (v.OpenType == OpenType.Unconditional || v.OpenType == OpenType.Conditional) && v.State != EntryState.Withdrawn // withdrawn, then edited: the entry is a Draft, its published version still withdrawn
            select new { e.Code, e.ProviderCode, e.ProviderName, EntryCreatedAt = e.CreatedAt, v.Number, v.Name, v.Summary, v.Domain, v.Category, v.AttributesJson, v.PublishedAt, v.CreatedAt })
            .ToListAsync(ct);
        var list = new List<OpenPackage>(rows.Count);
        foreach (var r in rows)
        {
            var snapshot = await directory.GetAsync(r.Code, ct);
            if (snapshot is null || !DatasetAccess.IsListed(snapshot)) continue;
            var data = DatasetAccess.IsOpen(snapshot) ? snapshot.Published : null;
            var a = System.Text.Json.JsonSerializer.Deserialize<EntryAttributes>(r.AttributesJson, EntryAttributes.Json)!;
            var catalogueModified = r.PublishedAt ?? r.CreatedAt;
            var modified = data?.PublishedAt is { } dp && dp > catalogueModified ? dp : catalogueModified;
            list.Add(new OpenPackage(r.Code, r.Name, r.Summary, r.Domain, r.Category.ToString(), r.ProviderCode, r.ProviderName,
                (a.UpdateCycle ?? Catalogue.UpdateCycle.Irregular).ToString(), a.Formats ?? [],
                (a.Fields ?? []).Select(f => new OpenField(f.Name ?? "", (f.Type ?? FieldType.String).ToString(), f.Description)).ToList(),
                r.Number, r.EntryCreatedAt, modified, data?.Number, data?.Rows, snapshot.OpenType!.Value));
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
