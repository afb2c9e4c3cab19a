using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>
/// Who may see a case: the platform; the applicant who opened it; the organisations that opened it, are
/// responsible for it or act on one of its steps; and the data bureau of their division or a division above
/// (a city bureau sees its city and counties; the provincial bureau sees the province).
/// </summary>
public sealed class CaseAccess(ShuzhiDb db)
{
    /// <summary>GB/T 2260 prefix of the divisions an actor's bureau oversees: 52 (province), 5201 (city), 520102 (county).</summary>
    public static string DivisionPrefix(Actor actor) => DivisionPrefix(actor.DivisionCode, actor.Level);

    public static string DivisionPrefix(string divisionCode, AdminLevel level) => level switch
    {
        AdminLevel.Province => divisionCode[..Math.Min(2, divisionCode.Length)],
        AdminLevel.City => divisionCode[..Math.Min(4, divisionCode.Length)],
        _ => divisionCode,
    };

    public static bool IsBureau(Actor actor) => actor.Satisfies(Policies.Supervise);

    /// <summary>The organisations whose cases the actor sees through their organisation (own, or the bureau's divisions).</summary>
    public async Task<HashSet<Guid>> ScopeAsync(Actor actor, CancellationToken ct)
    {
        if (actor.IsSystem)
            return (await db.Set<Organisation>().AsNoTracking().Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        if (!IsBureau(actor)) return [actor.OrganisationId];
        var prefix = DivisionPrefix(actor);
        return (await db.Set<Organisation>().AsNoTracking().Where(o => o.DivisionCode.StartsWith(prefix)).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<bool> CanSeeAsync(Actor actor, Case c, CancellationToken ct)
    {
        if (actor.IsSystem || c.OpenedById == actor.UserId) return true;
        var orgs = await db.Set<Step>().AsNoTracking().Where(s => s.CaseId == c.Id).Select(s => s.ActingOrganisationId).ToListAsync(ct);
        // Steps added in this unit of work, not yet saved.
        orgs.AddRange(db.ChangeTracker.Entries<Step>().Where(e => e.Entity.CaseId == c.Id).Select(e => e.Entity.ActingOrganisationId));
        orgs.Add(c.ResponsibleOrganisationId);
        if (c.OpenedByOrganisationId is { } by) orgs.Add(by);
        if (orgs.Contains(actor.OrganisationId)) return true;
        if (!IsBureau(actor)) return false;
        var prefix = DivisionPrefix(actor);
        var distinct = orgs.Distinct().ToList();
        return await db.Set<Organisation>().AsNoTracking().AnyAsync(o => distinct.Contains(o.Id) && o.DivisionCode.StartsWith(prefix), ct);
    }

    /// <summary>The case, tracked, if the actor may see it; else 404 (a case one may not see is not revealed).</summary>
    public async Task<Case> FindVisibleAsync(Actor actor, Guid caseId, CancellationToken ct)
    {
        var c = await db.Set<Case>().FindAsync([caseId], ct);
        if (c is null || !await CanSeeAsync(actor, c, ct)) throw new NotFoundProblem("case", caseId.ToString());
        return c;
    }
}
