using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Datasets;

/// <summary>
/// The data resources a caller may open (the web page 数据资源): the department's own published catalogue entries —
/// with or without data yet, so it can load into them — and every other entry whose data <see cref="DatasetAccess.Decide"/>
/// lets the caller read. Versions other than the published one are described only to those who see every version.
/// Read in a few batched queries; the rule itself is DatasetAccess's, applied to snapshots built from them.
/// </summary>
public sealed class ListDatasets(ShuzhiDb db, TimeProvider clock)
{
    public sealed record Item(string EntryCode, string Name, string Provider, bool Own, bool Withdrawn, int? PublishedVersion,
        long PublishedRows, double? PublishedScore, int? LatestVersion, string? LatestState, double? LatestScore, bool? LatestGatePassed,
        DateTimeOffset? LastLoadedAt);

    public async Task<IReadOnlyList<Item>> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRead);
        var datasets = await db.Set<Dataset>().AsNoTracking().ToListAsync(ct);
        var withData = datasets.Select(d => d.EntryId).ToList();
        var entries = await db.Set<CatalogueEntry>().AsNoTracking()
            .Where(e => withData.Contains(e.Id) || (e.ProviderOrganisationId == actor.OrganisationId && e.PublishedVersion != null))
            .ToListAsync(ct);
        var ids = entries.Select(e => e.Id).ToList();
        var catalogueVersions = await db.Set<EntryVersion>().AsNoTracking().Where(v => ids.Contains(v.EntryId))
            .Select(v => new { v.EntryId, v.Number, v.Name, v.ShareType }).ToListAsync(ct);
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => ids.Contains(g.EntryId)).ToListAsync(ct);
        var filed = (await db.Set<Sharing.ShareBasisFiling>().AsNoTracking().Where(f => f.InForceEntryId != null && ids.Contains(f.EntryId))
            .Select(f => f.EntryId).ToListAsync(ct)).ToHashSet(); // 贵州 art.20 (docs/sharing-filings.md)
        var versions = await db.Set<DataVersion>().AsNoTracking().Where(v => ids.Contains(v.EntryId))
            .Select(v => new { v.EntryId, v.Number, v.State, v.Rows, v.Score, v.GatePassed, v.StartedAt, v.CompletedAt }).ToListAsync(ct);
        var now = clock.GetUtcNow();

        var items = new List<Item>();
        foreach (var e in entries)
        {
            var dataset = datasets.FirstOrDefault(d => d.EntryId == e.Id);
            var shown = catalogueVersions.FirstOrDefault(v => v.EntryId == e.Id && v.Number == (e.PublishedVersion ?? e.CurrentVersion));
            var snapshot = new DatasetSnapshot(e.Code, e.Id, e.ProviderOrganisationId, e.ProviderDivisionCode, e.PublishedVersion is not null,
                e.State == EntryState.Withdrawn, e.PublishedVersion is null ? null : shown?.ShareType, dataset, null, null,
                new Dictionary<string, string>(), grants.Where(g => g.EntryId == e.Id).ToList(), now, ConditionalBasisFiled: filed.Contains(e.Id));
            var decision = DatasetAccess.Decide(actor, snapshot, Core.Time.ChinaTime.DateOf(now));
            var own = e.ProviderOrganisationId == actor.OrganisationId;
            if (!decision.Allowed || (!own && dataset?.PublishedVersion is null && !decision.AllVersions)) continue;
            var mine = versions.Where(v => v.EntryId == e.Id).OrderByDescending(v => v.Number).ToList();
            var published = mine.FirstOrDefault(v => v.Number == dataset?.PublishedVersion);
            var latest = decision.AllVersions ? mine.FirstOrDefault() : published;
            items.Add(new Item(e.Code, shown?.Name ?? e.Code, e.ProviderName, own, e.State == EntryState.Withdrawn, dataset?.PublishedVersion,
                published?.Rows ?? 0, published?.Score, latest?.Number, latest?.State.ToString(), latest?.Score, latest?.GatePassed,
                latest is null ? null : latest.CompletedAt ?? latest.StartedAt));
        }
        return items.OrderByDescending(i => i.Own).ThenByDescending(i => i.PublishedVersion is not null).ThenBy(i => i.EntryCode, StringComparer.Ordinal).ToList();
    }
}
