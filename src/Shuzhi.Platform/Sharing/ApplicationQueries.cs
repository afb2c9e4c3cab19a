using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>The step an application waits on, with its clock (from the case).</summary>
public sealed record WaitingStep(string StepType, string ActingOrganisation, string State, string Basis, DateTimeOffset? Due, string? DueText,
    string Citation, string RuleId, bool Provisional);

public sealed record ApplicationView(Guid Id, string Number, Guid CaseId, string EntryCode, string EntryName, string ProviderName, string? DelegateName,
    string ConsumerName, string ApplicantName, string State, string Purpose, string LegalBasis, IReadOnlyList<string> Fields, string? RowFilter,
    DateOnly ValidFrom, DateOnly ValidUntil, string Delivery, string? ReviewReasons, string? ReplyText, string? ObjectionText,
    string? NegotiationText, string? DecisionText, Guid? GrantId, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, WaitingStep? Waiting);

/// <summary>Applications as each party sees them: the consumer its own, the answering department those forwarded to it, the bureau its division's, the government those referred to it.</summary>
public sealed class ApplicationQueries(ShuzhiDb db, CaseAccess access)
{
    public async Task<ApplicationView> Get(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var app = await db.Set<SharingApplication>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var c = app is null ? null : await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == app.CaseId, ct);
        if (app is null || c is null || !await access.CanSeeAsync(actor, c, ct)) throw new NotFoundProblem("application", id.ToString());
        return await ViewAsync(db, app, ct);
    }

    /// <param name="role">consumer (own applications), provider (forwarded to the actor's department), bureau, government; null = all the actor may see.</param>
    public async Task<IReadOnlyList<ApplicationView>> List(Actor actor, string? role, string? state, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var me = actor.OrganisationId;
        var q = db.Set<SharingApplication>().AsNoTracking();
        var notForwarded = new[] { ApplicationState.ConformityReview, ApplicationState.Returned, ApplicationState.Rejected };
        var prefix = CaseAccess.DivisionPrefix(actor);
        var bureau = actor.Satisfies(Policies.SharingCoordinate);
        var government = actor.Satisfies(Policies.SharingDecide);
        q = (role?.Trim().ToLowerInvariant()) switch
        {
            "consumer" => q.Where(a => a.ConsumerOrganisationId == me),
            "provider" => q.Where(a => (a.DelegateOrganisationId ?? a.ProviderOrganisationId) == me && !notForwarded.Contains(a.State)),
            "bureau" when bureau => q.Where(a => a.ProviderDivisionCode.StartsWith(prefix) || a.BureauOrganisationId == me),
            "government" when government => q.Where(a => a.DecisionText != null || a.State == ApplicationState.Referred),
            null or "" => bureau ? q.Where(a => a.ProviderDivisionCode.StartsWith(prefix) || a.BureauOrganisationId == me || a.ConsumerOrganisationId == me)
                : government ? q.Where(a => a.DecisionText != null || a.State == ApplicationState.Referred)
                : q.Where(a => a.ConsumerOrganisationId == me
                               || ((a.DelegateOrganisationId ?? a.ProviderOrganisationId) == me && !notForwarded.Contains(a.State))),
            var r => throw new BadRequestProblem("role", "one-of", $"role '{r}' is not consumer, provider" + (bureau ? ", bureau" : "") + (government ? ", government" : "")),
        };
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<ApplicationState>(state.Trim(), true, out var s)) throw new BadRequestProblem("state", "one-of", $"state must be one of {string.Join(", ", Enum.GetNames<ApplicationState>())}");
            q = q.Where(a => a.State == s);
        }
        var apps = await q.OrderByDescending(a => a.UpdatedAt).Take(500).ToListAsync(ct);
        if (government)
        {
            // The government sees the disputes of its own division only.
            var bureaus = await db.Set<Organisation>().AsNoTracking().Where(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == actor.DivisionCode)
                .Select(o => o.Id).ToListAsync(ct);
            if (role is null or "" or "government") apps = apps.Where(a => bureaus.Contains(a.BureauOrganisationId) || a.ConsumerOrganisationId == me).ToList();
        }
        var views = new List<ApplicationView>(apps.Count);
        foreach (var a in apps) views.Add(await ViewAsync(db, a, ct));
        return views;
    }

    /// <summary>The step a case waits on (saved, or added in this unit of work), with its clock; null when none is open.</summary>
    public static async Task<WaitingStep?> WaitingAsync(ShuzhiDb db, Guid caseId, CancellationToken ct)
    {
        var step = await db.Set<Step>().AsNoTracking().Where(s => s.CaseId == caseId && s.CompletedAt == null).OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct)
                   ?? db.ChangeTracker.Entries<Step>().Select(e => e.Entity).Where(s => s.CaseId == caseId && s.CompletedAt == null).OrderByDescending(s => s.Sequence).FirstOrDefault();
        if (step is null) return null;
        var org = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == step.ActingOrganisationId).Select(o => o.Name).FirstAsync(ct);
        return new WaitingStep(step.StepType, org, CaseViews.Lower(step.State), step.Basis.ToString(), step.DueAt is { } d ? ChinaTime.ToChina(d) : null,
            CaseViews.DueText(step), step.Citation, step.RuleId, step.Provisional);
    }

    internal static async Task<ApplicationView> ViewAsync(ShuzhiDb db, SharingApplication a, CancellationToken ct)
    {
        var waiting = await WaitingAsync(db, a.CaseId, ct);
        string? delegateName = a.DelegateOrganisationId is { } del
            ? await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == del).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        return new ApplicationView(a.Id, a.Number, a.CaseId, a.EntryCode, a.EntryName, a.ProviderName, delegateName, a.ConsumerName, a.ApplicantName,
            SharingApplications.Lower(a.State), a.Purpose, a.LegalBasis, a.FieldList, a.RowFilter, a.ValidFrom, a.ValidUntil, a.Delivery,
            a.ReviewReasons, a.ReplyText, a.ObjectionText, a.NegotiationText, a.DecisionText, a.GrantId,
            ChinaTime.ToChina(a.SubmittedAt), ChinaTime.ToChina(a.UpdatedAt), waiting);
    }
}

public sealed record ResourceLine(string Code, string Name, string ProviderName, string Domain, string Category, string ShareType, bool HasData,
    string Access, string? Refusal, Guid? ApplicationId, IReadOnlyList<Guid> Grants);

/// <summary>
/// Discovery for government users (issue 4 item 1; 贵州 arts 21–22): published catalogue entries that are shared, by
/// department, domain, share type and text, each with what the caller can do now — <c>use</c> (unconditional, or
/// granted), <c>apply</c> (conditional), <c>pending</c> (an application is open), <c>own</c>, or <c>refused</c> with the reason.
/// </summary>
public sealed class SharingResources(ShuzhiDb db, DatasetDirectory directory, TimeProvider clock)
{
    public sealed record Query(string? Q, string? Department, string? Domain, string? ShareType, int? Limit);

    public async Task<IReadOnlyList<ResourceLine>> Handle(Actor actor, Query query, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var rows = from e in db.Set<CatalogueEntry>().AsNoTracking()
                   join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion ?? -1 } equals new { Id = v.EntryId, N = v.Number }
                   where e.State != EntryState.Withdrawn && v.ShareType != ShareType.NotShared
                   select new { e, v.Name, v.Domain, v.Category, v.ShareType, v.SearchText };
        if (!string.IsNullOrWhiteSpace(query.Department))
        {
            var d = query.Department.Trim();
            rows = rows.Where(x => x.e.ProviderCode == d || x.e.ProviderName.Contains(d));
        }
        if (!string.IsNullOrWhiteSpace(query.Domain)) rows = rows.Where(x => x.Domain == query.Domain.Trim());
        if (!string.IsNullOrWhiteSpace(query.ShareType))
        {
            if (!Enum.TryParse<ShareType>(query.ShareType.Trim(), true, out var st) || st == ShareType.NotShared)
                throw new BadRequestProblem("shareType", "one-of", "shareType is Unconditional or Conditional");
            rows = rows.Where(x => x.ShareType == st);
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim();
            rows = rows.Where(x => x.SearchText.Contains(text) || x.Name.Contains(text) || x.e.Code.Contains(text));
        }
        var found = await rows.OrderBy(x => x.e.Code).Take(Math.Clamp(query.Limit ?? 100, 1, 500)).ToListAsync(ct);
        var ids = found.Select(x => x.e.Id).ToList();
        var open = await db.Set<SharingApplication>().AsNoTracking()
            .Where(a => ids.Contains(a.EntryId) && a.ConsumerOrganisationId == actor.OrganisationId && SharingApplications.Open.Contains(a.State))
            .ToDictionaryAsync(a => a.EntryId, a => a.Id, ct);
        var withData = (await db.Set<Dataset>().AsNoTracking().Where(d => ids.Contains(d.EntryId) && d.PublishedVersion != null).Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var lines = new List<ResourceLine>(found.Count);
        foreach (var x in found)
        {
            var snapshot = await directory.GetAsync(x.e.Code, ct);
            var decision = snapshot is null ? DatasetAccess.Decision.Refuse(null) : DatasetAccess.Decide(actor, snapshot, today);
            var grants = snapshot?.Grants.Where(g => g.GranteeOrganisationId == actor.OrganisationId && g.IsSharingGrant && DatasetAccess.Problem(g, today) is null)
                .Select(g => g.Id).ToList() ?? [];
            var access = x.e.ProviderOrganisationId == actor.OrganisationId ? "own"
                : open.ContainsKey(x.e.Id) ? "pending"
                : decision.Allowed || grants.Count > 0 ? "use"
                : x.ShareType == ShareType.Conditional ? "apply"
                : "refused";
            lines.Add(new ResourceLine(x.e.Code, x.Name, x.e.ProviderName, x.Domain, x.Category.ToString(), x.ShareType.ToString(), withData.Contains(x.e.Id),
                access, decision.Allowed ? null : decision.Refusal, open.GetValueOrDefault(x.e.Id) is var id && id != Guid.Empty ? id : null, grants));
        }
        return lines;
    }
}
