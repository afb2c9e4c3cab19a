using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Procedures;

/// <summary>The step clock state machine (01-time.md "Clocks on a case"), on the shipped 2026 calendar.</summary>
public class StepClockTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();
    private static readonly Period FiveWorkingDays = new(5, PeriodUnit.WorkingDays);
    private static DateTimeOffset At(int m, int d, int h = 10) => ChinaTime.StartOf(new DateOnly(2026, m, d)).AddHours(h);

    [Fact]
    public void Begins_running_with_the_statutory_due_and_calendar_version()
    {
        var c = StepClock.Begin(Cal, At(9, 30), FiveWorkingDays);
        Assert.Equal(ClockState.Running, c.State);
        Assert.Equal(DeadlineBasis.Statutory, c.Basis);
        Assert.Equal(new DateOnly(2026, 10, 13), c.LastDay);
        Assert.Equal(ChinaTime.EndOf(new DateOnly(2026, 10, 13)), c.Due);
        Assert.Equal(Cal.Version, c.CalendarVersion);
        Assert.False(c.Provisional);
    }

    [Fact]
    public void Completing_in_time_is_met()
    {
        var c = StepClock.Begin(Cal, At(9, 30), FiveWorkingDays).Complete(At(10, 13, 23));
        Assert.Equal(ClockState.Met, c.State);
        Assert.False(c.IsOpen);
        Assert.Equal(0, c.Breaches);
    }

    [Fact]
    public void Completing_late_ends_overdue_with_the_completion_time()
    {
        var c = StepClock.Begin(Cal, At(9, 30), FiveWorkingDays).Complete(At(10, 14, 0).AddMinutes(1));
        Assert.Equal(ClockState.Overdue, c.State);
        Assert.Equal(At(10, 14, 0).AddMinutes(1), c.CompletedAt);
        Assert.False(c.IsOpenBreach);
    }

    [Fact]
    public void Detection_marks_overdue_once_and_is_idempotent()
    {
        var c = StepClock.Begin(Cal, At(9, 10), FiveWorkingDays); // → 2026-09-17
        Assert.Equal(Detection.Nothing, c.DetectOverdue(At(9, 17, 23)).Found);
        var (o, found) = c.DetectOverdue(At(9, 18, 0).AddSeconds(1));
        Assert.Equal(Detection.Overdue, found);
        Assert.Equal(ClockState.Overdue, o.State);
        Assert.Equal(1, o.Breaches);
        Assert.True(o.IsOpenBreach);
        var (again, found2) = o.DetectOverdue(At(9, 30));
        Assert.Equal(Detection.Nothing, found2);
        Assert.Equal(1, again.Breaches);
        // Done late: still overdue, no longer an open breach.
        var done = o.Complete(At(9, 30));
        Assert.Equal(ClockState.Overdue, done.State);
        Assert.False(done.IsOpenBreach);
        Assert.Equal(1, done.Breaches);
    }

    [Fact]
    public void Suspension_keeps_remaining_working_days_and_resumption_recounts()
    {
        // Started Mon 2026-09-07 → 5 working days → Mon 09-14. Suspended Wed 09-09: 09-10, 11, 14 remain (3).
        var c = StepClock.Begin(Cal, At(9, 7), FiveWorkingDays);
        Assert.Equal(new DateOnly(2026, 9, 14), c.LastDay);
        var s = c.Suspend(Cal, At(9, 9), "gz.bureau", "退回补正");
        Assert.Equal(ClockState.Suspended, s.State);
        Assert.Equal(new Period(3, PeriodUnit.WorkingDays), s.Remaining);
        // While suspended, detection finds nothing even long after the old due.
        Assert.Equal(Detection.Nothing, s.DetectOverdue(At(9, 25)).Found);
        // Resumed Fri 09-25: 09-28, 09-29, 09-30 → due 2026-09-30 24:00.
        var r = s.Resume(Cal, At(9, 25));
        Assert.Equal(ClockState.Running, r.State);
        Assert.Equal(new DateOnly(2026, 9, 30), r.LastDay);
        Assert.Equal(["started", "suspended", "resumed"], r.History.Select(h => h.Kind));
    }

    [Fact]
    public void Resumption_over_national_day_skips_the_holiday()
    {
        var s = StepClock.Begin(Cal, At(9, 28), FiveWorkingDays).Suspend(Cal, At(9, 28, 15)); // 5 left
        var r = s.Resume(Cal, At(9, 30));
        Assert.Equal(new DateOnly(2026, 10, 13), r.LastDay);
    }

    [Fact]
    public void Extension_under_the_same_article_moves_the_due_once()
    {
        var c = StepClock.Begin(Cal, At(9, 7), Rules.CatalogueUpdate.Period); // 10 wd, with Sunday 09-20 an adjusted working day → 09-20
        Assert.Equal(new DateOnly(2026, 9, 20), c.LastDay);
        var e = c.Extend(Cal, At(9, 15), Rules.CatalogueUpdateExtension, Rules.CatalogueUpdate.Citation, "gz.bureau", "职能调整涉及多个处室");
        Assert.Equal(ClockState.Extended, e.State);
        Assert.Equal(new DateOnly(2026, 9, 28), e.LastDay); // 21, 22, 23, 24, (25 Mid-Autumn), 28
        var last = e.History[^1];
        Assert.Equal(("extended", "gz.bureau", "职能调整涉及多个处室", c.Due, e.Due), (last.Kind, last.By, last.Reason, last.FromDue, last.ToDue));
        var again = Assert.Throws<ClockTransitionException>(() => e.Extend(Cal, At(9, 16), Rules.CatalogueUpdateExtension, Rules.CatalogueUpdate.Citation, "gz.bureau", "again"));
        Assert.Equal("extension.once", again.Rule);
    }

    [Fact]
    public void Extension_from_another_article_or_after_the_due_is_refused()
    {
        var c = StepClock.Begin(Cal, At(9, 7), FiveWorkingDays);
        var other = Assert.Throws<ClockTransitionException>(() => c.Extend(Cal, At(9, 8), Rules.CatalogueUpdateExtension, "某办法 第一条", "x", "y"));
        Assert.Equal("extension.not-allowed", other.Rule);
        var late = Assert.Throws<ClockTransitionException>(() => c.Extend(Cal, At(9, 15), Rules.CatalogueUpdateExtension, Rules.CatalogueUpdateExtension.Citation, "x", "y"));
        Assert.Equal("clock.already-due", late.Rule);
    }

    [Fact]
    public void Extended_then_suspended_then_resumed_stays_extended()
    {
        var c = StepClock.Begin(Cal, At(9, 7), Rules.CatalogueUpdate.Period)
            .Extend(Cal, At(9, 8), Rules.CatalogueUpdateExtension, Rules.CatalogueUpdate.Citation, "b", "r")
            .Suspend(Cal, At(9, 8, 15))
            .Resume(Cal, At(9, 9));
        Assert.Equal(ClockState.Extended, c.State);
        // 14 working days were left after 09-08 (to 09-28); counted again from 09-09 → 09-29.
        Assert.Equal(new DateOnly(2026, 9, 29), c.LastDay);
    }

    [Fact]
    public void Invalid_transitions_name_their_rule()
    {
        var c = StepClock.Begin(Cal, At(9, 7), FiveWorkingDays);
        Assert.Equal("clock.not-suspended", Assert.Throws<ClockTransitionException>(() => c.Resume(Cal, At(9, 8))).Rule);
        var done = c.Complete(At(9, 8));
        Assert.Equal("clock.completed", Assert.Throws<ClockTransitionException>(() => done.Complete(At(9, 9))).Rule);
        Assert.Equal("clock.not-running", Assert.Throws<ClockTransitionException>(() => done.Suspend(Cal, At(9, 9))).Rule);
        var overdue = c.DetectOverdue(At(9, 20)).Clock;
        Assert.Equal("clock.not-running", Assert.Throws<ClockTransitionException>(() => overdue.Suspend(Cal, At(9, 20))).Rule);
    }

    [Fact]
    public void No_statutory_period_has_no_due_and_is_never_overdue()
    {
        var c = StepClock.Begin(Cal, At(9, 7), null);
        Assert.Equal(DeadlineBasis.None, c.Basis);
        Assert.Null(c.Due);
        Assert.Equal(Detection.Nothing, c.DetectOverdue(At(12, 31)).Found);
        Assert.Equal(ClockState.Met, c.Complete(At(12, 31)).State);
    }

    [Fact]
    public void A_service_target_is_shown_as_a_target_and_missed_not_breached()
    {
        var c = StepClock.Begin(Cal, At(9, 7), null, new Period(3, PeriodUnit.WorkingDays));
        Assert.Equal(DeadlineBasis.ServiceTarget, c.Basis);
        Assert.Equal(ChinaTime.EndOf(new DateOnly(2026, 9, 10)), c.TargetDue);
        var (m, found) = c.DetectOverdue(At(9, 11));
        Assert.Equal(Detection.TargetMissed, found);
        Assert.Equal(ClockState.Running, m.State);
        Assert.True(m.TargetMissed);
        Assert.Equal(0, m.Breaches);
        Assert.Equal(Detection.Nothing, m.DetectOverdue(At(9, 12)).Found);
        var done = m.Complete(At(9, 14));
        Assert.Equal(ClockState.Met, done.State);
        Assert.True(done.TargetMissed);
    }

    [Fact]
    public void A_provisional_due_is_recomputed_with_a_loaded_year()
    {
        // Without 2026 loaded, 2026 is weekends only: 2026-09-30 + 5 → 10-01, 02, 05, 06, 07.
        var weekendsOnly = new StatutoryCalendar(StatutoryCalendar.ShippedYears().Where(y => y.Year != 2026));
        var c = StepClock.Begin(weekendsOnly, At(9, 30), FiveWorkingDays);
        Assert.True(c.Provisional);
        Assert.Equal(new DateOnly(2026, 10, 7), c.LastDay);
        var r = c.Recompute(Cal, At(9, 30, 12));
        Assert.False(r.Provisional);
        Assert.Equal(new DateOnly(2026, 10, 13), r.LastDay);
        Assert.Equal(Cal.Version, r.CalendarVersion);
        Assert.Equal("recomputed", r.History[^1].Kind);
        Assert.Same(r, r.Recompute(Cal, At(9, 30, 13)));
    }
}

/// <summary>Suspension of clocks counted in hours and natural days.</summary>
public class StepClockUnitTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();

    [Fact]
    public void An_hours_clock_keeps_the_hours_left_and_resumes_exactly()
    {
        var start = DateTimeOffset.Parse("2026-10-01T09:30:00+08:00");
        var c = StepClock.Begin(Cal, start, new Period(72, PeriodUnit.Hours));
        Assert.Equal(DateTimeOffset.Parse("2026-10-04T09:30:00+08:00"), c.Due);
        var s = c.Suspend(Cal, start.AddHours(10));
        Assert.Equal(new Period(62, PeriodUnit.Hours), s.Remaining);
        var r = s.Resume(Cal, DateTimeOffset.Parse("2026-10-10T08:00:00+08:00"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-12T22:00:00+08:00"), r.Due);
    }

    [Fact]
    public void An_hours_clock_suspended_mid_hour_keeps_the_exact_time_left()
    {
        // 72 h from 09:30 → due 10-04 09:30. Suspended at 19:31: 61 h 59 min left (not 62 h).
        var start = DateTimeOffset.Parse("2026-10-01T09:30:00+08:00");
        var c = StepClock.Begin(Cal, start, new Period(72, PeriodUnit.Hours));
        var s = c.Suspend(Cal, start.AddHours(10).AddMinutes(1).AddSeconds(30));
        var r = s.Resume(Cal, DateTimeOffset.Parse("2026-10-10T08:00:00+08:00"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-12T21:58:30+08:00"), r.Due);
        Assert.Equal(new DateOnly(2026, 10, 12), r.LastDay);
        // Twice: still exact.
        var again = r.Suspend(Cal, DateTimeOffset.Parse("2026-10-10T08:00:01+08:00"))
            .Resume(Cal, DateTimeOffset.Parse("2026-10-11T08:00:01+08:00"));
        Assert.Equal(DateTimeOffset.Parse("2026-10-13T21:58:30+08:00"), again.Due);
    }

    [Fact]
    public void A_natural_day_clock_keeps_the_days_left_with_rest_day_extension_on_resumption()
    {
        // Ethics review accepted Fri 2026-04-03, 30 days → 05-03 in the Labour Day holiday → Wed 05-06.
        var c = StepClock.Begin(Cal, DateTimeOffset.Parse("2026-04-03T10:00:00+08:00"), new Period(30, PeriodUnit.Days));
        Assert.Equal(new DateOnly(2026, 5, 6), c.LastDay);
        var s = c.Suspend(Cal, DateTimeOffset.Parse("2026-04-26T10:00:00+08:00")); // 10 days left (04-27 … 05-06)
        Assert.Equal(new Period(10, PeriodUnit.Days), s.Remaining);
        var r = s.Resume(Cal, DateTimeOffset.Parse("2026-06-01T10:00:00+08:00"));
        Assert.Equal(new DateOnly(2026, 6, 11), r.LastDay);
    }

    [Fact]
    public void A_clock_suspended_on_its_last_day_resumes_due_the_same_day()
    {
        var c = StepClock.Begin(Cal, DateTimeOffset.Parse("2026-09-07T10:00:00+08:00"), new Period(5, PeriodUnit.WorkingDays)); // → 09-14
        var s = c.Suspend(Cal, DateTimeOffset.Parse("2026-09-14T15:00:00+08:00"));
        Assert.Null(s.Remaining);
        Assert.True(s.NothingRemaining);
        var r = s.Resume(Cal, DateTimeOffset.Parse("2026-09-16T09:00:00+08:00"));
        Assert.Equal(new DateOnly(2026, 9, 16), r.LastDay);
    }
}
