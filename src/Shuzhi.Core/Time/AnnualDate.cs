using System.Globalization;
using System.Text.RegularExpressions;

namespace Shuzhi.Core.Time;

/// <summary>
/// A fixed calendar date each year (01-time.md "annual dates"): "每年3月31日前", "每年2月10日前", "每年6月底前".
/// Due at 24:00 of the named date, read inclusively as registries do; "6月底前" is by 30 June. No rest-day extension,
/// so an annual date never depends on the calendar and is never provisional.
/// </summary>
public sealed partial record AnnualDate
{
    /// <summary>1–12.</summary>
    public int Month { get; }
    /// <summary>The day of the month, or null for "月底" (the month's last day).</summary>
    public int? Day { get; }

    public AnnualDate(int month, int? day = null)
    {
        if (month is < 1 or > 12) throw new ArgumentOutOfRangeException(nameof(month), month, "month must be 1–12");
        if (day is not null && (day < 1 || day > DateTime.DaysInMonth(2024, month)))
            throw new ArgumentOutOfRangeException(nameof(day), day, $"day must be 1–{DateTime.DaysInMonth(2024, month)} in month {month}");
        Month = month;
        Day = day;
    }

    /// <summary>"月底": the last day of <paramref name="month"/>.</summary>
    public static AnnualDate EndOfMonth(int month) => new(month);

    /// <summary>The named date in <paramref name="year"/> (29 February in a common year is read as 28 February).</summary>
    public DateOnly DateIn(int year)
    {
        var days = DateTime.DaysInMonth(year, Month);
        return new DateOnly(year, Month, Day is int d ? Math.Min(d, days) : days);
    }

    /// <summary>The next occurrence on or after <paramref name="date"/>.</summary>
    public DateOnly NextOnOrAfter(DateOnly date)
    {
        var thisYear = DateIn(date.Year);
        return thisYear >= date ? thisYear : DateIn(date.Year + 1);
    }

    /// <summary>The next due instant (24:00 of the named date, China time) at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextDue(DateTimeOffset instant) => ChinaTime.EndOf(NextOnOrAfter(ChinaTime.DateOf(instant)));

    /// <summary>Due instant in a given year: 24:00 of the named date.</summary>
    public DateTimeOffset DueIn(int year) => ChinaTime.EndOf(DateIn(year));

    /// <summary>Parses "每年3月31日前", "3月31日前", "6月底前", "每年6月底前" (Arabic or Chinese numerals up to 31).</summary>
    public static AnnualDate Parse(string text)
        => TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not an annual date like 每年3月31日前 or 每年6月底前.");

    public static bool TryParse(string? text, out AnnualDate result)
    {
        result = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        var month = Number(m.Groups["m"].Value);
        if (month is < 1 or > 12) return false;
        if (m.Groups["end"].Success) { result = EndOfMonth(month); return true; }
        var day = Number(m.Groups["d"].Value);
        if (day < 1 || day > DateTime.DaysInMonth(2024, month)) return false;
        result = new AnnualDate(month, day);
        return true;
    }

    public override string ToString() => Day is int d ? $"每年{Month}月{d}日前" : $"每年{Month}月底前";

    private static int Number(string s)
    {
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        const string digits = "〇一二三四五六七八九";
        int value = 0, current = 0;
        foreach (var c in s)
        {
            var i = digits.IndexOf(c);
            if (i >= 0) current = i;
            else if (c == '十') { value += (current == 0 ? 1 : current) * 10; current = 0; }
            else return -1;
        }
        return value + current;
    }

    [GeneratedRegex(@"^(每年)?(?<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?<d>[0-9]{1,2}|[一二三四五六七八九十]{1,4})日|(?<end>底))(前|以前|之前)?$")]
    private static partial Regex Pattern();
}
