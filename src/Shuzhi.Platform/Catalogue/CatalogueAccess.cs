using System.Linq.Expressions;
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

    /// <summary>What of the actor the working-version rule looks at.</summary>
    public sealed record Scope(bool All, Guid Organisation, bool Bureau, string Division)
    {
        public static Scope Of(Actor a) => new(a.IsSystem, a.OrganisationId, Policies.CatalogueReview.Allows(a), a.DivisionCode);
    }

    /// <summary>
    /// THE rule of who sees working (unpublished) versions: the provider department, and the bureau of the provider's
    /// division (and the system). Used in memory (<see cref="SeesWorking"/>) and in queries (<see cref="SeesWorkingFilter"/>).
    /// </summary>
    private static readonly Expression<Func<CatalogueEntry, Scope, bool>> WorkingRule =
        (e, s) => s.All || e.ProviderOrganisationId == s.Organisation || (s.Bureau && e.ProviderDivisionCode == s.Division);

    private static readonly Func<CatalogueEntry, Scope, bool> WorkingRuleCompiled = WorkingRule.Compile();

    /// <summary>Sees the working (unpublished) versions of the entry.</summary>
    public static bool SeesWorking(Actor a, CatalogueEntry e) => WorkingRuleCompiled(e, Scope.Of(a));

    /// <summary>Sees the entry at all: it has a published version, or the actor sees its working versions.</summary>
    public static bool SeesEntry(Actor a, CatalogueEntry e) => e.PublishedVersion is not null || SeesWorking(a, e);

    /// <summary><see cref="SeesWorking"/> as a query filter.</summary>
    public static Expression<Func<CatalogueEntry, bool>> SeesWorkingFilter(Actor a)
    {
        var e = Expression.Parameter(typeof(CatalogueEntry), "e");
        return Expression.Lambda<Func<CatalogueEntry, bool>>(WorkingBody(a, e), e);
    }

    /// <summary><see cref="SeesEntry"/> as a query filter.</summary>
    public static Expression<Func<CatalogueEntry, bool>> SeesEntryFilter(Actor a)
    {
        var e = Expression.Parameter(typeof(CatalogueEntry), "e");
        var published = Expression.NotEqual(Expression.Property(e, nameof(CatalogueEntry.PublishedVersion)), Expression.Constant(null, typeof(int?)));
        return Expression.Lambda<Func<CatalogueEntry, bool>>(Expression.OrElse(published, WorkingBody(a, e)), e);
    }

    /// <summary>An entry joined with one of its versions (for <see cref="ShownVersionFilter"/>).</summary>
    public sealed class EntryRow
    {
        public CatalogueEntry E { get; init; } = null!;
        public EntryVersion V { get; init; } = null!;
    }

    /// <summary>Keeps, of each entry, the version the actor is shown: the current one if it sees working versions, else the published one.</summary>
    public static Expression<Func<EntryRow, bool>> ShownVersionFilter(Actor a)
    {
        var row = Expression.Parameter(typeof(EntryRow), "x");
        var e = Expression.Property(row, nameof(EntryRow.E));
        var number = Expression.Property(Expression.Property(row, nameof(EntryRow.V)), nameof(EntryVersion.Number));
        var working = WorkingBody(a, e);
        var current = Expression.Equal(number, Expression.Property(e, nameof(CatalogueEntry.CurrentVersion)));
        var published = Expression.Equal(Expression.Convert(number, typeof(int?)), Expression.Property(e, nameof(CatalogueEntry.PublishedVersion)));
        return Expression.Lambda<Func<EntryRow, bool>>(
            Expression.OrElse(Expression.AndAlso(working, current), Expression.AndAlso(Expression.Not(working), published)), row);
    }

    private static Expression WorkingBody(Actor a, Expression entry)
        => new Substitute(WorkingRule.Parameters[0], entry, WorkingRule.Parameters[1], Expression.Constant(Scope.Of(a))).Visit(WorkingRule.Body);

    private sealed class Substitute(ParameterExpression p1, Expression e1, ParameterExpression p2, Expression e2) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == p1 ? e1 : node == p2 ? e2 : node;
    }

    /// <summary>
    /// 一数一源 conflicts the actor may see: those whose two entries it both sees (so a conflict never discloses another
    /// department's unpublished entry), and those its bureau decides (贵州 art.13: it needs both to decide).
    /// </summary>
    public static IQueryable<SourceConflict> VisibleConflicts(ShuzhiDb db, Actor a)
    {
        var q = db.Set<SourceConflict>().AsNoTracking();
        if (a.IsSystem) return q;
        var visible = db.Set<CatalogueEntry>().Where(SeesEntryFilter(a)).Select(e => e.Id);
        var org = a.OrganisationId;
        return q.Where(c => c.BureauOrganisationId == org || (visible.Contains(c.EntryId) && visible.Contains(c.OtherEntryId)));
    }

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
        if (e is null || !SeesEntry(actor, e)) throw new NotFoundProblem("catalogue entry", c);
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

/// <summary>Optimistic concurrency of the catalogue's mutable rows (<see cref="CatalogueEntry"/>, <see cref="CatalogueChange"/>, <see cref="SourceConflict"/>).</summary>
public static class CatalogueConcurrency
{
    /// <summary>
    /// Increments the <c>Version</c> of every modified catalogue row, then saves: a row changed by a simultaneous
    /// request since it was read gives 409 "concurrent-change" and nothing (not even the audit record) is written.
    /// Every catalogue handler that changes state saves through here.
    /// </summary>
    public static Task<int> SaveCatalogueAsync(this ShuzhiDb db, CancellationToken ct, string uniqueRule = "unique", string? uniqueDetail = null)
    {
        db.ChangeTracker.DetectChanges();
        foreach (var e in db.ChangeTracker.Entries<CatalogueEntry>().Where(e => e.State == EntityState.Modified)) e.Entity.Version++;
        foreach (var e in db.ChangeTracker.Entries<CatalogueChange>().Where(e => e.State == EntityState.Modified)) e.Entity.Version++;
        foreach (var e in db.ChangeTracker.Entries<SourceConflict>().Where(e => e.State == EntityState.Modified)) e.Entity.Version++;
        return db.SaveOrConflictAsync(ct, uniqueRule, uniqueDetail);
    }
}
