using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Time;

/// <summary>The four worked examples of 01-time.md (2026 calendar), and the examples in its table.</summary>
public class WorkedExampleTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static DateTimeOffset Day(int y, int m, int d) => ChinaTime.StartOf(new DateOnly(y, m, d)).AddHours(10);

    [Fact]
    public void Received_on_spring_festival_monday_five_working_days_ends_on_adjusted_saturday()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2026, 2, 16), new Period(5, PeriodUnit.WorkingDays));
        Assert.Equal(new DateOnly(2026, 2, 28), r.LastDay);
        Assert.Equal(At("2026-03-01T00:00:00+08:00"), r.Due);
        Assert.Equal(TimeSpan.FromHours(8), r.Due.Offset);
        Assert.False(r.Provisional);
        Assert.Equal(Cal.Version, r.CalendarVersion);
    }

    [Fact]
    public void Received_before_national_day_five_working_days_ends_13_october()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2026, 9, 30), new Period(5, PeriodUnit.WorkingDays));
        Assert.Equal(new DateOnly(2026, 10, 13), r.LastDay);
        Assert.Equal(At("2026-10-14T00:00:00+08:00"), r.Due);
    }

    [Fact]
    public void Thirty_days_ending_in_labour_day_holiday_extends_to_6_may()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2026, 4, 3), new Period(30, PeriodUnit.Days));
        Assert.Equal(new DateOnly(2026, 5, 6), r.LastDay);
        Assert.Equal(DayOfWeek.Wednesday, r.LastDay.DayOfWeek);
        Assert.Equal(At("2026-05-07T00:00:00+08:00"), r.Due);
    }

    [Fact]
    public void Seventy_two_hours_ignore_the_holiday()
    {
        var r = PeriodCalculator.Compute(Cal, At("2026-10-01T09:30:00+08:00"), new Period(72, PeriodUnit.Hours));
        Assert.Equal(At("2026-10-04T09:30:00+08:00"), r.Due);
        Assert.Equal(TimeSpan.FromHours(8), r.Due.Offset);
        Assert.Equal(new DateOnly(2026, 10, 4), r.LastDay);
        Assert.False(r.Provisional);
    }

    [Fact]
    public void Hours_from_a_utc_instant_are_shown_in_china_time()
    {
        var r = PeriodCalculator.Compute(Cal, At("2026-10-01T01:30:00Z"), new Period(72, PeriodUnit.Hours));
        Assert.Equal("2026-10-04T09:30:00+08:00", r.Due.ToString("yyyy-MM-ddTHH:mm:sszzz"));
    }

    [Fact]
    public void Term_of_three_years_from_15_march_2024_ends_14_march_2027()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2024, 3, 15), new Period(3, PeriodUnit.Years, PeriodKind.Term));
        Assert.Equal(new DateOnly(2027, 3, 14), r.LastDay);
        Assert.Equal(DayOfWeek.Sunday, r.LastDay.DayOfWeek); // never extended for a rest day
    }

    [Fact]
    public void Term_from_29_february_ends_28_february()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2024, 2, 29), new Period(3, PeriodUnit.Years, PeriodKind.Term));
        Assert.Equal(new DateOnly(2027, 2, 28), r.LastDay);
        var leap = PeriodCalculator.Compute(Cal, Day(2024, 2, 29), new Period(4, PeriodUnit.Years, PeriodKind.Term));
        Assert.Equal(new DateOnly(2028, 2, 28), leap.LastDay); // anniversary 2028-02-29 exists
    }

    [Fact]
    public void Renewal_of_a_term_expiring_14_march_2027_runs_to_14_march_2030()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2027, 3, 14), new Period(3, PeriodUnit.Years, PeriodKind.RenewalTerm));
        Assert.Equal(new DateOnly(2030, 3, 14), r.LastDay);
    }

    [Fact]
    public void Window_one_month_before_expiry_14_march_2027()
    {
        var r = PeriodCalculator.Compute(Cal, Day(2027, 3, 14), new Period(1, PeriodUnit.Months, PeriodKind.Window));
        Assert.Equal(new DateOnly(2027, 2, 15), r.WindowStart);
        Assert.Equal(new DateOnly(2027, 3, 14), r.LastDay);
        Assert.False(r.Provisional);
    }
}
