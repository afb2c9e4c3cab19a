using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>
/// Catalogued data the public cannot read yet (可开放数据的高级搜索, spec 20; issue 5 item 2), so people can ask for it:
/// the published, not withdrawn catalogue entries designated for opening (贵州 art.28: 无条件开放 or 有条件开放) whose
/// rows the public does not get — unconditionally open entries without published data, and conditionally open entries.
/// Each is described as an <see cref="OpenPackage"/> with catalogue metadata only: name, summary, department, level, domain,
/// open type, update cycle, formats, field names (no field descriptions) — never data (no data version, no rows).
/// Never listed: drafts and pending versions (only the published catalogue version is read), withdrawn entries,
/// 不予开放 entries (art.28: secret or otherwise barred from opening — not openable, so not requestable here), and core data
/// (核心数据, Data Security Law art.21: its very catalogue is kept from the public) whatever its open type.
/// Searched with <see cref="PackageSearch"/>, like the open catalogue.
/// </summary>
public sealed class RequestableCatalogue(ShuzhiDb db, DatasetDirectory directory)
{
    public async Task<IReadOnlyList<OpenPackage>> ListAsync(CancellationToken ct)
    {
        var rows = await (
            from e in db.Set<CatalogueEntry>().AsNoTracking()
            where e.PublishedVersion != null && e.State != EntryState.Withdrawn
            join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion!.Value } equals new { Id = v.EntryId, N = v.Number }
            where (v.OpenType == OpenType.Unconditional || v.OpenType == OpenType.Conditional) && v.Grade != DataGrade.Core && v.State != EntryState.Withdrawn
            select new { e.Code, e.Level, e.ProviderCode, e.ProviderName, e.CreatedAt, v.Number, v.Name, v.Summary, v.Domain, v.Category, v.OpenType, v.AttributesJson, v.PublishedAt })
            .ToListAsync(ct);
        var list = new List<OpenPackage>(rows.Count);
        foreach (var r in rows)
        {
            var snapshot = await directory.GetAsync(r.Code, ct);
            // The directory is THE reader of what is published and withdrawn; open data with rows is on /open/search instead.
            if (snapshot is null || !snapshot.CataloguePublished || snapshot.Withdrawn || snapshot.OpenType != r.OpenType || DatasetAccess.IsOpen(snapshot)) continue;
            var a = System.Text.Json.JsonSerializer.Deserialize<EntryAttributes>(r.AttributesJson, EntryAttributes.Json)!;
            var published = r.PublishedAt ?? r.CreatedAt;
            list.Add(new OpenPackage(r.Code, r.Name, r.Summary, r.Domain, r.Category.ToString(), r.ProviderCode, r.ProviderName,
                (a.UpdateCycle ?? UpdateCycle.Irregular).ToString(), a.Formats ?? [],
                (a.Fields ?? []).Select(f => new OpenField(f.Name ?? "", (f.Type ?? FieldType.String).ToString(), null)).ToList(),
                r.Number, r.CreatedAt, published, null, null, r.OpenType, r.Level));
        }
        return list.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }
}
