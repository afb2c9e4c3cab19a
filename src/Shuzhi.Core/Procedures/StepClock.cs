using System.Collections.Immutable;
using Shuzhi.Core.Time;

namespace Shuzhi.Core.Procedures;

/// <summary>State of a step's clock (01-time.md "Clocks on a case").</summary>
public enum ClockState
{
    /// <summary>Counting towards its due instant.</summary>
    Running,
    /// <summary>The act was done in time (or, with no statutory limit, done).</summary>
    Met,
    /// <summary>The due instant passed before the act. Stays overdue when the act is done late (with its completion time).</summary>
    Overdue,
    /// <summary>The period does not run (e.g. returned to the applicant for correction).</summary>
    Suspended,
    /// <summary>Running with an extended due (贵州 art.9, ethics art.17); the history keeps who, why and to when.</summary>
    Extended,
}

/// <summary>What the step's due instant is.</summary>
public enum DeadlineBasis
{
    /// <summary>A period set by law, with its citation: a breach is a legal breach and is escalated (贵州 art.43).</summary>
    Statutory,
    /// <summary>The law sets none; a service target configured by the bureau. Shown as a target, never a legal breach.</summary>
    ServiceTarget,
    /// <summary>The law sets none and no target is configured: "no statutory limit".</summary>
    None,
}

/// <summary>What overdue detection found.</summary>
public enum Detection
{
    Nothing,
    /// <summary>A statutory clock ran out: a breach, to be escalated.</summary>
    Overdue,
    /// <summary>A service target was missed: flagged, not escalated.</summary>
    TargetMissed,
}

/// <summary>One change of a clock, kept for the record (and to recompute provisional dues).</summary>
/// <param name="Kind">started, suspended, resumed, extended, overdue, target-missed, completed, recomputed.</param>
public sealed record ClockChange(
    DateTimeOffset At, string Kind, DateTimeOffset? FromDue, DateTimeOffset? ToDue,
    string? By = null, string? Reason = null, string? RuleId = null, Period? Period = null);

/// <summary>An attempted transition that the state machine does not allow; <see cref="Rule"/> names the rule broken.</summary>
public sealed class ClockTransitionException(string rule, string message) : InvalidOperationException(message)
{
    public string Rule { get; } = rule;
}

/// <summary>
/// The clock of one procedure step: an immutable value, each transition returns the next value.
/// <para>Periods are counted only by <see cref="PeriodCalculator"/>. The due is anchored on an event (the start,
/// or the resumption) and a period counted from it, plus the extensions granted since; that anchor lets a
/// provisional due be recomputed when a calendar year is loaded.</para>
/// <para>Decisions: a late completion ends the clock as <see cref="ClockState.Overdue"/> with
/// <see cref="CompletedAt"/> set (the breach stays on record, but is no longer open). An overdue clock cannot be
/// suspended or extended (the breach has happened). Suspension keeps the remaining time: working days for a
/// working-day period (the suspension day is used up), natural days for day/month/year periods, and for hours the exact time left (the due moves by exactly the time suspended).</para>
/// </summary>
public sealed record StepClock
{
    public required ClockState State { get; init; }
    public required DeadlineBasis Basis { get; init; }
    /// <summary>The statutory period, or the service target (per <see cref="Basis"/>); null for <see cref="DeadlineBasis.None"/>.</summary>
    public Period? Period { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? Due { get; init; }
    public DateOnly? LastDay { get; init; }
    public bool Provisional { get; init; }
    public string? CalendarVersion { get; init; }
    /// <summary>The event the current due is counted from (start or resumption).</summary>
    public DateTimeOffset? AnchorAt { get; init; }
    /// <summary>The period counted from <see cref="AnchorAt"/>; null after resuming with nothing left.</summary>
    public Period? AnchorPeriod { get; init; }
    /// <summary>Extensions granted since the anchor, in order.</summary>
    public ImmutableList<Period> ExtensionsSinceAnchor { get; init; } = [];
    public DateTimeOffset? SuspendedAt { get; init; }
    /// <summary>What was left when suspended.</summary>
    public Period? Remaining { get; init; }
    /// <summary>True when <see cref="Remaining"/> is nothing (suspended on or after the last day).</summary>
    public bool NothingRemaining { get; init; }
    public DateTimeOffset? OverdueAt { get; init; }
    public bool TargetMissed { get; init; }
    /// <summary>How many times the clock has run out (each one a breach, escalated once).</summary>
    public int Breaches { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public ImmutableList<ClockChange> History { get; init; } = [];

    public bool IsCompleted => CompletedAt is not null;
    /// <summary>Awaiting an act: running, extended, suspended, or overdue and not yet done.</summary>
    public bool IsOpen => !IsCompleted;
    public bool IsCounting => State is ClockState.Running or ClockState.Extended && Due is not null;
    /// <summary>An overdue statutory clock whose act is still not done: an open breach on the bureau's board.</summary>
    public bool IsOpenBreach => State == ClockState.Overdue && !IsCompleted;

    /// <summary>
    /// Starts a clock at <paramref name="start"/>: with the statutory period if the rule sets one, else with the
    /// service target if configured, else none ("no statutory limit").
    /// </summary>
    public static StepClock Begin(IStatutoryCalendar calendar, DateTimeOffset start, Period? statutory, Period? serviceTarget = null)
    {
        var basis = statutory is not null ? DeadlineBasis.Statutory : serviceTarget is not null ? DeadlineBasis.ServiceTarget : DeadlineBasis.None;
        var period = statutory ?? serviceTarget;
        var clock = new StepClock { State = ClockState.Running, Basis = basis, Period = period, Start = start };
        if (period is null)
            return clock with { History = [new ClockChange(start, "started", null, null)] };
        var r = PeriodCalculator.Compute(calendar, start, period);
        return clock with
        {
            Due = r.Due, LastDay = r.LastDay, Provisional = r.Provisional, CalendarVersion = r.CalendarVersion,
            AnchorAt = start, AnchorPeriod = period,
            History = [new ClockChange(start, "started", null, r.Due, Period: period)],
        };
    }

    /// <summary>The act is done: met if in time (or no limit), else the clock ends overdue with the completion time.</summary>
    public StepClock Complete(DateTimeOffset now, string? by = null, string? outcome = null)
    {
        if (IsCompleted) throw new ClockTransitionException("clock.completed", "The step is already completed.");
        var late = Due is not null && now > Due && State != ClockState.Suspended;
        var state = State switch
        {
            ClockState.Overdue => ClockState.Overdue,
            _ when late && Basis == DeadlineBasis.Statutory => ClockState.Overdue,
            _ => ClockState.Met,
        };
        return this with
        {
            State = state,
            CompletedAt = now,
            OverdueAt = state == ClockState.Overdue ? OverdueAt ?? Due : OverdueAt,
            Breaches = state == ClockState.Overdue && State != ClockState.Overdue ? Breaches + 1 : Breaches,
            TargetMissed = TargetMissed || (late && Basis == DeadlineBasis.ServiceTarget),
            SuspendedAt = null,
            History = History.Add(new ClockChange(now, "completed", Due, Due, by, outcome)),
        };
    }

    /// <summary>Stops the clock (the period does not run), keeping what is left.</summary>
    public StepClock Suspend(IStatutoryCalendar calendar, DateTimeOffset now, string? by = null, string? reason = null)
    {
        RequireRunning("suspend");
        if (Due is not null && now > Due)
            throw new ClockTransitionException("clock.already-due", "The period has already run out; an overdue clock cannot be suspended.");
        Period? remaining = null;
        var nothing = false;
        if (Due is not null && LastDay is not null && Period is not null)
        {
            int left;
            PeriodUnit unit;
            if (Period.Unit == PeriodUnit.Hours)
            {
                // Whole hours, rounded up, for display only: Resume shifts the due by the exact time suspended.
                left = (int)Math.Ceiling((Due.Value - now).TotalHours);
                unit = PeriodUnit.Hours;
            }
            else if (Period.Unit == PeriodUnit.WorkingDays)
            {
                left = PeriodCalculator.RemainingWorkingDays(calendar, now, LastDay.Value);
                unit = PeriodUnit.WorkingDays;
            }
            else
            {
                left = Math.Max(0, LastDay.Value.DayNumber - ChinaTime.DateOf(now).DayNumber);
                unit = PeriodUnit.Days;
            }
            if (left > 0) remaining = new Period(left, unit);
            else nothing = true;
        }
        return this with
        {
            State = ClockState.Suspended, SuspendedAt = now, Remaining = remaining, NothingRemaining = nothing,
            History = History.Add(new ClockChange(now, "suspended", Due, null, by, reason, Period: remaining)),
        };
    }

    /// <summary>Restarts a suspended clock: the due is recounted from <paramref name="now"/> with what was left.</summary>
    public StepClock Resume(IStatutoryCalendar calendar, DateTimeOffset now, string? by = null, string? reason = null)
    {
        if (State != ClockState.Suspended || IsCompleted)
            throw new ClockTransitionException("clock.not-suspended", "Only a suspended clock can be resumed.");
        var state = History.Any(h => h.Kind == "extended") ? ClockState.Extended : ClockState.Running;
        var resumed = this with { State = state, SuspendedAt = null, Remaining = null, NothingRemaining = false };
        if (Due is null || (Remaining is null && !NothingRemaining))
            return resumed with { History = History.Add(new ClockChange(now, "resumed", Due, Due, by, reason)) };
        if (Period?.Unit == PeriodUnit.Hours && SuspendedAt is { } suspendedAt)
        {
            // Hours are exact (01-time.md): the due moves by exactly the time suspended, to the second —
            // the remaining time is Due − SuspendedAt, not the whole hours shown in Remaining.
            var shift = now - suspendedAt;
            var due = ChinaTime.ToChina(Due.Value + shift);
            return resumed with
            {
                Due = due, LastDay = ChinaTime.DateOf(due), AnchorAt = AnchorAt + shift,
                History = History.Add(new ClockChange(now, "resumed", Due, due, by, reason, Period: Remaining)),
            };
        }
        var anchored = resumed with { AnchorAt = now, AnchorPeriod = Remaining, ExtensionsSinceAnchor = [] };
        var r = anchored.CountDue(calendar);
        return anchored with
        {
            Due = r.Due, LastDay = r.LastDay, Provisional = r.Provisional, CalendarVersion = r.CalendarVersion,
            History = History.Add(new ClockChange(now, "resumed", Due, r.Due, by, reason, Period: Remaining)),
        };
    }

    /// <summary>
    /// Extends a running statutory clock by <paramref name="extension"/>'s period, where the law allows it
    /// (the extension rule must come from the same article as the step's rule), recording who, why and to when.
    /// A rule extends a step once.
    /// </summary>
    public StepClock Extend(IStatutoryCalendar calendar, DateTimeOffset now, StatutoryRule extension, string? stepCitation, string by, string reason)
    {
        RequireRunning("extend");
        if (Basis != DeadlineBasis.Statutory || Due is null || LastDay is null)
            throw new ClockTransitionException("clock.no-statutory-period", "Only a statutory period can be extended; this step has none.");
        if (extension.Period is null)
            throw new ClockTransitionException("extension.no-period", $"The rule {extension.Id} sets no extension period.");
        if (stepCitation is not null && !string.Equals(extension.Citation, stepCitation, StringComparison.Ordinal))
            throw new ClockTransitionException("extension.not-allowed",
                $"The rule {extension.Id} ({extension.Citation}) does not extend a period set by {stepCitation}.");
        if (now > Due)
            throw new ClockTransitionException("clock.already-due", "The period has already run out; it can no longer be extended.");
        if (History.Any(h => h.Kind == "extended" && h.RuleId == extension.Id))
            throw new ClockTransitionException("extension.once", $"The step was already extended under {extension.Id}.");
        var r = PeriodCalculator.Extend(calendar, LastDay.Value, extension.Period);
        return this with
        {
            State = ClockState.Extended, Due = r.Due, LastDay = r.LastDay,
            Provisional = Provisional || r.Provisional, CalendarVersion = r.CalendarVersion,
            ExtensionsSinceAnchor = ExtensionsSinceAnchor.Add(extension.Period),
            History = History.Add(new ClockChange(now, "extended", Due, r.Due, by, reason, extension.Id, extension.Period)),
        };
    }

    /// <summary>
    /// Overdue detection: a running statutory clock past its due becomes <see cref="ClockState.Overdue"/> (a breach);
    /// a service target past its due is flagged <see cref="TargetMissed"/> and keeps running. Idempotent.
    /// </summary>
    public (StepClock Clock, Detection Found) DetectOverdue(DateTimeOffset now)
    {
        if (!IsCounting || IsCompleted || now <= Due) return (this, Detection.Nothing);
        if (Basis == DeadlineBasis.ServiceTarget)
        {
            if (TargetMissed) return (this, Detection.Nothing);
            return (this with { TargetMissed = true, History = History.Add(new ClockChange(now, "target-missed", Due, Due)) }, Detection.TargetMissed);
        }
        return (this with
        {
            State = ClockState.Overdue, OverdueAt = Due, Breaches = Breaches + 1,
            History = History.Add(new ClockChange(now, "overdue", Due, Due)),
        }, Detection.Overdue);
    }

    /// <summary>
    /// Recounts a provisional due with <paramref name="calendar"/> (after a calendar year is loaded): the anchor
    /// period, then the extensions since. Returns this clock when nothing changes or it is not provisional and running.
    /// </summary>
    public StepClock Recompute(IStatutoryCalendar calendar, DateTimeOffset now)
    {
        if (!Provisional || IsCompleted || State is not (ClockState.Running or ClockState.Extended) || AnchorAt is null) return this;
        var r = CountDue(calendar);
        if (r.Due == Due && r.Provisional == Provisional && r.CalendarVersion == CalendarVersion) return this;
        return this with
        {
            Due = r.Due, LastDay = r.LastDay, Provisional = r.Provisional, CalendarVersion = r.CalendarVersion,
            History = History.Add(new ClockChange(now, "recomputed", Due, r.Due, Reason: $"calendar {r.CalendarVersion}")),
        };
    }

    /// <summary>The due instant of a service target, or null (statutory or none).</summary>
    public DateTimeOffset? TargetDue => Basis == DeadlineBasis.ServiceTarget ? Due : null;

    private PeriodResult CountDue(IStatutoryCalendar calendar)
    {
        var r = AnchorPeriod is null
            ? PeriodCalculator.Resume(calendar, AnchorAt!.Value, 0)
            : PeriodCalculator.Compute(calendar, AnchorAt!.Value, AnchorPeriod);
        var provisional = r.Provisional;
        foreach (var e in ExtensionsSinceAnchor)
        {
            r = PeriodCalculator.Extend(calendar, r.LastDay, e);
            provisional |= r.Provisional;
        }
        return r with { Provisional = provisional };
    }

    private void RequireRunning(string act)
    {
        if (IsCompleted || State is not (ClockState.Running or ClockState.Extended))
            throw new ClockTransitionException("clock.not-running", $"Only a running clock can {act}; this one is {State.ToString().ToLowerInvariant()}{(IsCompleted ? " (completed)" : "")}.");
    }
}
