using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>
/// <see cref="ICaseDesk"/>: other modules open and move cases through it, inside their own unit of work (they save).
/// The calling module authorises the act by its own policy; the desk checks that the actor can see the case
/// (an organisation of the case, its applicant, or the bureau over them) and that the clock allows the transition.
/// </summary>
public sealed class CaseDesk(ShuzhiDb db, CalendarProvider calendars, CaseAccess access) : ICaseDesk
{
    public async Task<CaseRef> OpenAsync(Actor actor, OpenCase command, CancellationToken ct)
    {
        var v = new Validator();
        v.NotBlank(command.CaseType, "caseType", "案件类型").MaxLength(command.CaseType, 100, "caseType");
        v.NotBlank(command.Subject, "subject", "事项").MaxLength(command.Subject, 300, "subject");
        v.NotBlank(command.Title, "title", "标题").MaxLength(command.Title, 300, "title");
        ValidateStep(v, command.FirstStep, "firstStep");
        v.ThrowIfAny();
        actor.Require(Policies.SignedIn);
        await RequireOrganisationAsync(command.FirstStep.ActingOrganisationId, "firstStep.actingOrganisationId", ct);

        var now = db.Clock.GetUtcNow();
        var start = (command.Start ?? now).ToUniversalTime();
        var c = new Case
        {
            Id = Guid.NewGuid(), Number = await NextNumberAsync(now, ct), CaseType = command.CaseType.Trim(),
            Subject = command.Subject.Trim(), Title = command.Title.Trim(), OpenedAt = now,
            OpenedById = actor.UserId, OpenedByName = actor.DisplayName,
            // An outside organisation (社会公众 is every citizen) does not share its members' cases: only the applicant sees them.
            OpenedByOrganisationId = actor.IsSystem || actor.OrganisationKind == OrganisationKind.External ? null : actor.OrganisationId,
            ResponsibleOrganisationId = command.FirstStep.ActingOrganisationId,
        };
        db.Add(c);
        Timeline(actor, c.Id, null, TimelineKinds.Opened, $"{c.Title}（{c.CaseType}）", now);
        var step = await StartStepAsync(actor, c, 1, command.FirstStep, start, ct);
        db.Audit(actor, "cases.case.open", $"case:{c.Number}", new
        {
            c.CaseType, c.Subject, c.Title, step.StepType, step.RuleId, step.Citation, due = step.DueAt, basis = step.Basis.ToString(),
        });
        return Ref(c);
    }

    public async Task CompleteStepAsync(Actor actor, Guid caseId, string outcome, string? comment, NextStep? next, CancellationToken ct)
    {
        var v = new Validator().NotBlank(outcome, "outcome", "结果").MaxLength(outcome, 100, "outcome").MaxLength(comment, 4000, "comment");
        if (next is not null) ValidateStep(v, next, "next");
        v.ThrowIfAny();
        var (c, step) = await OpenStepAsync(actor, caseId, ct);
        if (next is not null) await RequireOrganisationAsync(next.ActingOrganisationId, "next.actingOrganisationId", ct);
        var now = db.Clock.GetUtcNow();
        var clock = Transition(() => step.Clock.Complete(now, actor.Username, outcome));
        step.Apply(clock);
        step.CompletedBy = actor.DisplayName;
        step.Outcome = outcome.Trim();
        var late = clock.State == ClockState.Overdue ? "（超期完成 / completed late）" : "";
        Timeline(actor, c.Id, step.Id, TimelineKinds.Act, $"{step.StepType}：{outcome}{late}{(string.IsNullOrWhiteSpace(comment) ? "" : " — " + comment.Trim())}", now);
        Step? started = null;
        if (next is not null)
            started = await StartStepAsync(actor, c, step.Sequence + 1, next, now, ct);
        db.Audit(actor, "cases.step.complete", $"case:{c.Number}", new
        {
            step = step.StepType, outcome, clock = clock.State.ToString(), next = started?.StepType, nextDue = started?.DueAt,
        });
    }

    public async Task ExtendStepAsync(Actor actor, Guid caseId, StatutoryRule extension, string reason, CancellationToken ct)
    {
        new Validator().NotBlank(reason, "reason", "延长理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        var (c, step) = await OpenStepAsync(actor, caseId, ct);
        var now = db.Clock.GetUtcNow();
        var calendar = await calendars.CurrentAsync(ct);
        var before = step.DueAt;
        var clock = Transition(() => step.Clock.Extend(calendar, now, extension, step.Citation, actor.Username, reason.Trim()));
        step.Apply(clock);
        step.ExtensionRuleId = extension.Id;
        step.ExtendedBy = actor.DisplayName;
        step.ExtensionReason = reason.Trim();
        step.ExtendedTo = clock.Due?.ToUniversalTime();
        Timeline(actor, c.Id, step.Id, TimelineKinds.Extended,
            $"延长至 {DueText(clock)}（{extension.Citation}）：{reason.Trim()}", now);
        db.Audit(actor, "cases.step.extend", $"case:{c.Number}", new { step = step.StepType, rule = extension.Id, reason, from = before, to = clock.Due });
    }

    public async Task SuspendStepAsync(Actor actor, Guid caseId, string reason, CancellationToken ct)
    {
        new Validator().NotBlank(reason, "reason", "中止理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        var (c, step) = await OpenStepAsync(actor, caseId, ct);
        var now = db.Clock.GetUtcNow();
        var calendar = await calendars.CurrentAsync(ct);
        var clock = Transition(() => step.Clock.Suspend(calendar, now, actor.Username, reason.Trim()));
        step.Apply(clock);
        var left = clock.Remaining is null ? (clock.NothingRemaining ? "，剩余 0" : "") : $"，剩余 {Describe(clock.Remaining)}";
        Timeline(actor, c.Id, step.Id, TimelineKinds.Suspended, $"计时中止{left}：{reason.Trim()}", now);
        db.Audit(actor, "cases.step.suspend", $"case:{c.Number}", new { step = step.StepType, reason, remaining = clock.Remaining?.ToString() });
    }

    public async Task ResumeStepAsync(Actor actor, Guid caseId, string? comment, CancellationToken ct)
    {
        new Validator().MaxLength(comment, 4000, "comment").ThrowIfAny();
        var (c, step) = await OpenStepAsync(actor, caseId, ct);
        var now = db.Clock.GetUtcNow();
        var calendar = await calendars.CurrentAsync(ct);
        var clock = Transition(() => step.Clock.Resume(calendar, now, actor.Username, comment));
        step.Apply(clock);
        var due = clock.Due is not null ? $"，新的期限 {DueText(clock)}" : "";
        Timeline(actor, c.Id, step.Id, TimelineKinds.Resumed, $"恢复计时{due}{(string.IsNullOrWhiteSpace(comment) ? "" : "：" + comment.Trim())}", now);
        db.Audit(actor, "cases.step.resume", $"case:{c.Number}", new { step = step.StepType, due = clock.Due });
    }

    public async Task StartStepAsync(Actor actor, Guid caseId, NextStep step, string? comment, CancellationToken ct)
    {
        var v = new Validator().MaxLength(comment, 4000, "comment");
        ValidateStep(v, step, "step");
        v.ThrowIfAny();
        var c = await access.FindVisibleAsync(actor, caseId, ct);
        if (c.State == CaseStates.Closed) throw new ConflictProblem("case.closed", $"Case {c.Number} is closed.");
        if ((await OpenStepsAsync(c.Id, ct)).Count > 0) throw new ConflictProblem("case.step-open", $"Case {c.Number} has a step awaiting an act.");
        await RequireOrganisationAsync(step.ActingOrganisationId, "step.actingOrganisationId", ct);
        var sequence = await db.Set<Step>().Where(s => s.CaseId == c.Id).MaxAsync(s => (int?)s.Sequence, ct) ?? 0;
        var now = db.Clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(comment)) Timeline(actor, c.Id, null, TimelineKinds.Act, comment.Trim(), now);
        var started = await StartStepAsync(actor, c, sequence + 1, step, now, ct);
        c.ResponsibleOrganisationId = step.ActingOrganisationId;
        db.Audit(actor, "cases.step.start", $"case:{c.Number}", new { step = started.StepType, started.RuleId, due = started.DueAt });
    }

    public async Task CloseAsync(Actor actor, Guid caseId, string outcome, string? comment, CancellationToken ct)
    {
        new Validator().NotBlank(outcome, "outcome", "结果").MaxLength(outcome, 100, "outcome").MaxLength(comment, 4000, "comment").ThrowIfAny();
        var c = await access.FindVisibleAsync(actor, caseId, ct);
        if (c.State == CaseStates.Closed) throw new ConflictProblem("case.closed", $"Case {c.Number} is already closed.");
        var now = db.Clock.GetUtcNow();
        // A step still open ends with the case.
        foreach (var s in await OpenStepsAsync(c.Id, ct))
        {
            s.Apply(s.Clock.Complete(now, actor.Username, outcome));
            s.CompletedBy = actor.DisplayName;
            s.Outcome = outcome.Trim();
        }
        c.State = CaseStates.Closed;
        c.Outcome = outcome.Trim();
        c.ClosedAt = now;
        Timeline(actor, c.Id, null, TimelineKinds.Closed, $"结案：{outcome}{(string.IsNullOrWhiteSpace(comment) ? "" : " — " + comment.Trim())}", now);
        db.Audit(actor, "cases.case.close", $"case:{c.Number}", new { outcome, comment });
    }

    public async Task<IReadOnlyList<CaseRef>> FindOpenAsync(string subject, CancellationToken ct)
        => (await db.Set<Case>().AsNoTracking().Where(c => c.Subject == subject && c.State == CaseStates.Open).OrderBy(c => c.OpenedAt).ToListAsync(ct))
            .Select(Ref).ToList();

    public async Task<IReadOnlyList<string>> NotifyAsync(Guid organisationId, IReadOnlyList<Role> roles, NoticeMessage message, CancellationToken ct)
    {
        var v = new Validator().NotBlank(message.Kind, "kind", "通知类型").MaxLength(message.Kind, 64, "kind")
            .NotBlank(message.Text, "text", "通知内容").MaxLength(message.Text, 2000, "text").MaxLength(message.Link, 300, "link");
        v.Require(message.Kind != OverdueNotice.OverdueKind, "kind", "reserved", "overdue notices are sent by overdue detection only");
        v.ThrowIfAny();
        var now = db.Clock.GetUtcNow();
        var users = await NoticeRecipients.FindAsync(db, organisationId, roles, ct);
        foreach (var (u, role) in users)
            db.Add(new OverdueNotice
            {
                Id = Guid.NewGuid(), CaseId = message.CaseId, RecipientUserId = u.Id, Role = role, CreatedAt = now,
                Kind = message.Kind, Text = message.Text, Link = message.Link,
            });
        return users.Select(x => x.User.Username).ToList();
    }

    // ---------------------------------------------------------------------------------------------------------------

    internal static CaseRef Ref(Case c) => new(c.Id, c.Number, c.CaseType, c.Subject, c.State);

    private static void ValidateStep(Validator v, NextStep? s, string field)
    {
        if (s is null)
        {
            v.Require(false, field, "required", $"{field} is required");
            return;
        }
        v.NotBlank(s.StepType, $"{field}.stepType", "步骤类型").MaxLength(s.StepType, 100, $"{field}.stepType");
        v.Require(s.Rule is not null, $"{field}.rule", "required", "a step needs the rule that sets (or does not set) its period");
        v.Require(s.ActingRoles is { Count: > 0 }, $"{field}.actingRoles", "required", "a step needs at least one acting role");
        v.Require(s.ActingOrganisationId != Guid.Empty, $"{field}.actingOrganisationId", "required", "a step needs an acting organisation");
        if (s.Rule?.Period is { } p && PeriodCalculator.Problem(p) is { } problem)
            v.Require(false, $"{field}.rule.period", "period", problem);
    }

    private async Task RequireOrganisationAsync(Guid id, string field, CancellationToken ct)
    {
        if (!await db.Set<Organisation>().AnyAsync(o => o.Id == id, ct))
            throw new ValidationProblem(field, "exists", $"organisation {id} does not exist");
    }

    private async Task<Step> StartStepAsync(Actor actor, Case c, int sequence, NextStep next, DateTimeOffset start, CancellationToken ct)
    {
        var calendar = await calendars.CurrentAsync(ct);
        Period? target = null;
        if (next.Rule.Period is null && await db.Set<ServiceTarget>().AsNoTracking().FirstOrDefaultAsync(t => t.RuleId == next.Rule.Id, ct) is { } t)
            target = new Period(t.Length, t.Unit);
        var clock = StepClock.Begin(calendar, start, next.Rule.Period, target);
        var step = new Step
        {
            Id = Guid.NewGuid(), CaseId = c.Id, Sequence = sequence, StepType = next.StepType.Trim(),
            ActingOrganisationId = next.ActingOrganisationId, ActingRoles = string.Join(",", next.ActingRoles.Distinct()),
            RuleId = next.Rule.Id, Citation = next.Rule.Citation, RuleText = next.Rule.Text, ActingParty = next.Rule.ActingParty,
        };
        step.Apply(clock);
        db.Add(step);
        var org = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == next.ActingOrganisationId).Select(o => o.Name).FirstAsync(ct);
        var due = clock.Basis switch
        {
            DeadlineBasis.Statutory => $"法定期限 {DueText(clock)}{(clock.Provisional ? "（暂定）" : "")}（{step.Citation}）",
            DeadlineBasis.ServiceTarget => $"无法定期限；服务目标 {DueText(clock)}",
            _ => "无法定期限 / no statutory limit",
        };
        Timeline(actor, c.Id, step.Id, TimelineKinds.Act, $"步骤 {sequence}「{step.StepType}」交 {org} 办理；{due}", db.Clock.GetUtcNow());
        return step;
    }

    private async Task<(Case, Step)> OpenStepAsync(Actor actor, Guid caseId, CancellationToken ct)
    {
        var c = await access.FindVisibleAsync(actor, caseId, ct);
        if (c.State == CaseStates.Closed) throw new ConflictProblem("case.closed", $"Case {c.Number} is closed.");
        var step = (await OpenStepsAsync(c.Id, ct)).OrderByDescending(s => s.Sequence).FirstOrDefault()
            ?? throw new ConflictProblem("case.no-open-step", $"Case {c.Number} has no step awaiting an act.");
        return (c, step);
    }

    private async Task<List<Step>> OpenStepsAsync(Guid caseId, CancellationToken ct)
    {
        var saved = await db.Set<Step>().Where(s => s.CaseId == caseId && s.CompletedAt == null).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<Step>().Where(e => e.State == EntityState.Added && e.Entity.CaseId == caseId && e.Entity.CompletedAt == null)
            .Select(e => e.Entity);
        return saved.Union(added).Where(s => s.CompletedAt == null).ToList();
    }

    private void Timeline(Actor actor, Guid caseId, Guid? stepId, string kind, string text, DateTimeOffset at)
        => db.Add(TimelineEntry.Of(actor, caseId, stepId, at, kind, text));

    private async Task<string> NextNumberAsync(DateTimeOffset now, CancellationToken ct)
    {
        var prefix = $"AJ-{ChinaTime.DateOf(now).Year}";
        return $"{prefix}-{await db.NextValueAsync("case:" + prefix, ct):D6}";
    }

    internal static StepClock Transition(Func<StepClock> f)
    {
        try { return f(); }
        catch (ClockTransitionException e) { throw new ConflictProblem(e.Rule, e.Message); }
    }

    /// <summary>"2026-10-13 24:00" for day-based dues, the exact instant (China time) for hours.</summary>
    public static string DueText(DateTimeOffset? due, DateOnly? lastDay, PeriodUnit? unit)
    {
        if (due is null) return "";
        if (unit == PeriodUnit.Hours || lastDay is null) return ChinaTime.ToChina(due.Value).ToString("yyyy-MM-dd HH:mm");
        return $"{lastDay:yyyy-MM-dd} 24:00";
    }

    internal static string DueText(StepClock c) => DueText(c.Due, c.LastDay, c.AnchorPeriod?.Unit ?? c.Period?.Unit);

    internal static string Describe(Period p) => p.Unit switch
    {
        PeriodUnit.WorkingDays => $"{p.Length} 个工作日",
        PeriodUnit.Days => $"{p.Length} 日",
        PeriodUnit.Hours => $"{p.Length} 小时",
        PeriodUnit.Months => $"{p.Length} 个月",
        _ => $"{p.Length} 年",
    };
}
