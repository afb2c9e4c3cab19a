using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>
/// Overdue detection and 超期督办 (贵州 art.43 "及时向数据提供部门主要负责人、分管负责人和数据专员推送相关信息"):
/// every running statutory clock past its due becomes overdue, gets a timeline entry, and one notice per breach goes
/// to each user of the acting department with the role DepartmentHead, DepartmentDeputy or DataCommissioner.
/// Service targets past due are flagged "target missed" and not escalated.
/// <para>Idempotent and safe to run concurrently: each step is handled in its own unit of work; the step's version
/// (optimistic concurrency) and the unique (step, breach, recipient) index make a second run a no-op.</para>
/// Run by the background job every minute (Server/Jobs/OverdueJob.cs) and by POST /api/v1/supervision/detect-overdue.
/// </summary>
public sealed class DetectOverdue(ShuzhiDb db, IServiceScopeFactory scopes)
{
    public sealed record Result(int Checked, int Overdue, int TargetsMissed, int Notices);

    public static readonly Role[] Recipients = [Role.DepartmentHead, Role.DepartmentDeputy, Role.DataCommissioner];

    /// <summary>
    /// Runs detection over the whole province. The escalations are the platform's acts (its clock ran out), recorded as
    /// <see cref="Actor.System"/> whoever asked; a run asked for by a person gets one audit record naming them.
    /// </summary>
    public async Task<Result> Handle(Actor requester, CancellationToken ct)
    {
        requester.Require(Policies.Supervise);
        var actor = Actor.System;
        var now = db.Clock.GetUtcNow();
        var candidates = await (from s in db.Set<Step>().AsNoTracking()
                                join c in db.Set<Case>().AsNoTracking() on s.CaseId equals c.Id
                                where s.CompletedAt == null && c.State == CaseStates.Open && s.DueAt != null && s.DueAt < now
                                      && (s.State == ClockState.Running || s.State == ClockState.Extended)
                                select s.Id).ToListAsync(ct);
        int overdue = 0, missed = 0, notices = 0;
        foreach (var id in candidates)
        {
            await using var scope = scopes.CreateAsyncScope();
            var one = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
            try
            {
                var (found, sent) = await DetectOneAsync(one, actor, id, now, ct);
                if (found == Detection.Overdue) overdue++;
                if (found == Detection.TargetMissed) missed++;
                notices += sent;
            }
            catch (DbUpdateException)
            {
                // Another run handled this step at the same moment (concurrency token or unique notice): nothing to do.
            }
        }
        var result = new Result(candidates.Count, overdue, missed, notices);
        if (!requester.IsSystem)
        {
            db.Audit(requester, "supervision.overdue.run", "supervision:overdue", result);
            await db.SaveChangesAsync(ct);
        }
        return result;
    }

    private static async Task<(Detection, int)> DetectOneAsync(ShuzhiDb db, Actor actor, Guid stepId, DateTimeOffset now, CancellationToken ct)
    {
        var step = await db.Set<Step>().FirstAsync(s => s.Id == stepId, ct);
        var kase = await db.Set<Case>().AsNoTracking().FirstAsync(c => c.Id == step.CaseId, ct);
        var (clock, found) = step.Clock.DetectOverdue(now);
        if (found == Detection.Nothing) return (found, 0);
        step.Apply(clock);
        var due = CaseViews.DueText(step);
        var org = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == step.ActingOrganisationId).Select(o => o.Name).FirstAsync(ct);
        if (found == Detection.TargetMissed)
        {
            Timeline(db, kase.Id, step.Id, now, TimelineKinds.TargetMissed,
                $"未在服务目标 {due} 前办结（服务目标，非法定期限，不督办） / service target missed (not a statutory breach)");
            db.Audit(actor, "cases.step.target-missed", $"case:{kase.Number}", new { step = step.StepType, due = step.DueAt });
            await db.SaveChangesAsync(ct);
            return (found, 0);
        }
        Timeline(db, kase.Id, step.Id, now, TimelineKinds.Overdue, $"「{step.StepType}」超过法定期限 {due}（{step.Citation}），{org}尚未办结");
        var users = await NoticeRecipients.FindAsync(db, step.ActingOrganisationId, Recipients, ct);
        foreach (var (u, role) in users)
            db.Add(new OverdueNotice
            {
                Id = Guid.NewGuid(), StepId = step.Id, CaseId = kase.Id, Breach = clock.Breaches, RecipientUserId = u.Id, Role = role, CreatedAt = now,
            });
        Timeline(db, kase.Id, step.Id, now, TimelineKinds.Escalated, users.Count == 0
            ? $"超期督办（贵州省政务数据资源管理办法 第四十三条）：{org}未登记主要负责人、分管负责人或数据专员，已列入督办清单"
            : $"超期督办（贵州省政务数据资源管理办法 第四十三条）：已推送 {string.Join("、", users.Select(x => x.User.DisplayName))}");
        db.Audit(actor, "supervision.overdue.escalate", $"case:{kase.Number}", new
        {
            step = step.StepType, stepId = step.Id, breach = clock.Breaches, due = step.DueAt, citation = step.Citation,
            recipients = users.Select(x => new { x.User.Username, role = x.Role.ToString() }),
        });
        await db.SaveChangesAsync(ct);
        return (found, users.Count);
    }

    private static void Timeline(ShuzhiDb db, Guid caseId, Guid stepId, DateTimeOffset at, string kind, string text)
        => db.Add(TimelineEntry.Of(Actor.System, caseId, stepId, at, kind, text));
}

/// <summary>GET /api/v1/supervision/board: open breaches (overdue statutory steps not yet done) in the bureau's divisions, and missed service targets.</summary>
public sealed class SupervisionBoard(ShuzhiDb db, CaseAccess access)
{
    public sealed record Breach(Guid CaseId, string Number, string Title, string CaseType, Guid StepId, string StepType,
        Guid DepartmentId, string Department, string DepartmentCode, DateTimeOffset? Due, DateOnly? LastDay, string DueText,
        int DaysOverdue, string Citation, string RuleId, int BreachNumber, int NoticesSent, int NoticesRead);

    public sealed record Board(DateTimeOffset Now, IReadOnlyList<Breach> Breaches, IReadOnlyList<Breach> TargetsMissed);

    public async Task<Board> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.Supervise);
        var now = db.Clock.GetUtcNow();
        var scope = (await access.ScopeAsync(actor, ct)).ToList();
        var rows = await (from s in db.Set<Step>().AsNoTracking()
                          join c in db.Set<Case>().AsNoTracking() on s.CaseId equals c.Id
                          join o in db.Set<Organisation>().AsNoTracking() on s.ActingOrganisationId equals o.Id
                          where s.CompletedAt == null && c.State == CaseStates.Open && scope.Contains(s.ActingOrganisationId)
                                && (s.State == ClockState.Overdue || s.TargetMissed)
                          select new { s, c, o }).ToListAsync(ct);
        var stepIds = rows.Select(r => r.s.Id).ToList();
        var notices = (await db.Set<OverdueNotice>().AsNoTracking().Where(n => n.Kind == OverdueNotice.OverdueKind && n.StepId != null && stepIds.Contains(n.StepId.Value)).ToListAsync(ct))
            .GroupBy(n => n.StepId!.Value).ToDictionary(g => g.Key, g => (Sent: g.Count(), Read: g.Count(n => n.ReadAt != null)));
        var list = rows.Select(r =>
        {
            var n = notices.GetValueOrDefault(r.s.Id);
            var days = CaseViews.DaysOverdue(r.s, now) ?? (r.s.LastDay is { } l ? Math.Max(0, ChinaTime.DateOf(now).DayNumber - l.DayNumber) : 0);
            return (Overdue: r.s.State == ClockState.Overdue, Item: new Breach(r.c.Id, r.c.Number, r.c.Title, r.c.CaseType, r.s.Id, r.s.StepType,
                r.o.Id, r.o.Name, r.o.Code, r.s.DueAt is { } d ? ChinaTime.ToChina(d) : null, r.s.LastDay, CaseViews.DueText(r.s),
                days, r.s.Citation, r.s.RuleId, r.s.Breaches, n.Sent, n.Read));
        }).ToList();
        return new Board(ChinaTime.ToChina(now),
            list.Where(x => x.Overdue).Select(x => x.Item).OrderByDescending(b => b.DaysOverdue).ThenBy(b => b.Number).ToList(),
            list.Where(x => !x.Overdue).Select(x => x.Item).OrderByDescending(b => b.DaysOverdue).ThenBy(b => b.Number).ToList());
    }
}

/// <summary>
/// GET /api/v1/notices and POST /api/v1/notices/{id}/read: the actor's notices — overdue notices (贵州 art.43) and the
/// informational notices other modules send (<see cref="ICaseDesk.NotifyAsync"/>; <c>kind</c>, <c>text</c>, <c>link</c>).
/// </summary>
public sealed class Notices(ShuzhiDb db)
{
    /// <param name="Kind">"overdue" (the step's fields are set) or the sender's kind, e.g. "sharing.stop.filed".</param>
    public sealed record Notice(Guid Id, Guid? CaseId, string? CaseNumber, string? Title, Guid? StepId, string? StepType, string? Department,
        DateTimeOffset? Due, string? DueText, string? Citation, int Breach, string Role, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? StepState,
        string Kind, string? Text, string? Link);

    public async Task<IReadOnlyList<Notice>> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.CasesRead);
        var me = actor.UserId;
        var rows = await (from n in db.Set<OverdueNotice>().AsNoTracking()
                          join s0 in db.Set<Step>().AsNoTracking() on n.StepId equals s0.Id into ss
                          from s in ss.DefaultIfEmpty()
                          join c0 in db.Set<Case>().AsNoTracking() on n.CaseId equals c0.Id into cs
                          from c in cs.DefaultIfEmpty()
                          join o0 in db.Set<Organisation>().AsNoTracking() on s.ActingOrganisationId equals o0.Id into os
                          from o in os.DefaultIfEmpty()
                          where n.RecipientUserId == me
                          select new { n, s, c, Name = o == null ? null : o.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.n.ReadAt != null).ThenByDescending(r => r.n.CreatedAt)
            .Select(r => new Notice(r.n.Id, r.c?.Id, r.c?.Number, r.c?.Title, r.s?.Id, r.s?.StepType, r.Name,
                r.s?.DueAt is { } d ? ChinaTime.ToChina(d) : null, r.s is null ? null : CaseViews.DueText(r.s), r.s?.Citation, r.n.Breach, r.n.Role.ToString(),
                ChinaTime.ToChina(r.n.CreatedAt), r.n.ReadAt is { } ra ? ChinaTime.ToChina(ra) : null, r.s is null ? null : CaseViews.Lower(r.s.State),
                r.n.Kind, r.n.Text, r.n.Link))
            .ToList();
    }

    public async Task<int> UnreadAsync(Actor actor, CancellationToken ct)
        => await db.Set<OverdueNotice>().CountAsync(n => n.RecipientUserId == actor.UserId && n.ReadAt == null, ct);

    public async Task MarkRead(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.CasesRead);
        var n = await db.Set<OverdueNotice>().FirstOrDefaultAsync(x => x.Id == id && x.RecipientUserId == actor.UserId, ct)
            ?? throw new NotFoundProblem("notice", id.ToString());
        if (n.ReadAt is not null) return;
        n.ReadAt = db.Clock.GetUtcNow();
        db.Audit(actor, "supervision.notice.read", $"notice:{n.Id}", new { n.Kind, n.StepId, n.Breach });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// GET/PUT /api/v1/supervision/service-targets: service targets for rules that set no statutory period (e.g. 贵州 art.8
/// review). Set by the provincial bureau; applied to steps started afterwards; shown as targets, never legal deadlines.
/// </summary>
public sealed class ServiceTargets(ShuzhiDb db)
{
    public sealed record Item(string RuleId, string Citation, string Text, string ActingParty, int? Length, string? Unit, string? SetBy, DateTimeOffset? SetAt);

    /// <param name="Length">null removes the target.</param>
    public sealed record Command(string? RuleId, int? Length, string? Unit);

    public static readonly PeriodUnit[] Units = [PeriodUnit.WorkingDays, PeriodUnit.Days, PeriodUnit.Hours];

    public async Task<IReadOnlyList<Item>> List(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.Supervise);
        var set = await db.Set<ServiceTarget>().AsNoTracking().ToDictionaryAsync(t => t.RuleId, ct);
        return RuleBook.All.Where(r => !r.HasStatutoryPeriod).Select(r =>
        {
            var t = set.GetValueOrDefault(r.Id);
            return new Item(r.Id, r.Citation, r.Text, r.ActingParty, t?.Length, t?.Unit.ToString(), t?.SetBy, t is null ? null : ChinaTime.ToChina(t.SetAt));
        }).ToList();
    }

    public async Task<Item> Set(Actor actor, Command c, CancellationToken ct)
    {
        var v = new Validator().NotBlank(c.RuleId, "ruleId", "规则");
        var rule = c.RuleId is null ? null : RuleBook.Find(c.RuleId.Trim());
        v.Require(c.RuleId is null || rule is not null, "ruleId", "unknown-rule", $"no rule '{c.RuleId}' (see GET /api/v1/supervision/service-targets)");
        v.Require(rule is null || !rule.HasStatutoryPeriod, "ruleId", "statutory-period",
            $"{rule?.Id} sets a statutory period ({rule?.Citation}); a service target never replaces a statutory deadline");
        PeriodUnit unit = default;
        if (c.Length is not null)
        {
            v.Require(c.Length is >= 1 and <= 365, "length", "range", "length must be 1–365");
            v.Require(Enum.TryParse(c.Unit, true, out unit) && Units.Contains(unit), "unit", "one-of", $"unit must be one of {string.Join(", ", Units)}");
        }
        v.ThrowIfAny();
        actor.Require(Policies.Supervise);
        if (!actor.IsSystem && actor.Level != AdminLevel.Province)
            throw new ForbiddenProblem(Policies.Supervise.Name, "服务目标由省大数据主管部门设置 / service targets are set by the provincial data bureau");
        var existing = await db.Set<ServiceTarget>().FirstOrDefaultAsync(t => t.RuleId == rule!.Id, ct);
        var now = db.Clock.GetUtcNow();
        if (c.Length is null)
        {
            if (existing is not null) db.Remove(existing);
            db.Audit(actor, "supervision.service-target.remove", $"rule:{rule!.Id}");
            await db.SaveChangesAsync(ct);
            return new Item(rule.Id, rule.Citation, rule.Text, rule.ActingParty, null, null, null, null);
        }
        if (existing is null) db.Add(existing = new ServiceTarget { RuleId = rule!.Id, SetBy = actor.DisplayName });
        existing.Length = c.Length.Value;
        existing.Unit = unit;
        existing.SetBy = actor.DisplayName;
        existing.SetAt = now;
        db.Audit(actor, "supervision.service-target.set", $"rule:{rule!.Id}", new { c.Length, unit = unit.ToString() });
        await db.SaveChangesAsync(ct);
        return new Item(rule.Id, rule.Citation, rule.Text, rule.ActingParty, existing.Length, unit.ToString(), existing.SetBy, ChinaTime.ToChina(now));
    }
}

/// <summary>
/// When a calendar year is loaded, recomputes the provisional dues of running steps (01-time.md: "recomputed when
/// the year is loaded"), in the loader's unit of work, with a timeline entry and an audit record for each change.
/// </summary>
public sealed class RecomputeProvisionalDues(ShuzhiDb db) : ICalendarYearLoaded
{
    public async Task OnLoadedAsync(IStatutoryCalendar calendar, int year, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var steps = await db.Set<Step>().Where(s => s.Provisional && s.CompletedAt == null
            && (s.State == ClockState.Running || s.State == ClockState.Extended)).ToListAsync(ct);
        var changed = 0;
        foreach (var s in steps)
        {
            var before = s.Clock;
            var after = before.Recompute(calendar, now);
            if (ReferenceEquals(before, after)) continue;
            s.Apply(after);
            changed++;
            db.Add(TimelineEntry.Of(Actor.System, s.CaseId, s.Id, now, TimelineKinds.Recomputed,
                $"载入 {year} 年节假日安排后重新计算期限：{CaseDesk.DueText(before.Due, before.LastDay, before.AnchorPeriod?.Unit)} → {CaseViews.DueText(s)}{(s.Provisional ? "（仍为暂定）" : "")}"));
        }
        if (changed > 0)
            db.Audit(Actor.System, "cases.due.recompute", $"calendar:{year}", new { steps = changed, calendar.Version });
    }
}

/// <summary>Who receives a notice in an organisation: its enabled users holding one of the roles (the first role they hold, in the given order, is recorded).</summary>
public static class NoticeRecipients
{
    public static async Task<List<(User User, Role Role)>> FindAsync(ShuzhiDb db, Guid organisationId, IReadOnlyList<Role> roles, CancellationToken ct)
        => (await db.Set<User>().AsNoTracking().Where(u => u.OrganisationId == organisationId && !u.Disabled).ToListAsync(ct))
            .Select(u => (User: u, Role: roles.Cast<Role?>().FirstOrDefault(r => u.RoleSet.Contains(r!.Value))))
            .Where(x => x.Role is not null).Select(x => (x.User, x.Role!.Value)).OrderBy(x => x.User.Username, StringComparer.Ordinal).ToList();
}
