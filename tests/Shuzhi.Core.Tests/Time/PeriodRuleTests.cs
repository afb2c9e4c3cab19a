using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Time;

public class PeriodRuleTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static DateTimeOffset Noon(string iso) => ChinaTime.StartOf(D(iso)).AddHours(12);
    private static DateOnly Last(string start, int n, PeriodUnit u, PeriodKind k = PeriodKind.Deadline)
        => PeriodCalculator.Compute(Cal, Noon(start), new Period(n, u, k)).LastDay;

    [Theory]
    [InlineData("2026-03-02", 1, "2026-03-03")] // Monday → Tuesday
    [InlineData("2026-03-06", 1, "2026-03-09")] // Friday → Monday
    [InlineData("2026-03-07", 1, "2026-03-09")] // event on Saturday: counting starts Monday, Monday is day 1
    [InlineData("2026-03-08", 5, "2026-03-13")] // event on Sunday
    [InlineData("2026-03-02", 10, "2026-03-16")]
    [InlineData("2026-09-30", 5, "2026-10-13")]
    [InlineData("2026-02-13", 1, "2026-02-14")] // Friday before Spring Festival → adjusted Saturday
    [InlineData("2026-12-31", 1, "2027-01-01")] // provisional 2027: no notice yet
    public void Working_days(string start, int n, string last) => Assert.Equal(D(last), Last(start, n, PeriodUnit.WorkingDays));

    [Fact]
    public void The_time_of_day_of_the_event_does_not_matter_but_its_china_date_does()
    {
        var late = DateTimeOffset.Parse("2026-03-02T23:59:59+08:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(D("2026-03-03"), PeriodCalculator.Compute(Cal, late, new Period(1, PeriodUnit.WorkingDays)).LastDay);
        // 2026-03-02T16:30Z is already 2026-03-03 00:30 in China
        var utc = DateTimeOffset.Parse("2026-03-02T16:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(D("2026-03-04"), PeriodCalculator.Compute(Cal, utc, new Period(1, PeriodUnit.WorkingDays)).LastDay);
    }

    [Theory]
    [InlineData("2026-03-02", 30, "2026-04-01")]
    [InlineData("2026-03-02", 5, "2026-03-09")] // 03-07 Saturday → Monday
    [InlineData("2026-04-03", 30, "2026-05-06")]
    [InlineData("2026-09-16", 15, "2026-10-08")] // 10-01 → after National Day
    [InlineData("2026-02-14", 1, "2026-02-24")] // 02-15 in Spring Festival
    [InlineData("2026-02-13", 15, "2026-02-28")] // adjusted Saturday is a working day: not moved
    [InlineData("2026-12-01", 60, "2027-02-01")] // 2027-01-30 is a Saturday in provisional 2027 → Monday
    public void Natural_days(string start, int n, string last) => Assert.Equal(D(last), Last(start, n, PeriodUnit.Days));

    [Theory]
    [InlineData("2026-03-15", 1, "2026-04-15")]
    [InlineData("2026-01-31", 1, "2026-02-28")] // no 31 Feb: the month's last day (a Saturday, adjusted working day in 2026)
    [InlineData("2024-01-31", 1, "2024-02-29")] // leap year
    [InlineData("2025-01-31", 1, "2025-02-28")] // Friday
    [InlineData("2026-03-31", 1, "2026-04-30")]
    [InlineData("2026-09-01", 1, "2026-10-08")] // 10-01 in National Day → 10-08
    [InlineData("2026-04-04", 1, "2026-05-06")] // 05-04 in Labour Day holiday
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2025-03-01", 3, "2025-06-03")] // 06-01 in the Dragon Boat holiday (05-31 … 06-02)
    public void Months(string start, int n, string last) => Assert.Equal(D(last), Last(start, n, PeriodUnit.Months));

    [Fact]
    public void A_month_deadline_from_31_january_to_a_rest_day_extends()
    {
        // 2027-02-28 is a Sunday in provisional 2027 → Monday 03-01, and provisional
        var r = PeriodCalculator.Compute(Cal, Noon("2027-01-31"), new Period(1, PeriodUnit.Months));
        Assert.Equal(D("2027-03-01"), r.LastDay);
        Assert.True(r.Provisional);
    }

    [Theory]
    [InlineData("2024-02-29", 1, "2025-02-28")] // Friday
    [InlineData("2023-06-15", 3, "2026-06-15")]
    [InlineData("2023-06-20", 3, "2026-06-22")] // 06-20 Saturday in Dragon Boat holiday → Monday 06-22
    public void Years_deadline(string start, int n, string last) => Assert.Equal(D(last), Last(start, n, PeriodUnit.Years));

    [Theory]
    [InlineData("2024-03-15", 3, PeriodUnit.Years, "2027-03-14")]
    [InlineData("2024-02-29", 3, PeriodUnit.Years, "2027-02-28")]
    [InlineData("2024-02-29", 1, PeriodUnit.Years, "2025-02-28")]
    [InlineData("2024-02-29", 4, PeriodUnit.Years, "2028-02-28")]
    [InlineData("2024-02-28", 1, PeriodUnit.Years, "2025-02-27")]
    [InlineData("2024-03-01", 1, PeriodUnit.Years, "2025-02-28")]
    [InlineData("2025-03-01", 1, PeriodUnit.Years, "2026-02-28")]
    [InlineData("2023-03-01", 1, PeriodUnit.Years, "2024-02-29")]
    [InlineData("2026-01-31", 1, PeriodUnit.Months, "2026-02-28")] // anniversary "31 Feb" → 1 March; ends 28 Feb
    [InlineData("2026-01-15", 1, PeriodUnit.Months, "2026-02-14")]
    [InlineData("2026-10-01", 10, PeriodUnit.Days, "2026-10-10")] // start day is day 1
    [InlineData("2026-09-26", 1, PeriodUnit.Years, "2027-09-25")]
    [InlineData("2026-10-02", 1, PeriodUnit.Years, "2027-10-01")] // ends on a (likely) holiday: never extended
    public void Terms(string start, int n, PeriodUnit unit, string last)
    {
        var r = PeriodCalculator.Compute(Cal, Noon(start), new Period(n, unit, PeriodKind.Term));
        Assert.Equal(D(last), r.LastDay);
        Assert.Equal(ChinaTime.EndOf(D(last)), r.Due);
        Assert.False(r.Provisional); // a term does not consult the calendar
        Assert.Null(r.WindowStart);
    }

    [Theory]
    [InlineData("2027-03-14", 3, "2030-03-14")]
    [InlineData("2028-02-28", 1, "2029-02-28")] // starts 2028-02-29 → anniversary 2029-03-01 → ends 02-28
    [InlineData("2028-02-29", 1, "2029-02-28")] // starts 2028-03-01
    [InlineData("2026-12-31", 3, "2029-12-31")]
    public void Renewal_terms(string expiry, int years, string last)
        => Assert.Equal(D(last), Last(expiry, years, PeriodUnit.Years, PeriodKind.RenewalTerm));

    [Theory]
    [InlineData("2027-03-14", 1, PeriodUnit.Months, "2027-02-15")]
    [InlineData("2027-03-31", 1, PeriodUnit.Months, "2027-03-01")] // no 31 Feb: corresponding day is 28 Feb
    [InlineData("2028-03-31", 1, PeriodUnit.Months, "2028-03-01")] // 29 Feb 2028 → 03-01
    [InlineData("2027-03-14", 6, PeriodUnit.Months, "2026-09-15")]
    [InlineData("2027-03-14", 1, PeriodUnit.Years, "2026-03-15")]
    [InlineData("2027-03-14", 30, PeriodUnit.Days, "2027-02-13")]
    public void Windows(string end, int n, PeriodUnit unit, string first)
    {
        var r = PeriodCalculator.Compute(Cal, Noon(end), new Period(n, unit, PeriodKind.Window));
        Assert.Equal(D(first), r.WindowStart);
        Assert.Equal(D(end), r.LastDay);
        Assert.Equal(ChinaTime.EndOf(D(end)), r.Due);
    }

    [Fact]
    public void A_working_day_window_holds_n_working_days_ending_at_the_end()
    {
        var r = PeriodCalculator.Compute(Cal, Noon("2026-10-09"), new Period(3, PeriodUnit.WorkingDays, PeriodKind.Window));
        Assert.Equal(D("2026-09-30"), r.WindowStart); // the 3rd working day before 10-09 is 09-29 → window 09-30 … 10-09: 09-30, 10-08, 10-09
        var working = 0;
        for (var d = r.WindowStart!.Value; d <= r.LastDay; d = d.AddDays(1)) if (Cal.IsWorkingDay(d)) working++;
        Assert.Equal(3, working);
    }

    [Theory]
    [InlineData("2026-10-01T09:30:00+08:00", 72, "2026-10-04T09:30:00+08:00")]
    [InlineData("2026-02-14T18:00:00+08:00", 24, "2026-02-15T18:00:00+08:00")] // into Spring Festival: no extension
    [InlineData("2026-09-30T22:00:00+08:00", 2, "2026-10-01T00:00:00+08:00")]
    [InlineData("2026-12-31T20:00:00+08:00", 48, "2027-01-02T20:00:00+08:00")]
    [InlineData("2024-02-28T12:00:00+08:00", 24, "2024-02-29T12:00:00+08:00")]
    public void Hours_are_exact_and_never_extended(string start, int hours, string due)
    {
        var r = PeriodCalculator.Compute(Cal, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), new Period(hours, PeriodUnit.Hours));
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), r.Due);
        Assert.Equal(TimeSpan.FromHours(8), r.Due.Offset);
        Assert.False(r.Provisional);
    }

    [Theory]
    [InlineData(0, PeriodUnit.Days, PeriodKind.Deadline)]
    [InlineData(-1, PeriodUnit.WorkingDays, PeriodKind.Deadline)]
    [InlineData(10001, PeriodUnit.Days, PeriodKind.Deadline)]
    [InlineData(3, PeriodUnit.Hours, PeriodKind.Term)]
    [InlineData(3, PeriodUnit.Hours, PeriodKind.Window)]
    [InlineData(3, PeriodUnit.WorkingDays, PeriodKind.Term)]
    [InlineData(3, PeriodUnit.WorkingDays, PeriodKind.RenewalTerm)]
    public void Meaningless_periods_are_refused(int n, PeriodUnit unit, PeriodKind kind)
    {
        Assert.NotNull(PeriodCalculator.Problem(new Period(n, unit, kind)));
        Assert.Throws<ArgumentException>(() => PeriodCalculator.Compute(Cal, Noon("2026-03-02"), new Period(n, unit, kind)));
    }

    [Fact]
    public void Suspension_keeps_the_remaining_working_days_and_resumption_counts_them_again()
    {
        // 10 working days from 2026-09-21 → 2026-10-12 (09-22..09-24, 09-28..09-30, 10-08..10-10, 10-12)
        var first = PeriodCalculator.Compute(Cal, Noon("2026-09-21"), new Period(10, PeriodUnit.WorkingDays));
        Assert.Equal(D("2026-10-12"), first.LastDay);
        // suspended on 09-24 (day 3 used up): 7 remain
        Assert.Equal(7, PeriodCalculator.RemainingWorkingDays(Cal, Noon("2026-09-24"), first.LastDay));
        // resumed on 2026-10-01 (a holiday): counting starts 10-08
        var resumed = PeriodCalculator.Resume(Cal, Noon("2026-10-01"), 7);
        Assert.Equal(D("2026-10-15"), resumed.LastDay); // 10-08, 09, 10 (adjusted Saturday), 12, 13, 14, 15
        var expected = PeriodCalculator.AddWorkingDays(Cal, D("2026-10-07"), 7);
        Assert.Equal(expected, resumed.LastDay);
        // suspended after the last day: nothing left, never negative
        Assert.Equal(0, PeriodCalculator.RemainingWorkingDays(Cal, Noon("2026-10-20"), first.LastDay));
        Assert.Equal(0, PeriodCalculator.RemainingWorkingDays(Cal, Noon("2026-10-12"), first.LastDay));
        // resuming with none left: the resumption day, or the next working day
        Assert.Equal(D("2026-10-08"), PeriodCalculator.Resume(Cal, Noon("2026-10-03"), 0).LastDay);
        Assert.Equal(D("2026-10-09"), PeriodCalculator.Resume(Cal, Noon("2026-10-09"), 0).LastDay);
    }

    [Fact]
    public void Extension_by_five_working_days_counts_after_the_current_last_day()
    {
        var r = PeriodCalculator.Extend(Cal, D("2026-09-30"), new Period(5, PeriodUnit.WorkingDays));
        Assert.Equal(D("2026-10-13"), r.LastDay);
        var r2 = PeriodCalculator.Extend(Cal, D("2026-02-13"), new Period(5, PeriodUnit.WorkingDays));
        Assert.Equal(D("2026-02-27"), r2.LastDay); // 02-14 (adjusted Saturday), 02-24, 25, 26, 27
        Assert.Throws<ArgumentException>(() => PeriodCalculator.Extend(Cal, D("2026-02-13"), new Period(5, PeriodUnit.Hours)));
    }
}
