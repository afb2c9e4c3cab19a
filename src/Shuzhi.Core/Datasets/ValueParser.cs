using System.Globalization;

namespace Shuzhi.Core.Datasets;

/// <summary>Things about a value's form that a quality report may want to count. Flags; None = clean.</summary>
[Flags]
public enum ValueNotes : ushort
{
    None = 0,
    /// <summary>Surrounding whitespace was ignored.</summary>
    Trimmed = 1,
    /// <summary>Full-width characters (１２．５, （）, U+3000) were read as ASCII.</summary>
    FullWidth = 2,
    /// <summary>NBSP or U+2212 minus inside the value were read as ASCII.</summary>
    OtherCharacters = 4,
    /// <summary>"1,234": thousands separators were ignored.</summary>
    ThousandsSeparators = 8,
    /// <summary>"¥1,234.00" / "￥12": a leading yuan sign was ignored.</summary>
    CurrencySymbol = 16,
    /// <summary>"'123": Excel's leading apostrophe (text marker) was ignored.</summary>
    LeadingApostrophe = 32,
    /// <summary>"007": an integer with leading zeros (often a code, not a quantity).</summary>
    LeadingZeros = 64,
    /// <summary>"1.5E+3": exponent notation.</summary>
    Exponent = 128,
    /// <summary>A date-time with a time of exactly 00:00:00 was read as a date.</summary>
    MidnightTime = 256,
    /// <summary>A date-time carried an offset (Z or ±hh:mm) and was converted to China time (UTC+8).</summary>
    OffsetConverted = 512,
}

/// <summary>The written form a date had.</summary>
public enum DateForm : byte
{
    None,
    /// <summary>2023-05-01 or 2023-5-1</summary>
    Dash,
    /// <summary>2023/05/01 or 2023/5/1</summary>
    Slash,
    /// <summary>2023.05.01 or 2023.5.1</summary>
    Dot,
    /// <summary>2023年5月1日 (or …1号)</summary>
    Chinese,
    /// <summary>20230501 (8 digits, year 1900–2099)</summary>
    Compact,
    /// <summary>45047 = 2023-05-01 (Excel 1900 date system; only when allowed, serial 20000–80000)</summary>
    ExcelSerial,
}

/// <summary>The written form of a time of day.</summary>
public enum TimeForm : byte
{
    /// <summary>No time part (a date in a date-time column, read as midnight).</summary>
    None,
    /// <summary>12:30, 8:05:00, 12:30:00.123 after a space</summary>
    Colon,
    /// <summary>2023-05-01T12:30:00 (ISO 8601 'T' separator)</summary>
    IsoT,
    /// <summary>12时30分, 12点30分05秒</summary>
    Chinese,
    /// <summary>the fractional part of an Excel serial</summary>
    ExcelFraction,
}

public enum BooleanForm : byte
{
    None,
    /// <summary>是 / 否</summary>
    ShiFou,
    /// <summary>有 / 无</summary>
    YouWu,
    /// <summary>Y / N (any case)</summary>
    YN,
    /// <summary>yes / no (any case)</summary>
    YesNo,
    /// <summary>true / false (any case)</summary>
    TrueFalse,
    /// <summary>1 / 0</summary>
    OneZero,
}

public readonly record struct IntegerParse(bool Ok, long Value, ValueNotes Notes);
public readonly record struct DecimalParse(bool Ok, decimal Value, ValueNotes Notes);
public readonly record struct BooleanParse(bool Ok, bool Value, BooleanForm Form, ValueNotes Notes);
public readonly record struct DateParse(bool Ok, DateOnly Value, DateForm Form, ValueNotes Notes);
/// <param name="Value">wall-clock time in China (Asia/Shanghai, UTC+8), Kind Unspecified.</param>
public readonly record struct DateTimeParse(bool Ok, DateTime Value, DateForm DateForm, TimeForm TimeForm, ValueNotes Notes);

/// <summary>
/// Typed parsing of cells in the forms Chinese government files use. Each parser trims, reads full-width characters
/// as ASCII and ignores Excel's leading apostrophe, and says so in <see cref="ValueNotes"/>. Nothing is allocated;
/// values longer than 64 characters are never numbers or dates. See docs/data-values.md for the accepted forms.
/// </summary>
public static class ValueParser
{
    private const int MaxLength = 64;
    /// <summary>Excel serials accepted as dates: 20000 = 1954-10-03 … 80000 = 2119-01-11.</summary>
    public const int ExcelSerialMin = 20000, ExcelSerialMax = 80000;
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30); // correct for serial ≥ 61 (Excel's fictional 1900-02-29 is serial 60)

    /// <summary>Normalises into the buffer; false when too long or empty.</summary>
    private static bool Prepare(ReadOnlySpan<char> value, Span<char> buffer, out ReadOnlySpan<char> result, out ValueNotes notes)
    {
        notes = ValueNotes.None;
        result = default;
        if (value.Length > MaxLength * 2) return false;
        if (value.Length is > 0 and <= MaxLength && value[0] != '\'' && TextNormaliser.IsNormal(value))
        {
            result = value; // fast path: nothing to trim or map
            return true;
        }
        var changes = TextNormaliser.Normalise(value, buffer, out var n);
        notes = (ValueNotes)(byte)changes; // the first three flags coincide
        ReadOnlySpan<char> s = buffer[..n];
        if (s.Length > 0 && s[0] == '\'')
        {
            notes |= ValueNotes.LeadingApostrophe;
            s = TextNormaliser.Trim(s[1..]);
        }
        if (s.Length == 0 || s.Length > MaxLength) return false;
        result = s;
        return true;
    }

    // ---------------------------------------------------------------- integers

    /// <summary>
    /// Integers: optional sign, ASCII or full-width digits, optional thousands separators in correct groups of three
    /// ("1,234,567" → noted; "12,34" rejected). Range of Int64.
    /// </summary>
    public static IntegerParse Integer(ReadOnlySpan<char> value)
    {
        Span<char> buf = stackalloc char[MaxLength * 2];
        if (!Prepare(value, buf, out var s, out var notes)) return default;
        var neg = false;
        if (s[0] is '-' or '+') { neg = s[0] == '-'; s = s[1..]; }
        Span<char> digitBuf = stackalloc char[MaxLength];
        var nd = ReadGroupedDigits(s, digitBuf, out var grouped);
        if (nd < 0) return default;
        ReadOnlySpan<char> digits = digitBuf[..nd];
        if (grouped) notes |= ValueNotes.ThousandsSeparators;
        if (digits.Length > 1 && digits[0] == '0') notes |= ValueNotes.LeadingZeros;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            // long.MinValue has no positive counterpart
            if (neg && digits.SequenceEqual("9223372036854775808")) return new(true, long.MinValue, notes);
            return default;
        }
        return new(true, neg ? -v : v, notes);
    }

    /// <summary>
    /// Reads the whole span as digits with optional correctly grouped commas, copying the digits into
    /// <paramref name="dest"/> (at least s.Length chars); returns the digit count or −1.
    /// </summary>
    private static int ReadGroupedDigits(ReadOnlySpan<char> s, Span<char> dest, out bool grouped)
    {
        grouped = false;
        if (s.Length == 0) return -1;
        var comma = s.IndexOf(',');
        if (comma is 0 or > 3) return -1;
        var n = 0;
        var run = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ',')
            {
                if (i > comma && run != 3) return -1;
                run = 0;
                continue;
            }
            if ((uint)(c - '0') > 9) return -1;
            dest[n++] = c;
            run++;
        }
        if (comma > 0 && run != 3) return -1;
        grouped = comma > 0;
        return n;
    }

    // ---------------------------------------------------------------- decimals

    /// <summary>
    /// Decimals: optional sign, optional yuan sign (¥ U+00A5 or ￥ U+FFE5, before or after the sign), digits with optional
    /// grouped thousands separators, optional '.' fraction, optional exponent (noted). "１２．５", "12.50", "-3",
    /// "1,234.56", "¥1,234.00", ".5" are accepted; "12.", "1,23.4", "12%" and "(12)" are not.
    /// </summary>
    public static DecimalParse Decimal(ReadOnlySpan<char> value)
    {
        Span<char> buf = stackalloc char[MaxLength * 2];
        if (!Prepare(value, buf, out var s, out var notes)) return default;
        var neg = false;
        if (s[0] is '\u00A5' or '\uFFE5') { notes |= ValueNotes.CurrencySymbol; s = s[1..]; }
        if (s.Length > 0 && s[0] is '-' or '+') { neg = s[0] == '-'; s = s[1..]; }
        if (s.Length > 0 && s[0] is '\u00A5' or '\uFFE5' && (notes & ValueNotes.CurrencySymbol) == 0) { notes |= ValueNotes.CurrencySymbol; s = s[1..]; }
        if (s.Length == 0) return default;

        var e = s.IndexOfAny('e', 'E');
        var mantissa = e < 0 ? s : s[..e];
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var frac = dot < 0 ? ReadOnlySpan<char>.Empty : mantissa[(dot + 1)..];
        if (dot >= 0 && frac.Length == 0) return default;
        foreach (var c in frac) if ((uint)(c - '0') > 9) return default;
        Span<char> digitBuf = stackalloc char[MaxLength];
        var nd = 0;
        if (intPart.Length > 0)
        {
            nd = ReadGroupedDigits(intPart, digitBuf, out var grouped);
            if (nd < 0) return default;
            if (grouped) notes |= ValueNotes.ThousandsSeparators;
        }
        else if (frac.Length == 0) return default;
        ReadOnlySpan<char> intDigits = digitBuf[..nd];

        if (e < 0 && intDigits.Length + frac.Length <= 18)
        {
            // fast path: the digits fit a 64-bit mantissa; scale = number of fraction digits
            ulong m = 0;
            foreach (var c in intDigits) m = m * 10 + (ulong)(c - '0');
            foreach (var c in frac) m = m * 10 + (ulong)(c - '0');
            return new(true, new decimal((int)(uint)m, (int)(uint)(m >> 32), 0, neg && m != 0, (byte)frac.Length), notes);
        }
        Span<char> compact = stackalloc char[MaxLength + 2];
        var n = 0;
        if (neg) compact[n++] = '-';
        if (intDigits.Length == 0) compact[n++] = '0';
        intDigits.CopyTo(compact[n..]); n += intDigits.Length;
        if (frac.Length > 0) { compact[n++] = '.'; frac.CopyTo(compact[n..]); n += frac.Length; }
        if (e >= 0)
        {
            var exp = s[(e + 1)..];
            var k = exp.Length > 0 && exp[0] is '+' or '-' ? 1 : 0;
            if (exp.Length == k || exp.Length > 4) return default;
            foreach (var c in exp[k..]) if ((uint)(c - '0') > 9) return default;
            notes |= ValueNotes.Exponent;
            compact[n++] = 'E';
            exp.CopyTo(compact[n..]); n += exp.Length;
        }
        var styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return decimal.TryParse(compact[..n], styles, CultureInfo.InvariantCulture, out var v) ? new(true, v, notes) : default;
    }

    // ---------------------------------------------------------------- booleans

    /// <summary>是/否, 有/无, Y/N, yes/no, true/false (any case), 1/0.</summary>
    public static BooleanParse Boolean(ReadOnlySpan<char> value)
    {
        Span<char> buf = stackalloc char[MaxLength * 2];
        if (!Prepare(value, buf, out var s, out var notes)) return default;
        return s switch
        {
            "是" => new(true, true, BooleanForm.ShiFou, notes),
            "否" => new(true, false, BooleanForm.ShiFou, notes),
            "有" => new(true, true, BooleanForm.YouWu, notes),
            "无" => new(true, false, BooleanForm.YouWu, notes),
            "1" => new(true, true, BooleanForm.OneZero, notes),
            "0" => new(true, false, BooleanForm.OneZero, notes),
            _ when s.Equals("y", StringComparison.OrdinalIgnoreCase) => new(true, true, BooleanForm.YN, notes),
            _ when s.Equals("n", StringComparison.OrdinalIgnoreCase) => new(true, false, BooleanForm.YN, notes),
            _ when s.Equals("yes", StringComparison.OrdinalIgnoreCase) => new(true, true, BooleanForm.YesNo, notes),
            _ when s.Equals("no", StringComparison.OrdinalIgnoreCase) => new(true, false, BooleanForm.YesNo, notes),
            _ when s.Equals("true", StringComparison.OrdinalIgnoreCase) => new(true, true, BooleanForm.TrueFalse, notes),
            _ when s.Equals("false", StringComparison.OrdinalIgnoreCase) => new(true, false, BooleanForm.TrueFalse, notes),
            _ => default,
        };
    }

    // ---------------------------------------------------------------- dates

    /// <summary>
    /// Dates: 2023-05-01, 2023-5-1, 2023/5/1, 2023.5.1, 2023年5月1日 (or 号), 20230501 (year 1900–2099), and — only when
    /// <paramref name="allowExcelSerial"/> (the column is known to be a date column) — Excel serials 20000–80000.
    /// A date-time whose time is exactly midnight is accepted and noted (Excel exports dates as "2023-05-01 00:00:00").
    /// </summary>
    public static DateParse Date(ReadOnlySpan<char> value, bool allowExcelSerial = false)
    {
        Span<char> buf = stackalloc char[MaxLength * 2];
        if (!Prepare(value, buf, out var s, out var notes)) return default;
        var pos = 0;
        if (TryReadDate(s, ref pos, allowExcelSerial, out var date, out var form, out _))
        {
            if (pos == s.Length) return new(true, date, form, notes);
            if (form is DateForm.Compact or DateForm.ExcelSerial) return default;
            if (TryReadTimeTail(s, pos, out var t, out _, out var offset) && t == TimeSpan.Zero && offset is null)
                return new(true, date, form, notes | ValueNotes.MidnightTime);
        }
        return default;
    }

    /// <summary>
    /// Date-times: any date form above, then ' ' or 'T', then H:mm[:ss[.fffffff]] or H时mm分[ss秒] / H点mm分[ss秒];
    /// an optional Z or ±hh:mm offset converts to China time. A date alone is midnight (TimeForm.None).
    /// With <paramref name="allowExcelSerial"/>, a serial with a fraction ("45047.5" = 2023-05-01 12:00).
    /// </summary>
    public static DateTimeParse DateTime(ReadOnlySpan<char> value, bool allowExcelSerial = false)
    {
        Span<char> buf = stackalloc char[MaxLength * 2];
        if (!Prepare(value, buf, out var s, out var notes)) return default;
        if (allowExcelSerial && TryExcelSerialWithFraction(s, out var fromSerial))
            return new(true, fromSerial, DateForm.ExcelSerial, s.Contains('.') ? TimeForm.ExcelFraction : TimeForm.None, notes);
        var pos = 0;
        if (!TryReadDate(s, ref pos, false, out var date, out var form, out _)) return default;
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        if (pos == s.Length) return new(true, midnight, form, TimeForm.None, notes);
        if (form == DateForm.Compact) return default;
        if (!TryReadTimeTail(s, pos, out var time, out var tf, out var offset)) return default;
        var local = midnight + time;
        if (offset is { } off)
        {
            local = local - off + TimeSpan.FromHours(8);
            notes |= ValueNotes.OffsetConverted;
        }
        return new(true, local, form, tf, notes);
    }

    private static bool TryExcelSerialWithFraction(ReadOnlySpan<char> s, out DateTime result)
    {
        result = default;
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        if (!TryDigits(whole, 5, 5, out var serial) || serial is < ExcelSerialMin or > ExcelSerialMax) return false;
        double fraction = 0;
        if (dot >= 0)
        {
            var f = s[(dot + 1)..];
            if (f.Length is 0 or > 12) return false;
            foreach (var c in f) if ((uint)(c - '0') > 9) return false;
            fraction = double.Parse(s[dot..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        var ticks = (long)Math.Round(fraction * TimeSpan.TicksPerDay / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond;
        result = ExcelEpoch.AddDays(serial).ToDateTime(TimeOnly.MinValue).AddTicks(ticks);
        return true;
    }

    /// <summary>Excel 1900-system serial → date (correct for serials ≥ 61; 60 is Excel's non-existent 1900-02-29).</summary>
    public static DateOnly FromExcelSerial(int serial)
    {
        if (serial < 61) throw new ArgumentOutOfRangeException(nameof(serial), "serials below 61 are ambiguous (Excel's 1900 leap-year bug)");
        return ExcelEpoch.AddDays(serial);
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int min, int max, out int value)
    {
        value = 0;
        if (s.Length < min || s.Length > max) return false;
        foreach (var c in s)
        {
            if ((uint)(c - '0') > 9) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static int ReadDigits(ReadOnlySpan<char> s, ref int pos, int max, out int value)
    {
        value = 0;
        var start = pos;
        while (pos < s.Length && pos - start < max && (uint)(s[pos] - '0') <= 9) value = value * 10 + (s[pos++] - '0');
        return pos - start;
    }

    private static bool TryReadDate(ReadOnlySpan<char> s, ref int pos, bool allowSerial, out DateOnly date, out DateForm form, out int end)
    {
        date = default; form = DateForm.None; end = 0;
        var p = pos;
        var nYear = ReadDigits(s, ref p, 8, out var year);
        if (nYear == 8 && (p == s.Length || !char.IsAsciiDigit(s[p])))
        {
            var y = year / 10000; var m = year / 100 % 100; var d = year % 100;
            if (y is < 1900 or > 2099 || !Valid(y, m, d)) return false;
            date = new DateOnly(y, m, d); form = DateForm.Compact; pos = p; return true;
        }
        if (nYear == 5 && allowSerial && p == s.Length)
        {
            if (year is < ExcelSerialMin or > ExcelSerialMax) return false;
            date = ExcelEpoch.AddDays(year); form = DateForm.ExcelSerial; pos = p; return true;
        }
        if (nYear != 4 || p >= s.Length) return false;
        var sep = s[p];
        form = sep switch { '-' => DateForm.Dash, '/' => DateForm.Slash, '.' => DateForm.Dot, '年' => DateForm.Chinese, _ => DateForm.None };
        if (form == DateForm.None) return false;
        p++;
        if (ReadDigits(s, ref p, 2, out var month) == 0 || p >= s.Length) return false;
        var sep2 = form == DateForm.Chinese ? '月' : sep;
        if (s[p] != sep2) return false;
        p++;
        if (ReadDigits(s, ref p, 2, out var day) == 0) return false;
        if (form == DateForm.Chinese)
        {
            if (p >= s.Length || s[p] is not ('日' or '号')) return false;
            p++;
        }
        else if (p < s.Length && char.IsAsciiDigit(s[p])) return false;
        if (!Valid(year, month, day)) return false;
        date = new DateOnly(year, month, day);
        pos = p;
        return true;
    }

    private static bool Valid(int y, int m, int d) => y >= 1 && m is >= 1 and <= 12 && d >= 1 && d <= System.DateTime.DaysInMonth(y, m);

    /// <summary>Reads " 12:30[:00[.fff]]", "T12:30:00", "12时30分[05秒]" (optionally after a space) plus an optional offset to the end.</summary>
    private static bool TryReadTimeTail(ReadOnlySpan<char> s, int pos, out TimeSpan time, out TimeForm form, out TimeSpan? offset)
    {
        time = default; form = TimeForm.None; offset = null;
        var p = pos;
        var isoT = false;
        if (s[p] is 'T' or 't') { isoT = true; p++; }
        else { while (p < s.Length && s[p] == ' ') p++; }
        if (p == pos && !char.IsAsciiDigit(s[p])) return false; // "2023年5月1日12时" without space is fine, handled below
        if (ReadDigits(s, ref p, 2, out var h) == 0 || h > 23 || p >= s.Length) return false;
        int min, sec = 0;
        long fracTicks = 0;
        if (s[p] == ':')
        {
            p++;
            if (ReadDigits(s, ref p, 2, out min) != 2 || min > 59) return false;
            if (p < s.Length && s[p] == ':')
            {
                p++;
                if (ReadDigits(s, ref p, 2, out sec) != 2 || sec > 59) return false;
                if (p < s.Length && s[p] == '.')
                {
                    p++;
                    var start = p;
                    var n = ReadDigits(s, ref p, 7, out var f);
                    if (n == 0) return false;
                    fracTicks = f * (long)Math.Pow(10, 7 - n);
                    _ = start;
                }
            }
            form = isoT ? TimeForm.IsoT : TimeForm.Colon;
        }
        else if (s[p] is '时' or '点' && !isoT)
        {
            p++;
            if (ReadDigits(s, ref p, 2, out min) == 0 || min > 59 || p >= s.Length || s[p] != '分') return false;
            p++;
            if (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                if (ReadDigits(s, ref p, 2, out sec) == 0 || sec > 59 || p >= s.Length || s[p] != '秒') return false;
                p++;
            }
            form = TimeForm.Chinese;
        }
        else return false;
        time = new TimeSpan(0, h, min, sec) + TimeSpan.FromTicks(fracTicks);
        if (p == s.Length) return true;
        if (form == TimeForm.Chinese) return false;
        if (s[p] is 'Z' or 'z' && p + 1 == s.Length) { offset = TimeSpan.Zero; return true; }
        if (s[p] is '+' or '-')
        {
            var sign = s[p] == '-' ? -1 : 1;
            p++;
            if (ReadDigits(s, ref p, 2, out var oh) != 2 || oh > 14) return false;
            if (p < s.Length && s[p] == ':') p++;
            if (ReadDigits(s, ref p, 2, out var om) != 2 || om > 59 || p != s.Length) return false;
            offset = sign * new TimeSpan(oh, om, 0);
            return true;
        }
        return false;
    }
}
