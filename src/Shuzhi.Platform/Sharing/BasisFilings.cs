using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

public sealed record BasisFilingView(Guid Id, string EntryCode, string EntryName, int EntryVersion, string Provider, string ProviderDivisionCode,
    string Basis, DateTimeOffset FiledAt, string FiledBy, string Source, DateOnly ReassessmentDue, string State,
    DateTimeOffset? EndedAt, string? EndedBy, string? EndReason)
{
    internal static BasisFilingView From(ShareBasisFiling f) => new(f.Id, f.EntryCode, f.EntryName, f.EntryVersion, f.ProviderName, f.ProviderDivisionCode,
        f.Basis, f.FiledAt, f.FiledBy, f.Source, f.ReassessmentDue, f.State.ToString(), f.EndedAt, f.EndedBy, f.EndReason);
}

/// <summary>
/// 贵州 art.20: the legal basis of conditional sharing is filed with the provincial bureau, "否则应当无条件共享".
/// Decision (docs/sharing-filings.md): the catalogue already requires <c>shareBasis</c> for a Conditional entry and the
/// bureau reviews it; publishing a Conditional version therefore files its basis, in the publishing unit of work. A
/// version that is not Conditional ends the filing in force (lapsed). Each filing is immutable but for its end.
/// </summary>
public sealed class ShareBasisFilings(ShuzhiDb db, FilingOptions options) : ICataloguePublished
{
    public async Task PublishedAsync(Actor actor, CatalogueEntry entry, EntryVersion version, CancellationToken ct)
    {
        var current = await db.Set<ShareBasisFiling>().FirstOrDefaultAsync(f => f.InForceEntryId == entry.Id, ct);
        if (version.ShareType != ShareType.Conditional)
        {
            if (current is null) return;
            End(current, FilingState.Lapsed, actor, $"第 {version.Number} 版目录不再为有条件共享 / version {version.Number} is not conditionally shared");
            db.Audit(actor, "sharing.basis.lapse", $"sharing-basis:{entry.Code}", new { entry = entry.Code, filing = current.Id, version = version.Number });
            return;
        }
        var basis = version.Attributes.ShareBasis?.Trim() ?? "";
        var provincial = await FilingScope.ProvincialBureauAsync(db, ct);
        if (current is not null)
            End(current, FilingState.Superseded, actor, $"第 {version.Number} 版目录发布，依据重新备案 / re-filed with version {version.Number}");
        var filing = New(entry.Id, entry.Code, version.Name, version.Number, entry.ProviderOrganisationId, entry.ProviderName, entry.ProviderDivisionCode,
            basis, provincial.Id, actor, "publish", current?.Id);
        db.Audit(actor, "sharing.basis.file", $"sharing-basis:{entry.Code}", new
        {
            entry = entry.Code, version = version.Number, basis, bureau = provincial.Code, reassessmentDue = filing.ReassessmentDue, replaces = current?.Id,
        });
    }

    /// <summary>Adds a filing in force (the caller has ended the previous one); re-assessment due in <see cref="FilingOptions.ReassessmentMonths"/>.</summary>
    internal ShareBasisFiling New(Guid entryId, string entryCode, string entryName, int entryVersion, Guid providerId, string providerName,
        string providerDivision, string basis, Guid bureauId, Actor actor, string source, Guid? previous)
    {
        var now = db.Clock.GetUtcNow();
        var filing = new ShareBasisFiling
        {
            Id = Guid.NewGuid(), EntryId = entryId, EntryCode = entryCode, EntryName = entryName, EntryVersion = entryVersion,
            ProviderOrganisationId = providerId, ProviderName = providerName, ProviderDivisionCode = providerDivision, Basis = basis,
            BureauOrganisationId = bureauId, FiledAt = now, FiledBy = actor.Username, Source = source,
            ReassessmentDue = ChinaTime.DateOf(now).AddMonths(options.ReassessmentMonths), State = FilingState.InForce,
            PreviousFilingId = previous, InForceEntryId = entryId,
        };
        db.Add(filing);
        return filing;
    }

    internal void End(ShareBasisFiling f, FilingState state, Actor actor, string reason)
    {
        f.State = state;
        f.EndedAt = db.Clock.GetUtcNow();
        f.EndedBy = actor.Username;
        f.EndReason = reason;
        f.InForceEntryId = null;
        f.Version++; // EF orders this update (freeing the unique InForceEntryId) before the insert of a successor that takes it
    }

    /// <summary>Filings the actor sees: its department's entries'; a bureau those of its division and below (the provincial bureau all).</summary>
    public async Task<IReadOnlyList<BasisFilingView>> List(Actor actor, string? state, string? entry, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        FilingState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
            wanted = Enum.TryParse<FilingState>(state.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                : throw new Common.BadRequestProblem("state", "enum", "state is one of " + string.Join(", ", Enum.GetNames<FilingState>()));
        var q = db.Set<ShareBasisFiling>().AsNoTracking();
        var prefix = FilingScope.BureauPrefix(actor);
        q = prefix is null ? q.Where(f => f.ProviderOrganisationId == actor.OrganisationId) : q.Where(f => f.ProviderDivisionCode.StartsWith(prefix));
        if (wanted is { } w) q = q.Where(f => f.State == w);
        if (!string.IsNullOrWhiteSpace(entry)) q = q.Where(f => f.EntryCode == entry.Trim());
        var list = await q.ToListAsync(ct);
        return list.OrderBy(f => f.State != FilingState.InForce).ThenBy(f => f.ReassessmentDue).ThenByDescending(f => f.FiledAt)
            .Select(BasisFilingView.From).ToList();
    }
}
