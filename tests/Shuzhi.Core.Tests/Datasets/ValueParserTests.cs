using System.Globalization;
using FsCheck.Xunit;
using Shuzhi.Core.Datasets;

namespace Shuzhi.Core.Tests.Datasets;

public class ValueParserTests
{
    // ------------------------------------------------------------- integers

    [Theory]
    [InlineData("0", 0L, ValueNotes.None)]
    [InlineData("123", 123L, ValueNotes.None)]
    [InlineData("-3", -3L, ValueNotes.None)]
    [InlineData("+7", 7L, ValueNotes.None)]
    [InlineData("1,234", 1234L, ValueNotes.ThousandsSeparators)]
    [InlineData("1,234,567", 1234567L, ValueNotes.ThousandsSeparators)]
    [InlineData("-1,000", -1000L, ValueNotes.ThousandsSeparators)]
    [InlineData("１２３", 123L, ValueNotes.FullWidth)]
    [InlineData("１，２３４", 1234L, ValueNotes.FullWidth | ValueNotes.ThousandsSeparators)]
    [InlineData(" 123 ", 123L, ValueNotes.Trimmed)]
    [InlineData("'123", 123L, ValueNotes.LeadingApostrophe)]
    [InlineData("007", 7L, ValueNotes.LeadingZeros)]
    [InlineData("－５", -5L, ValueNotes.FullWidth)]
    [InlineData("9223372036854775807", long.MaxValue, ValueNotes.None)]
    [InlineData("-9223372036854775808", long.MinValue, ValueNotes.None)]
    public void Integers(string input, long value, ValueNotes notes)
    {
        var r = ValueParser.Integer(input);
        Assert.True(r.Ok, input);
        Assert.Equal(value, r.Value);
        Assert.Equal(notes, r.Notes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-")]
    [InlineData("12.5")]
    [InlineData("12,34")]        // wrong grouping
    [InlineData("1,2345")]
    [InlineData(",123")]
    [InlineData("1234,567")]
    [InlineData("1,234,")]
    [InlineData("12a")]
    [InlineData("1 234")]
    [InlineData("9223372036854775808")]
    [InlineData("1.10101E+17")]
    [InlineData("--1")]
    [InlineData("'")]
    public void Not_integers(string input) => Assert.False(ValueParser.Integer(input).Ok, input);

    [Property(MaxTest = 1000)]
    public bool Integers_round_trip_plain_and_grouped(long n)
        => ValueParser.Integer(n.ToString(CultureInfo.InvariantCulture)).Value == n
           && ValueParser.Integer(n.ToString("N0", CultureInfo.InvariantCulture)) is { Ok: true } g && g.Value == n;

    // ------------------------------------------------------------- decimals

    [Theory]
    [InlineData("12.50", "12.50", ValueNotes.None)]
    [InlineData("-3", "-3", ValueNotes.None)]
    [InlineData("0.5", "0.5", ValueNotes.None)]
    [InlineData(".5", "0.5", ValueNotes.None)]
    [InlineData("1,234.56", "1234.56", ValueNotes.ThousandsSeparators)]
    [InlineData("１２．５", "12.5", ValueNotes.FullWidth)]
    [InlineData("¥1,234.00", "1234.00", ValueNotes.CurrencySymbol | ValueNotes.ThousandsSeparators)]
    [InlineData("￥12", "12", ValueNotes.CurrencySymbol)]
    [InlineData("-¥12.3", "-12.3", ValueNotes.CurrencySymbol)]
    [InlineData("¥-12.3", "-12.3", ValueNotes.CurrencySymbol)]
    [InlineData("1.5E+3", "1500", ValueNotes.Exponent)]
    [InlineData("2e-2", "0.02", ValueNotes.Exponent)]
    [InlineData("'12.5", "12.5", ValueNotes.LeadingApostrophe)]
    [InlineData(" 12.5\u3000", "12.5", ValueNotes.Trimmed)]
    public void Decimals(string input, string value, ValueNotes notes)
    {
        var r = ValueParser.Decimal(input);
        Assert.True(r.Ok, input);
        Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), r.Value);
        Assert.Equal(value, r.Value.ToString(CultureInfo.InvariantCulture)); // the scale is kept ("12.50" stays 12.50)
        Assert.Equal(notes, r.Notes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12.")]
    [InlineData(".")]
    [InlineData("1,23.4")]
    [InlineData("12%")]
    [InlineData("(12)")]
    [InlineData("1.2.3")]
    [InlineData("¥")]
    [InlineData("¥¥1")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData("12元")]
    [InlineData("十二")]
    [InlineData("1E99999")]
    public void Not_decimals(string input) => Assert.False(ValueParser.Decimal(input).Ok, input);

    [Property(MaxTest = 1000)]
    public bool Decimals_round_trip(decimal d)
        => ValueParser.Decimal(d.ToString(CultureInfo.InvariantCulture)) is { Ok: true } r && r.Value == d
           && r.Value.ToString(CultureInfo.InvariantCulture) == d.ToString(CultureInfo.InvariantCulture);

    [Property(MaxTest = 500)]
    public bool Every_integer_is_a_decimal(long n)
        => ValueParser.Decimal(n.ToString("N0", CultureInfo.InvariantCulture)).Value == n;

    // ------------------------------------------------------------- booleans

    [Theory]
    [InlineData("是", true, BooleanForm.ShiFou)]
    [InlineData("否", false, BooleanForm.ShiFou)]
    [InlineData("有", true, BooleanForm.YouWu)]
    [InlineData("无", false, BooleanForm.YouWu)]
    [InlineData("Y", true, BooleanForm.YN)]
    [InlineData("n", false, BooleanForm.YN)]
    [InlineData("Yes", true, BooleanForm.YesNo)]
    [InlineData("NO", false, BooleanForm.YesNo)]
    [InlineData("true", true, BooleanForm.TrueFalse)]
    [InlineData("FALSE", false, BooleanForm.TrueFalse)]
    [InlineData("1", true, BooleanForm.OneZero)]
    [InlineData("０", false, BooleanForm.OneZero)]
    [InlineData(" 是 ", true, BooleanForm.ShiFou)]
    public void Booleans(string input, bool value, BooleanForm form)
    {
        var r = ValueParser.Boolean(input);
        Assert.True(r.Ok);
        Assert.Equal(value, r.Value);
        Assert.Equal(form, r.Form);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("是的")]
    [InlineData("ok")]
    [InlineData("t")]
    public void Not_booleans(string input) => Assert.False(ValueParser.Boolean(input).Ok);

    // ------------------------------------------------------------- dates

    [Theory]
    [InlineData("2023-05-01", DateForm.Dash)]
    [InlineData("2023-5-1", DateForm.Dash)]
    [InlineData("2023/05/01", DateForm.Slash)]
    [InlineData("2023/5/1", DateForm.Slash)]
    [InlineData("2023.5.1", DateForm.Dot)]
    [InlineData("2023年5月1日", DateForm.Chinese)]
    [InlineData("2023年05月01日", DateForm.Chinese)]
    [InlineData("2023年5月1号", DateForm.Chinese)]
    [InlineData("20230501", DateForm.Compact)]
    [InlineData("２０２３－０５－０１", DateForm.Dash)]
    [InlineData("２０２３年５月１日", DateForm.Chinese)]
    public void Dates(string input, DateForm form)
    {
        var r = ValueParser.Date(input);
        Assert.True(r.Ok, input);
        Assert.Equal(new DateOnly(2023, 5, 1), r.Value);
        Assert.Equal(form, r.Form);
    }

    [Fact]
    public void Excel_serials_only_when_allowed()
    {
        Assert.False(ValueParser.Date("45047").Ok);
        var r = ValueParser.Date("45047", allowExcelSerial: true);
        Assert.True(r.Ok);
        Assert.Equal(new DateOnly(2023, 5, 1), r.Value);
        Assert.Equal(DateForm.ExcelSerial, r.Form);
        Assert.False(ValueParser.Date("19999", true).Ok);
        Assert.False(ValueParser.Date("80001", true).Ok);
        Assert.Equal(new DateOnly(1954, 10, 3), ValueParser.Date("20000", true).Value);
    }

    [Fact]
    public void Excel_serials_honour_the_1900_leap_year_bug()
    {
        Assert.Equal(new DateOnly(1900, 3, 1), ValueParser.FromExcelSerial(61));
        Assert.Equal(new DateOnly(2023, 5, 1), ValueParser.FromExcelSerial(45047));
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueParser.FromExcelSerial(60)); // Excel's 1900-02-29
    }

    [Fact]
    public void Midnight_date_times_are_dates_with_a_note()
    {
        var r = ValueParser.Date("2023-05-01 00:00:00");
        Assert.True(r.Ok);
        Assert.Equal(ValueNotes.MidnightTime, r.Notes);
        Assert.False(ValueParser.Date("2023-05-01 00:00:01").Ok);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2023-02-29")]
    [InlineData("2023-13-01")]
    [InlineData("2023-00-10")]
    [InlineData("2023-5/1")]     // mixed separators
    [InlineData("2023-05-011")]
    [InlineData("2023年5月1")]
    [InlineData("2023年5-1日")]
    [InlineData("23-05-01")]
    [InlineData("05/01/2023")]   // month-first is ambiguous and not a Chinese form
    [InlineData("20231301")]
    [InlineData("18991231")]     // compact form only 1900–2099
    [InlineData("202305010")]
    [InlineData("45047")]
    [InlineData("2023-05")]
    public void Not_dates(string input) => Assert.False(ValueParser.Date(input).Ok, input);

    [Property(MaxTest = 1000)]
    public bool Every_date_form_reads_back(int seed)
    {
        var d = new DateOnly(1900, 1, 1).AddDays((int)((uint)seed % 73000));
        string[] forms =
        [
            d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{d.Year}/{d.Month}/{d.Day}", $"{d.Year}.{d.Month}.{d.Day}",
            $"{d.Year}年{d.Month}月{d.Day}日", d.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        ];
        return forms.All(f => ValueParser.Date(f).Value == d);
    }

    [Property(MaxTest = 500)]
    public bool Excel_serial_matches_dotnet_OADate(int seed)
    {
        var serial = ValueParser.ExcelSerialMin + (int)((uint)seed % (ValueParser.ExcelSerialMax - ValueParser.ExcelSerialMin + 1));
        return ValueParser.Date(serial.ToString(CultureInfo.InvariantCulture), true).Value == DateOnly.FromDateTime(DateTime.FromOADate(serial));
    }

    // ------------------------------------------------------------- date-times

    [Theory]
    [InlineData("2023-05-01 12:30", 12, 30, 0, DateForm.Dash, TimeForm.Colon)]
    [InlineData("2023-05-01T12:30:00", 12, 30, 0, DateForm.Dash, TimeForm.IsoT)]
    [InlineData("2023/5/1 8:05:00", 8, 5, 0, DateForm.Slash, TimeForm.Colon)]
    [InlineData("2023年5月1日 12时30分", 12, 30, 0, DateForm.Chinese, TimeForm.Chinese)]
    [InlineData("2023年5月1日12时30分", 12, 30, 0, DateForm.Chinese, TimeForm.Chinese)]
    [InlineData("2023年5月1日 12点30分15秒", 12, 30, 15, DateForm.Chinese, TimeForm.Chinese)]
    [InlineData("2023.5.1 23:59:59", 23, 59, 59, DateForm.Dot, TimeForm.Colon)]
    [InlineData("2023-05-01", 0, 0, 0, DateForm.Dash, TimeForm.None)]
    [InlineData("２０２３－０５－０１　１２：３０", 12, 30, 0, DateForm.Dash, TimeForm.Colon)]
    public void Date_times(string input, int h, int m, int s, DateForm df, TimeForm tf)
    {
        var r = ValueParser.DateTime(input);
        Assert.True(r.Ok, input);
        Assert.Equal(new DateTime(2023, 5, 1, h, m, s), r.Value);
        Assert.Equal(df, r.DateForm);
        Assert.Equal(tf, r.TimeForm);
    }

    [Fact]
    public void Fractions_offsets_and_serials()
    {
        Assert.Equal(new DateTime(2023, 5, 1, 12, 30, 0).AddMilliseconds(123), ValueParser.DateTime("2023-05-01T12:30:00.123").Value);
        var z = ValueParser.DateTime("2023-05-01T04:30:00Z");
        Assert.Equal(new DateTime(2023, 5, 1, 12, 30, 0), z.Value);
        Assert.Equal(ValueNotes.OffsetConverted, z.Notes);
        Assert.Equal(new DateTime(2023, 5, 1, 12, 30, 0), ValueParser.DateTime("2023-05-01T12:30:00+08:00").Value);
        Assert.Equal(new DateTime(2023, 5, 1, 13, 30, 0), ValueParser.DateTime("2023-05-01T00:30:00-05:00").Value);
        var serial = ValueParser.DateTime("45047.5", allowExcelSerial: true);
        Assert.Equal(new DateTime(2023, 5, 1, 12, 0, 0), serial.Value);
        Assert.Equal(TimeForm.ExcelFraction, serial.TimeForm);
        Assert.False(ValueParser.DateTime("45047.5").Ok);
    }

    [Theory]
    [InlineData("2023-05-01 24:00")]
    [InlineData("2023-05-01 12:60")]
    [InlineData("2023-05-01 12")]
    [InlineData("2023-05-01 12:3")]
    [InlineData("2023-05-01T12时30分")]
    [InlineData("2023-05-01 12:30 PM")]
    [InlineData("20230501 12:30")]
    [InlineData("2023-05-01 12:30:00+8")]
    [InlineData("2023年5月1日 12时")]
    public void Not_date_times(string input) => Assert.False(ValueParser.DateTime(input).Ok, input);

    [Property(MaxTest = 1000)]
    public bool Iso_date_times_round_trip(int daySeed, int secondSeed)
    {
        var t = new DateTime(1950, 1, 1).AddDays((uint)daySeed % 60000).AddSeconds((uint)secondSeed % 86400);
        return ValueParser.DateTime(t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)).Value == t
            && ValueParser.DateTime(t.ToString("yyyy/M/d H:mm:ss", CultureInfo.InvariantCulture)).Value == t
            && ValueParser.DateTime($"{t.Year}年{t.Month}月{t.Day}日 {t.Hour}时{t.Minute}分{t.Second}秒").Value == t;
    }

    [Property(MaxTest = 1000)]
    public bool Parsers_never_throw(string? s)
    {
        var v = s ?? "";
        _ = ValueParser.Integer(v); _ = ValueParser.Decimal(v); _ = ValueParser.Boolean(v);
        _ = ValueParser.Date(v, true); _ = ValueParser.DateTime(v, true);
        return true;
    }
}
