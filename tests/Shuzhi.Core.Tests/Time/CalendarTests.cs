using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Time;

/// <summary>The shipped calendar 2023–2026, every holiday block and adjusted working day, and provisional years.</summary>
public class CalendarTests
{
    private static readonly StatutoryCalendar Cal = StatutoryCalendar.Shipped();
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static DateTimeOffset Noon(DateOnly d) => ChinaTime.StartOf(d).AddHours(12);

    public static TheoryData<string> OffDays()
    {
        var t = new TheoryData<string>();
        foreach (var y in StatutoryCalendar.ShippedYears()) foreach (var d in y.Off) t.Add(d.ToString("yyyy-MM-dd"));
        return t;
    }

    public static TheoryData<string> WorkDays()
    {
        var t = new TheoryData<string>();
        foreach (var y in StatutoryCalendar.ShippedYears()) foreach (var d in y.Work) t.Add(d.ToString("yyyy-MM-dd"));
        return t;
    }

    /// <summary>Every maximal run of rest days that contains a listed holiday: (first rest day, last rest day).</summary>
    public static TheoryData<string, string> HolidayBlocks()
    {
        var t = new TheoryData<string, string>();
        var seen = new HashSet<DateOnly>();
        foreach (var d in StatutoryCalendar.ShippedYears().SelectMany(y => y.Off).Order())
        {
            if (!seen.Add(d)) continue;
            var first = d; while (!Cal.IsWorkingDay(first.AddDays(-1))) first = first.AddDays(-1);
            var last = d; while (!Cal.IsWorkingDay(last.AddDays(1))) last = last.AddDays(1);
            for (var x = first; x <= last; x = x.AddDays(1)) seen.Add(x);
            t.Add(first.ToString("yyyy-MM-dd"), last.ToString("yyyy-MM-dd"));
        }
        return t;
    }

    [Fact]
    public void Ships_2023_to_2026_with_notice_urls()
    {
        Assert.Equal([2023, 2024, 2025, 2026], StatutoryCalendar.ShippedYears().Select(y => y.Year));
        Assert.All(StatutoryCalendar.ShippedYears(), y => Assert.StartsWith("http", y.NoticeReference));
        Assert.Matches(@"^2023-2026@[0-9a-f]{8}$", Cal.Version);
        Assert.Equal(Cal.Version, StatutoryCalendar.Shipped().Version);
    }

    [Theory, MemberData(nameof(OffDays))]
    public void Every_listed_holiday_is_a_rest_day(string day) => Assert.False(Cal.IsWorkingDay(D(day)));

    [Theory, MemberData(nameof(WorkDays))]
    public void Every_adjusted_working_day_is_a_working_day_and_a_weekend_day(string day)
    {
        Assert.True(Cal.IsWorkingDay(D(day)));
        Assert.True(D(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    [Theory, MemberData(nameof(HolidayBlocks))]
    public void One_working_day_from_the_day_before_a_holiday_block_lands_after_it(string first, string last)
    {
        var after = D(last).AddDays(1);
        Assert.True(Cal.IsWorkingDay(after));
        Assert.True(Cal.IsWorkingDay(D(first).AddDays(-1)));
        var r = PeriodCalculator.Compute(Cal, Noon(D(first).AddDays(-1)), new Period(1, PeriodUnit.WorkingDays));
        Assert.Equal(after, r.LastDay);
        Assert.Equal(ChinaTime.EndOf(after), r.Due);
    }

    [Theory, MemberData(nameof(HolidayBlocks))]
    public void An_event_on_any_day_of_a_holiday_block_counts_from_the_first_working_day_after_it(string first, string last)
    {
        var after = D(last).AddDays(1);
        for (var d = D(first); d <= D(last); d = d.AddDays(1))
        {
            Assert.Equal(after, PeriodCalculator.Compute(Cal, Noon(d), new Period(1, PeriodUnit.WorkingDays)).LastDay);
            Assert.Equal(PeriodCalculator.AddWorkingDays(Cal, after, 1),
                PeriodCalculator.Compute(Cal, Noon(d), new Period(2, PeriodUnit.WorkingDays)).LastDay);
        }
    }

    [Theory, MemberData(nameof(HolidayBlocks))]
    public void A_natural_day_period_ending_inside_a_holiday_block_extends_to_the_first_working_day_after_it(string first, string last)
    {
        var after = D(last).AddDays(1);
        for (var d = D(first); d <= D(last); d = d.AddDays(1))
        {
            var r = PeriodCalculator.Compute(Cal, Noon(d.AddDays(-10)), new Period(10, PeriodUnit.Days));
            Assert.Equal(after, r.LastDay);
        }
        var before = PeriodCalculator.Compute(Cal, Noon(D(first).AddDays(-11)), new Period(10, PeriodUnit.Days));
        Assert.Equal(D(first).AddDays(-1), before.LastDay); // the working day before the block is not moved
    }

    [Theory, MemberData(nameof(WorkDays))]
    public void An_adjusted_working_day_counts_as_a_working_day(string day)
    {
        var prev = D(day).AddDays(-1);
        while (!Cal.IsWorkingDay(prev)) prev = prev.AddDays(-1);
        // one working day after the previous working day is the adjusted Saturday/Sunday itself
        Assert.Equal(D(day), PeriodCalculator.Compute(Cal, Noon(prev), new Period(1, PeriodUnit.WorkingDays)).LastDay);
        // and a natural-day period ending on it is not extended
        Assert.Equal(D(day), PeriodCalculator.Compute(Cal, Noon(D(day).AddDays(-3)), new Period(3, PeriodUnit.Days)).LastDay);
    }

    [Theory]
    [InlineData("2026-01-01", false)] [InlineData("2026-01-03", false)] [InlineData("2026-01-04", true)]
    [InlineData("2026-02-14", true)] [InlineData("2026-02-15", false)] [InlineData("2026-02-23", false)]
    [InlineData("2026-02-24", true)] [InlineData("2026-02-28", true)] [InlineData("2026-04-06", false)]
    [InlineData("2026-05-05", false)] [InlineData("2026-05-06", true)] [InlineData("2026-05-09", true)]
    [InlineData("2026-06-19", false)] [InlineData("2026-09-20", true)] [InlineData("2026-09-25", false)]
    [InlineData("2026-10-07", false)] [InlineData("2026-10-08", true)] [InlineData("2026-10-10", true)]
    [InlineData("2026-10-11", false)] [InlineData("2026-03-02", true)] [InlineData("2026-03-07", false)]
    [InlineData("2025-01-26", true)] [InlineData("2025-01-28", false)] [InlineData("2025-02-04", false)]
    [InlineData("2025-10-08", false)] [InlineData("2025-10-11", true)] [InlineData("2024-02-18", true)]
    [InlineData("2024-10-12", true)] [InlineData("2023-12-30", false)]
    public void Known_days_as_published(string day, bool working) => Assert.Equal(working, Cal.IsWorkingDay(D(day)));

    [Fact]
    public void The_2023_notice_lists_2022_12_31_which_is_honoured_but_2022_stays_provisional()
    {
        Assert.False(Cal.IsWorkingDay(D("2022-12-31")));
        Assert.True(Cal.IsProvisional(2022));
        Assert.False(Cal.IsProvisional(2023));
        Assert.Equal("元旦", Cal.HolidayName(D("2022-12-31")));
        // a period from 2022-12-29 touches provisional 2022; 12-30, then 2023-01-03 after the listed 12-31 … 01-02
        Assert.True(PeriodCalculator.Compute(Cal, Noon(D("2022-12-29")), new Period(3, PeriodUnit.WorkingDays)).Provisional);
        Assert.Equal(D("2023-01-03"), PeriodCalculator.Compute(Cal, Noon(D("2022-12-29")), new Period(2, PeriodUnit.WorkingDays)).LastDay);
    }

    [Fact]
    public void A_year_without_notice_is_provisional_weekends_only()
    {
        Assert.True(Cal.IsProvisional(2027));
        Assert.True(Cal.IsWorkingDay(D("2027-01-01"))); // a Friday: no notice yet, so a working day
        Assert.False(Cal.IsWorkingDay(D("2027-01-02")));
        var r = PeriodCalculator.Compute(Cal, Noon(D("2026-12-30")), new Period(5, PeriodUnit.WorkingDays));
        Assert.True(r.Provisional);
        Assert.Equal(D("2027-01-06"), r.LastDay); // 12-31, 01-01, 01-04, 01-05, 01-06
        var inside = PeriodCalculator.Compute(Cal, Noon(D("2026-12-01")), new Period(5, PeriodUnit.WorkingDays));
        Assert.False(inside.Provisional);
    }

    [Fact]
    public void Loading_2027_makes_it_definitive_and_changes_the_version()
    {
        var y2027 = new CalendarYearData(2027, [D("2027-01-01"), D("2027-01-02"), D("2027-01-03")], [D("2027-01-09")], "国办发明电〔2026〕99号（测试）");
        var loaded = Cal.With(y2027);
        Assert.False(loaded.IsProvisional(2027));
        Assert.NotEqual(Cal.Version, loaded.Version);
        Assert.Matches(@"^2023-2027@[0-9a-f]{8}$", loaded.Version);
        Assert.False(loaded.IsWorkingDay(D("2027-01-01")));
        Assert.True(loaded.IsWorkingDay(D("2027-01-09")));
        var r = PeriodCalculator.Compute(loaded, Noon(D("2026-12-30")), new Period(5, PeriodUnit.WorkingDays));
        Assert.False(r.Provisional);
        Assert.Equal(loaded.Version, r.CalendarVersion);
        Assert.Equal(D("2027-01-07"), r.LastDay); // 12-31, 01-04, 01-05, 01-06, 01-07
        // the shipped calendar is unchanged
        Assert.True(Cal.IsProvisional(2027));
    }

    [Fact]
    public void Versions_are_stable_and_content_sensitive()
    {
        var a = new CalendarYearData(2028, [D("2028-01-03")], [], "n1");
        var b = new CalendarYearData(2028, [D("2028-01-04")], [], "n1");
        Assert.Equal(Cal.With(a).Version, Cal.With(a).Version);
        Assert.NotEqual(Cal.With(a).Version, Cal.With(b).Version);
        Assert.Matches(@"^2023-2026\+2028@[0-9a-f]{8}$", Cal.With(a).Version);
        Assert.Throws<ArgumentException>(() => Cal.With(a).With(b));
        Assert.False(Cal.With(a).With(b, replace: true).IsWorkingDay(D("2028-01-04")));
        Assert.True(Cal.With(a).With(b, replace: true).IsWorkingDay(D("2028-01-03")));
    }

    [Fact]
    public void Empty_calendar_is_all_provisional()
    {
        var empty = new StatutoryCalendar([]);
        Assert.True(empty.IsProvisional(2026));
        Assert.True(empty.IsWorkingDay(D("2026-10-01")));
        Assert.Equal("none", empty.Version);
    }

    [Fact]
    public void Holiday_names_are_known()
    {
        Assert.Equal("春节", Cal.HolidayName(D("2026-02-17")));
        Assert.Equal("春节", Cal.HolidayName(D("2026-02-28")));
        Assert.Null(Cal.HolidayName(D("2026-03-03")));
    }
}
