using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>A case in a list or inbox, with the step that awaits an act (its due date, citation, clock state).</summary>
/// <param name="Reason">"to-act" (a step awaits the actor's organisation and roles), "applicant" (the actor opened it), "visible".</param>
/// <param name="Basis">"statutory", "service-target" or "none" (no statutory limit).</param>
/// <param name="StepState">running, met, overdue, suspended, extended.</param>
public sealed record CaseItem(
    Guid CaseId, string Number, string CaseType, string Title, string Subject, string CaseState, DateTimeOffset OpenedAt,
    Guid? StepId, string? StepType, string? StepState, string? Basis, DateTimeOffset? Due, DateOnly? LastDay, string? DueText,
    string? Citation, string? RuleId, bool Provisional, bool TargetMissed, string? ActingOrganisation, string Reason, int? DaysOverdue);

public sealed record StepView(
    Guid Id, int Sequence, string StepType, Guid ActingOrganisationId, string ActingOrganisation, IReadOnlyList<string> ActingRoles,
    string RuleId, string Citation, string? RuleText, string Basis, string? Period, DateTimeOffset Start, DateTimeOffset? Due,
    DateOnly? LastDay, string? DueText, string State, bool Provisional, string? CalendarVersion, bool TargetMissed, int Breaches,
    DateTimeOffset? SuspendedAt, string? Remaining, string? ExtensionRuleId, string? ExtendedBy, string? ExtensionReason,
    DateTimeOffset? ExtendedTo, DateTimeOffset? CompletedAt, string? CompletedBy, string? Outcome, int? DaysOverdue,
    IReadOnlyList<ClockChange> History);

public sealed record TimelineView(Guid Id, Guid? StepId, DateTimeOffset At, string Actor, string? Organisation, string Kind, string Text, Guid? AttachmentId);

public sealed record AttachmentView(Guid Id, Guid? StepId, string FileName, string ContentType, long Size, string Sm3, DateTimeOffset UploadedAt, string UploadedBy);

public sealed record CaseDetail(
    Guid Id, string Number, string CaseType, string Subject, string Title, string State, string? Outcome, DateTimeOffset OpenedAt,
    string OpenedBy, string ResponsibleOrganisation, DateTimeOffset? ClosedAt, bool IsApplicant,
    IReadOnlyList<StepView> Steps, IReadOnlyList<TimelineView> Timeline, IReadOnlyList<AttachmentView> Attachments);

public static class CaseViews
{
    public static string Lower(ClockState s) => s.ToString().ToLowerInvariant();

    public static string Lower(DeadlineBasis b) => b switch
    {
        DeadlineBasis.Statutory => "statutory",
        DeadlineBasis.ServiceTarget => "service-target",
        _ => "none",
    };

    /// <summary>Natural days since the last day of an overdue statutory clock (0 on the day after it).</summary>
    public static int? DaysOverdue(Step s, DateTimeOffset now)
        => s.State == ClockState.Overdue && s.LastDay is { } last
            ? Math.Max(0, ChinaTime.DateOf(s.CompletedAt ?? now).DayNumber - last.DayNumber)
            : null;

    public const string NoLimit = "无法定期限 / no statutory limit";

    /// <summary>"2026-10-13 24:00" (or the instant, for hours); <see cref="NoLimit"/> where the law sets no period and no target is configured.</summary>
    public static string DueText(Step s) => s.Basis == DeadlineBasis.None ? NoLimit : CaseDesk.DueText(s.DueAt, s.LastDay, s.AnchorUnit ?? s.PeriodUnit);

    internal static CaseItem Item(Case c, Step? s, string? org, string reason, DateTimeOffset now) => new(
        c.Id, c.Number, c.CaseType, c.Title, c.Subject, c.State, ChinaTime.ToChina(c.OpenedAt),
        s?.Id, s?.StepType, s is null ? null : Lower(s.State), s is null ? null : Lower(s.Basis),
        s?.DueAt is { } d ? ChinaTime.ToChina(d) : null, s?.LastDay, s is null ? null : DueText(s),
        s?.Citation, s?.RuleId, s?.Provisional ?? false, s?.TargetMissed ?? false, org, reason, s is null ? null : DaysOverdue(s, now));
}

/// <summary>GET /api/v1/cases?mine=true|false: the inbox, or the cases the actor may see.</summary>
public sealed class ListCases(ShuzhiDb db, CaseAccess access)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<CaseItem>> Handle(Actor actor, bool mine, CancellationToken ct)
    {
        actor.Require(Policies.CasesRead);
        return mine ? await InboxAsync(actor, ct) : await VisibleAsync(actor, ct);
    }

    /// <summary>
    /// Steps awaiting the actor (open steps whose acting organisation is the actor's and whose acting roles include
    /// one of the actor's), and the open cases the actor opened (e.g. an application returned for correction).
    /// Most urgent first: overdue, then by due; steps without a due last.
    /// </summary>
    public async Task<IReadOnlyList<CaseItem>> InboxAsync(Actor actor, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var roles = actor.Roles.Select(r => r.ToString()).ToHashSet();
        var acting = await (from s in db.Set<Step>().AsNoTracking()
                            join c in db.Set<Case>().AsNoTracking() on s.CaseId equals c.Id
                            where s.CompletedAt == null && s.ActingOrganisationId == actor.OrganisationId && c.State == CaseStates.Open
                            select new { s, c }).ToListAsync(ct);
        var items = new Dictionary<Guid, (Case C, Step? S, string Reason)>();
        foreach (var x in acting.Where(x => x.s.ActingRoles.Split(',').Any(roles.Contains)))
            items[x.c.Id] = (x.c, x.s, "to-act");
        if (!actor.IsSystem)
        {
            var opened = await db.Set<Case>().AsNoTracking().Where(c => c.OpenedById == actor.UserId && c.State == CaseStates.Open).ToListAsync(ct);
            var ids = opened.Select(c => c.Id).ToList();
            var current = await CurrentStepsAsync(ids, ct);
            foreach (var c in opened.Where(c => !items.ContainsKey(c.Id)))
                items[c.Id] = (c, current.GetValueOrDefault(c.Id), "applicant");
        }
        var orgs = await OrganisationNamesAsync(items.Values.Where(i => i.S is not null).Select(i => i.S!.ActingOrganisationId), ct);
        return items.Values
            .Select(i => CaseViews.Item(i.C, i.S, i.S is null ? null : orgs.GetValueOrDefault(i.S.ActingOrganisationId), i.Reason, now))
            .OrderBy(i => i.StepState == "overdue" ? 0 : 1).ThenBy(i => i.Due ?? DateTimeOffset.MaxValue).ThenBy(i => i.Number)
            .ToList();
    }

    /// <summary>Cases of the actor's organisation (a bureau: of the organisations in its division and below), newest first.</summary>
    public async Task<IReadOnlyList<CaseItem>> VisibleAsync(Actor actor, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var scope = (await access.ScopeAsync(actor, ct)).ToList();
        var me = actor.UserId;
        var cases = await db.Set<Case>().AsNoTracking()
            .Where(c => c.OpenedById == me || scope.Contains(c.ResponsibleOrganisationId)
                        || (c.OpenedByOrganisationId != null && scope.Contains(c.OpenedByOrganisationId.Value))
                        || db.Set<Step>().Any(s => s.CaseId == c.Id && scope.Contains(s.ActingOrganisationId)))
            .OrderByDescending(c => c.OpenedAt).ThenByDescending(c => c.Number).Take(Limit).ToListAsync(ct);
        var current = await CurrentStepsAsync(cases.Select(c => c.Id).ToList(), ct);
        var orgs = await OrganisationNamesAsync(current.Values.Select(s => s.ActingOrganisationId), ct);
        return cases.Select(c =>
        {
            var s = current.GetValueOrDefault(c.Id);
            return CaseViews.Item(c, s, s is null ? null : orgs.GetValueOrDefault(s.ActingOrganisationId), "visible", now);
        }).ToList();
    }

    /// <summary>For each case, its open step with the highest sequence, or else its last step.</summary>
    private async Task<Dictionary<Guid, Step>> CurrentStepsAsync(List<Guid> caseIds, CancellationToken ct)
    {
        if (caseIds.Count == 0) return [];
        var steps = await db.Set<Step>().AsNoTracking().Where(s => caseIds.Contains(s.CaseId)).ToListAsync(ct);
        return steps.GroupBy(s => s.CaseId).ToDictionary(g => g.Key,
            g => g.Where(s => s.CompletedAt == null).OrderByDescending(s => s.Sequence).FirstOrDefault() ?? g.OrderByDescending(s => s.Sequence).First());
    }

    private async Task<Dictionary<Guid, string>> OrganisationNamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<Organisation>().AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }
}

/// <summary>GET /api/v1/cases/{id}: the case with its steps and clocks, timeline and attachments (metadata).</summary>
public sealed class GetCase(ShuzhiDb db, CaseAccess access)
{
    public async Task<CaseDetail> Handle(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.CasesRead);
        var c = await db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !await access.CanSeeAsync(actor, c, ct)) throw new Common.NotFoundProblem("case", id.ToString());
        var now = db.Clock.GetUtcNow();
        var steps = await db.Set<Step>().AsNoTracking().Where(s => s.CaseId == id).OrderBy(s => s.Sequence).ToListAsync(ct);
        var orgIds = steps.Select(s => s.ActingOrganisationId).Append(c.ResponsibleOrganisationId).Distinct().ToList();
        var orgs = await db.Set<Organisation>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var timeline = (await db.Set<TimelineEntry>().AsNoTracking().Where(t => t.CaseId == id).ToListAsync(ct))
            .OrderBy(t => t.At).ThenBy(t => t.Kind == TimelineKinds.Opened ? 0 : 1)
            .Select(t => new TimelineView(t.Id, t.StepId, ChinaTime.ToChina(t.At), t.ActorName, t.OrganisationName, t.Kind, t.Text, t.AttachmentId))
            .ToList();
        var attachments = (await db.Set<Attachment>().AsNoTracking().Where(a => a.CaseId == id).ToListAsync(ct))
            .OrderBy(a => a.UploadedAt)
            .Select(a => new AttachmentView(a.Id, a.StepId, a.FileName, a.ContentType, a.Size, a.Sm3, ChinaTime.ToChina(a.UploadedAt), a.UploadedByName))
            .ToList();
        return new CaseDetail(c.Id, c.Number, c.CaseType, c.Subject, c.Title, c.State, c.Outcome, ChinaTime.ToChina(c.OpenedAt), c.OpenedByName,
            orgs.GetValueOrDefault(c.ResponsibleOrganisationId) ?? "", c.ClosedAt is { } closed ? ChinaTime.ToChina(closed) : null,
            c.OpenedById == actor.UserId && !actor.IsSystem,
            steps.Select(s => View(s, orgs.GetValueOrDefault(s.ActingOrganisationId) ?? "", now)).ToList(), timeline, attachments);
    }

    public static StepView View(Step s, string org, DateTimeOffset now)
    {
        var clock = s.Clock;
        return new StepView(s.Id, s.Sequence, s.StepType, s.ActingOrganisationId, org, s.ActingRoleSet.Select(r => r.ToString()).ToList(),
            s.RuleId, s.Citation, s.RuleText, CaseViews.Lower(s.Basis), clock.Period is { } p ? CaseDesk.Describe(p) : null,
            ChinaTime.ToChina(s.StartAt), s.DueAt is { } d ? ChinaTime.ToChina(d) : null, s.LastDay, CaseViews.DueText(s),
            CaseViews.Lower(s.State), s.Provisional, s.CalendarVersion, s.TargetMissed, s.Breaches,
            s.SuspendedAt is { } sa ? ChinaTime.ToChina(sa) : null, clock.Remaining is { } r ? CaseDesk.Describe(r) : clock.NothingRemaining ? "0" : null,
            s.ExtensionRuleId, s.ExtendedBy, s.ExtensionReason, s.ExtendedTo is { } et ? ChinaTime.ToChina(et) : null,
            s.CompletedAt is { } ca ? ChinaTime.ToChina(ca) : null, s.CompletedBy, s.Outcome, CaseViews.DaysOverdue(s, now), clock.History);
    }
}
