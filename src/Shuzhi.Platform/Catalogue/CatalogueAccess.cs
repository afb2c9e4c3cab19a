using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Catalogue;

/// <summary>
/// Who sees and does what in the catalogue.
/// - Published entries: every government user (一本账 — the province sees city and county entries at once).
/// - Drafts, submitted and returned versions: the provider department's users, and the bureau of the provider's
///   division (the one that reviews it, 贵州 art.8). Anyone else gets 404, as if the draft did not exist.
/// - Editing: <see cref="Policies.CatalogueEdit"/> in the provider department. Review: <see cref="Policies.CatalogueReview"/>
///   in the bureau of the provider's division. Withdrawal: either of them.
/// </summary>
public static class CatalogueAccess
{
    public static bool IsReviewingBureau(Actor a, CatalogueEntry e)
        => a.IsSystem || (Policies.CatalogueReview.Allows(a) && a.DivisionCode == e.ProviderDivisionCode);

    public static bool IsOwner(Actor a, CatalogueEntry e) => a.IsSystem || a.OrganisationId == e.ProviderOrganisationId;

    /// <summary>Sees the working (unpublished) versions of the entry.</summary>
    public static bool SeesWorking(Actor a, CatalogueEntry e) => IsOwner(a, e) || IsReviewingBureau(a, e);

    public static bool MayEdit(Actor a, CatalogueEntry e) => a.IsSystem || (Policies.CatalogueEdit.Allows(a) && a.OrganisationId == e.ProviderOrganisationId);

    public static void RequireEdit(Actor a, CatalogueEntry e)
    {
        a.Require(Policies.CatalogueEdit);
        if (!MayEdit(a, e))
            throw new ForbiddenProblem(Policies.CatalogueEdit.Name, $"只有提供部门（{e.ProviderName}）的数据专员或工作人员可以维护此目录 / only the provider department may edit this entry");
    }

    public static void RequireReview(Actor a, CatalogueEntry e)
    {
        a.Require(Policies.CatalogueReview);
        if (!IsReviewingBureau(a, e))
            throw new ForbiddenProblem(Policies.CatalogueReview.Name, $"目录由提供部门同级大数据主管部门（行政区划 {e.ProviderDivisionCode}）审核（贵州省政务数据资源管理办法第八条） / only the bureau of the provider's division reviews it (art.8)");
    }

    /// <summary>Loads an entry the actor may see at all; 404 otherwise (drafts of other departments do not exist for them).</summary>
    public static async Task<CatalogueEntry> LoadVisibleAsync(ShuzhiDb db, Actor actor, string? code, bool track, CancellationToken ct)
    {
        actor.Require(Policies.GovernmentUser);
        var c = CatalogueRules.Code(code) ?? throw new NotFoundProblem("catalogue entry", code ?? "");
        var q = db.Set<CatalogueEntry>().AsQueryable();
        if (!track) q = q.AsNoTracking();
        var e = await q.FirstOrDefaultAsync(x => x.Code == c, ct);
        if (e is null || (e.PublishedVersion is null && !SeesWorking(actor, e))) throw new NotFoundProblem("catalogue entry", c);
        return e;
    }
}

/// <summary>
/// Resolves the Cases module's <see cref="ICaseDesk"/> only when a catalogue act needs a case (a registered change,
/// a 一数一源 conflict), so the rest of the catalogue works whatever the state of that module.
/// </summary>
public sealed class CaseDeskAccess(IServiceProvider services)
{
    public bool Available => services.GetService<ICaseDesk>() is not null;

    public ICaseDesk Desk => services.GetService<ICaseDesk>()
        ?? throw new ProblemException(503, "cases-unavailable", "案件服务不可用 / Case desk unavailable", "The Cases module is not registered.");
}
