using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// Which acts a person may take now on an application or a grant, so the web pages offer only the forms that will be
/// accepted: for applications, read from the same table the handlers enforce (<see cref="SharingApplications.Acts"/>);
/// for grants, the same predicates as <see cref="SharingGrants"/> (<see cref="SharingGrants.MayRevoke"/>, <see cref="SharingGrants.MayReport"/>).
/// </summary>
public sealed class SharingActs(ShuzhiDb db)
{
    public const string Review = SharingApplications.Acts.Review, Resubmit = SharingApplications.Acts.Resubmit,
        Reply = SharingApplications.Acts.Reply, Object = SharingApplications.Acts.Object, Accept = SharingApplications.Acts.Accept,
        Withdraw = SharingApplications.Acts.Withdraw, Negotiate = SharingApplications.Acts.Negotiate, Decide = SharingApplications.Acts.Decide,
        Revoke = "revoke", Feedback = "feedback";

    /// <summary>The acts on application <paramref name="id"/> open to the actor in its current state (empty when none, or unknown).</summary>
    public async Task<IReadOnlySet<string>> OnApplication(Actor actor, Guid id, CancellationToken ct)
    {
        var acts = new HashSet<string>();
        var a = await db.Set<SharingApplication>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return acts;
        foreach (var act in SharingApplications.Acts.Table.Keys)
            if (await SharingApplications.MayActAsync(db, actor, a, act, ct)) acts.Add(act);
        return acts;
    }

    /// <summary>Per grant: <c>revoke</c> (the provider, while not revoked), <c>feedback</c> (the grantee, once delivered and not yet reported).</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<string>>> OnGrants(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.GranteeOrganisationId, g.RevokedAt, g.FirstDeliveredAt, g.ApplicationId, Provider = db.Set<CatalogueEntry>().Where(e => e.Id == g.EntryId).Select(e => e.ProviderOrganisationId).FirstOrDefault() })
            .ToListAsync(ct);
        var reported = (await db.Set<UsageFeedback>().AsNoTracking().Where(f => ids.Contains(f.GrantId)).Select(f => f.GrantId).ToListAsync(ct)).ToHashSet();
        var result = new Dictionary<Guid, IReadOnlySet<string>>();
        foreach (var g in grants)
        {
            var acts = new HashSet<string>();
            if (SharingGrants.MayRevoke(actor, g.Provider, g.GranteeOrganisationId, g.RevokedAt)) acts.Add(Revoke);
            if (SharingGrants.MayReport(actor, g.GranteeOrganisationId, g.FirstDeliveredAt, reported.Contains(g.Id))) acts.Add(Feedback);
            result[g.Id] = acts;
        }
        return result;
    }
}
