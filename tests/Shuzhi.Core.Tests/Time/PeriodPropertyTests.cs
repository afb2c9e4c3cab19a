using FsCheck.Xunit;
using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Time;

/// <summary>Properties of the period rules over 2022–2029 (shipped and provisional years), any length 1–400.</summary>
public class PeriodPropertyTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();
    private static readonly DateOnly Origin = new(2022, 6, 1);

    private static DateOnly Day(int seed) => Origin.AddDays((int)((uint)seed % 2900));
    private static int Len(int seed, int max = 400) => 1 + (int)((uint)seed % (uint)max);
    private static DateTimeOffset At(int daySeed, int minuteSeed) => ChinaTime.StartOf(Day(daySeed)).AddMinutes((uint)minuteSeed % 1440);

    [Property(MaxTest = 500)]
    public bool Working_day_deadline_is_a_working_day_after_the_event(int d, int m, int n)
    {
        var start = At(d, m);
        var r = PeriodCalculator.Compute(Cal, start, new Period(Len(n), PeriodUnit.WorkingDays));
        return Cal.IsWorkingDay(r.LastDay) && r.LastDay > ChinaTime.DateOf(start) && r.Due == ChinaTime.EndOf(r.LastDay);
    }

    [Property(MaxTest = 500)]
    public bool Working_day_deadline_counts_exactly_n_working_days(int d, int n)
    {
        var start = Day(d);
        var len = Len(n, 60);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(len, PeriodUnit.WorkingDays));
        var count = 0;
        for (var x = start.AddDays(1); x <= r.LastDay; x = x.AddDays(1)) if (Cal.IsWorkingDay(x)) count++;
        return count == len;
    }

    [Property(MaxTest = 300)]
    public bool Working_day_deadlines_grow_with_length(int d, int n)
    {
        var len = Len(n, 100);
        var a = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(Day(d)), new Period(len, PeriodUnit.WorkingDays));
        var b = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(Day(d)), new Period(len + 1, PeriodUnit.WorkingDays));
        return b.LastDay > a.LastDay;
    }

    [Property(MaxTest = 500)]
    public bool Natural_day_deadline_is_the_first_working_day_on_or_after_start_plus_n(int d, int n)
    {
        var start = Day(d);
        var len = Len(n);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(len, PeriodUnit.Days));
        if (r.LastDay < start.AddDays(len) || !Cal.IsWorkingDay(r.LastDay)) return false;
        for (var x = start.AddDays(len); x < r.LastDay; x = x.AddDays(1)) if (Cal.IsWorkingDay(x)) return false;
        return true;
    }

    [Property(MaxTest = 500)]
    public bool Month_deadline_is_on_or_after_the_corresponding_day_and_a_working_day(int d, int n)
    {
        var start = Day(d);
        var len = Len(n, 36);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(len, PeriodUnit.Months));
        var corresponding = start.AddMonths(len);
        return r.LastDay >= corresponding && Cal.IsWorkingDay(r.LastDay) && (r.LastDay.DayNumber - corresponding.DayNumber) < 15;
    }

    [Property(MaxTest = 500)]
    public bool Term_ends_the_day_before_the_anniversary_and_is_never_extended(int d, int n)
    {
        var start = Day(d);
        var len = Len(n, 10);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(len, PeriodUnit.Years, PeriodKind.Term));
        var anniversary = r.LastDay.AddDays(1);
        var ok = r.LastDay < new DateOnly(start.Year + len, start.Month, 1).AddMonths(1) // within the anniversary month (or 28 Feb)
            && anniversary.Year == start.Year + len
            && (anniversary.Month == start.Month && anniversary.Day == start.Day
                || start is { Month: 2, Day: 29 } && anniversary == new DateOnly(start.Year + len, 3, 1))
            && !r.Provisional;
        return ok;
    }

    [Property(MaxTest = 300)]
    public bool Renewal_term_is_a_term_from_the_day_after_expiry(int d, int n)
    {
        var expiry = Day(d);
        var len = Len(n, 10);
        var renewal = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(expiry), new Period(len, PeriodUnit.Years, PeriodKind.RenewalTerm));
        var term = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(expiry.AddDays(1)), new Period(len, PeriodUnit.Years, PeriodKind.Term));
        return renewal.LastDay == term.LastDay && renewal.LastDay > expiry;
    }

    [Property(MaxTest = 300)]
    public bool Window_ends_at_the_end_and_starts_within_the_period_before_it(int d, int n)
    {
        var end = Day(d);
        var len = Len(n, 24);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(end), new Period(len, PeriodUnit.Months, PeriodKind.Window));
        return r.LastDay == end && r.WindowStart is DateOnly first && first <= end && first > end.AddMonths(-len - 1)
            && first.AddDays(-1) == end.AddMonths(-len);
    }

    [Property(MaxTest = 500)]
    public bool Hours_are_exact(int d, int m, int n)
    {
        var start = At(d, m);
        var len = Len(n, 2000);
        var r = PeriodCalculator.Compute(Cal, start, new Period(len, PeriodUnit.Hours));
        return r.Due == start.AddHours(len) && r.Due.Offset == ChinaTime.Offset && !r.Provisional;
    }

    [Property(MaxTest = 300)]
    public bool Provisional_exactly_when_the_span_touches_a_year_without_notice(int d, int n)
    {
        var start = Day(d);
        var r = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(Len(n), PeriodUnit.WorkingDays));
        var touches = Enumerable.Range(start.Year, r.LastDay.Year - start.Year + 1).Any(y => y is < 2023 or > 2026);
        return r.Provisional == touches;
    }

    [Property(MaxTest = 300)]
    public bool Suspend_then_resume_the_same_day_gives_back_the_same_deadline(int d, int s, int n)
    {
        var start = Day(d);
        var first = PeriodCalculator.Compute(Cal, ChinaTime.StartOf(start), new Period(Len(n, 30), PeriodUnit.WorkingDays));
        // suspend on a working day within the period, resume the same day: nothing changes
        var suspendDay = start.AddDays(1 + (int)((uint)s % (uint)(first.LastDay.DayNumber - start.DayNumber)));
        if (!Cal.IsWorkingDay(suspendDay)) return true;
        var left = PeriodCalculator.RemainingWorkingDays(Cal, ChinaTime.StartOf(suspendDay), first.LastDay);
        var resumed = PeriodCalculator.Resume(Cal, ChinaTime.StartOf(suspendDay), left);
        return left >= 0 && resumed.LastDay == first.LastDay;
    }
}
