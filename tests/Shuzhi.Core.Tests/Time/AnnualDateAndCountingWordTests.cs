using Shuzhi.Core.Time;

namespace Shuzhi.Core.Tests.Time;

public class AnnualDateTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("每年3月31日前", 3, 31)]
    [InlineData("每年2月10日前", 2, 10)]
    [InlineData("3月31日前", 3, 31)]
    [InlineData("每年三月三十一日前", 3, 31)]
    [InlineData("每年十二月十日前", 12, 10)]
    public void Parses_fixed_dates(string text, int month, int day)
    {
        var a = AnnualDate.Parse(text);
        Assert.Equal(month, a.Month);
        Assert.Equal(day, a.Day);
    }

    [Theory]
    [InlineData("每年6月底前", "2026-06-30")]
    [InlineData("每年8月底前", "2026-08-31")]
    [InlineData("每年2月底前", "2026-02-28")]
    [InlineData("六月底前", "2026-06-30")]
    public void Month_end_means_the_last_day(string text, string date)
        => Assert.Equal(D(date), AnnualDate.Parse(text).DateIn(2026));

    [Fact]
    public void February_end_in_a_leap_year() => Assert.Equal(D("2028-02-29"), AnnualDate.EndOfMonth(2).DateIn(2028));

    [Theory]
    [InlineData("")] [InlineData("每年13月1日前")] [InlineData("每年2月30日前")] [InlineData("30日内")] [InlineData("每年3月0日前")]
    public void Rejects_non_dates(string text) => Assert.False(AnnualDate.TryParse(text, out _));

    [Fact]
    public void Next_due_is_24_00_of_the_named_date_inclusive_and_never_extended()
    {
        var a = AnnualDate.Parse("每年3月31日前");
        Assert.Equal(D("2026-03-31"), a.NextOnOrAfter(D("2026-01-10")));
        Assert.Equal(D("2026-03-31"), a.NextOnOrAfter(D("2026-03-31"))); // inclusive
        Assert.Equal(D("2027-03-31"), a.NextOnOrAfter(D("2026-04-01")));
        var due = a.NextDue(DateTimeOffset.Parse("2026-03-31T23:59:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse("2026-04-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture), due);
        // 2024-03-31 is a Sunday: no extension
        Assert.Equal(ChinaTime.EndOf(D("2024-03-31")), a.DueIn(2024));
        // 2026-10-01 is a holiday: still due at the end of the named date
        Assert.Equal(ChinaTime.EndOf(D("2026-10-01")), new AnnualDate(10, 1).DueIn(2026));
    }

    [Fact]
    public void Twenty_ninth_february_in_a_common_year_is_28_february()
        => Assert.Equal(D("2027-02-28"), new AnnualDate(2, 29).DateIn(2027));

    [Fact]
    public void Formats_back_to_chinese()
    {
        Assert.Equal("每年3月31日前", AnnualDate.Parse("3月31日前").ToString());
        Assert.Equal("每年6月底前", AnnualDate.Parse("6月底前").ToString());
    }
}

public class CountingWordTests
{
    [Theory]
    // word, value, limit, satisfies
    [InlineData("以上", 3, 3, true)] [InlineData("以上", 4, 3, true)] [InlineData("以上", 2, 3, false)]
    [InlineData("以下", 3, 3, true)] [InlineData("以下", 2, 3, true)] [InlineData("以下", 4, 3, false)]
    [InlineData("以内", 30, 30, true)] [InlineData("以内", 31, 30, false)] [InlineData("以内", 0, 30, true)]
    [InlineData("不少于", 5, 5, true)] [InlineData("不少于", 4.99, 5, false)]
    [InlineData("不超过", 5, 5, true)] [InlineData("不超过", 5.01, 5, false)]
    [InlineData("届满", 3, 3, true)] [InlineData("届满", 2, 3, false)] [InlineData("届满", 4, 3, true)]
    [InlineData("超过", 3, 3, false)] [InlineData("超过", 3.5, 3, true)]
    [InlineData("不足", 3, 3, false)] [InlineData("不足", 2, 3, true)]
    [InlineData("低于", 3, 3, false)] [InlineData("低于", 2.9, 3, true)]
    [InlineData("少于", 3, 3, false)] [InlineData("少于", 2, 3, true)]
    public void Satisfies(string word, double value, double limit, bool expected)
        => Assert.Equal(expected, CountingWord.Parse(word).Satisfies((decimal)value, (decimal)limit));

    [Theory]
    [InlineData("以上", true)] [InlineData("以下", true)] [InlineData("以内", true)] [InlineData("不少于", true)]
    [InlineData("不超过", true)] [InlineData("届满", true)] [InlineData("超过", false)] [InlineData("不足", false)]
    [InlineData("低于", false)] [InlineData("少于", false)]
    public void Includes_the_number_itself_or_not(string word, bool inclusive)
    {
        var w = CountingWord.Parse(word);
        Assert.Equal(inclusive, w.Inclusive);
        Assert.Equal(inclusive, w.Satisfies(7, 7));
        Assert.Equal(word, w.ToString());
    }

    [Fact]
    public void Ten_words_and_nothing_else()
    {
        Assert.Equal(10, CountingWord.All.Count);
        Assert.False(CountingWord.TryParse("大约", out _));
        Assert.False(CountingWord.TryParse(null, out _));
        Assert.True(CountingWord.TryParse(" 以上 ", out var w) && w == CountingWord.YiShang);
        Assert.Throws<FormatException>(() => CountingWord.Parse("左右"));
    }
}
