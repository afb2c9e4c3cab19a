using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// Which acts a person may take now on an application or a grant — the same policy, organisation and state conditions
/// as <see cref="SharingApplications"/> and <see cref="SharingGrants"/>, read without changing anything, so the web pages
/// offer only the forms that will be accepted. The handlers still check every act themselves.
/// </summary>
public sealed class SharingActs(ShuzhiDb db)
{
    public const string Review = "review", Resubmit = "resubmit", Reply = "reply", Object = "object", Accept = "accept",
        Withdraw = "withdraw", Negotiate = "negotiate", Decide = "decide", Revoke = "revoke", Feedback = "feedback";

    /// <summary>The acts on application <paramref name="id"/> open to the actor in its current state (empty when none, or unknown).</summary>
    public async Task<IReadOnlySet<string>> OnApplication(Actor actor, Guid id, CancellationToken ct)
    {
        var acts = new HashSet<string>();
        var a = await db.Set<SharingApplication>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return acts;
        var me = actor.OrganisationId;
        var consumer = actor.Satisfies(Policies.SharingApply) && a.ConsumerOrganisationId == me;
        var bureau = actor.Satisfies(Policies.SharingCoordinate) && a.BureauOrganisationId == me;
        var provider = actor.Satisfies(Policies.SharingProvide) && (a.DelegateOrganisationId ?? a.ProviderOrganisationId) == me;
        switch (a.State)
        {
            case ApplicationState.ConformityReview when bureau: acts.Add(Review); break;
            case ApplicationState.Returned when consumer: acts.Add(Resubmit); break;
            case ApplicationState.ProviderReply when provider: acts.Add(Reply); break;
            case ApplicationState.Refused when consumer: acts.Add(Object); acts.Add(Accept); break;
            case ApplicationState.Negotiation when bureau: acts.Add(Negotiate); break;
            case ApplicationState.Referred when actor.Satisfies(Policies.SharingDecide):
                var division = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == a.BureauOrganisationId).Select(o => o.DivisionCode).FirstOrDefaultAsync(ct);
                if (division == actor.DivisionCode) acts.Add(Decide);
                break;
        }
        if (consumer && SharingApplications.Open.Contains(a.State) && a.State != ApplicationState.Referred) acts.Add(Withdraw);
        return acts;
    }

    /// <summary>Per grant: <c>revoke</c> (the provider, while not revoked), <c>feedback</c> (the grantee, once delivered and not yet reported).</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlySet<string>>> OnGrants(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var me = actor.OrganisationId;
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.GranteeOrganisationId, g.RevokedAt, g.FirstDeliveredAt, g.ApplicationId, Provider = db.Set<CatalogueEntry>().Where(e => e.Id == g.EntryId).Select(e => e.ProviderOrganisationId).FirstOrDefault() })
            .ToListAsync(ct);
        var reported = (await db.Set<UsageFeedback>().AsNoTracking().Where(f => ids.Contains(f.GrantId)).Select(f => f.GrantId).ToListAsync(ct)).ToHashSet();
        var provide = actor.Satisfies(Policies.SharingProvide);
        var apply = actor.Satisfies(Policies.SharingApply);
        var result = new Dictionary<Guid, IReadOnlySet<string>>();
        foreach (var g in grants)
        {
            var acts = new HashSet<string>();
            if (provide && g.Provider == me && g.GranteeOrganisationId != me && g.RevokedAt is null) acts.Add(Revoke);
            if (apply && g.GranteeOrganisationId == me && g.FirstDeliveredAt is not null && !reported.Contains(g.Id)) acts.Add(Feedback);
            result[g.Id] = acts;
        }
        return result;
    }
}
