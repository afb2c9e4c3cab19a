using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Shuzhi.Core.Datasets;
using Shuzhi.Core.Identifiers;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>Why a non-empty cell could not be typed (its value is null and its raw text goes to <c>_bad</c>).</summary>
public enum CellIssue : byte
{
    None,
    NotInteger, NotDecimal, NotDate, NotDateTime, NotBoolean,
    NotInCodeList,
    IdBadLength, IdBadCharacters, IdBadRegion, IdBadBirthDate, IdBadCheckDigit,
    CreditBadLength, CreditBadCharacters, CreditBadRegistrationAuthority, CreditBadOrganisationType, CreditBadRegion,
    CreditBadOrganisationCode, CreditBadCheckCharacter,
    MobileBadLength, MobileBadCharacters, MobileBadPrefix,
    /// <summary>An identifier that Excel turned into scientific notation ("1.10101E+17"): digits lost, never repaired.</summary>
    ScientificNotation,
}

/// <summary>Things about a cell's form worth counting; the value was still typed (flags).</summary>
[Flags]
public enum CellNotes : ushort
{
    None = 0,
    /// <summary>Surrounding whitespace (incl. U+3000, NBSP) was trimmed.</summary>
    Whitespace = 1,
    /// <summary>Full-width digits, letters or punctuation were read as ASCII (not for Text fields).</summary>
    FullWidth = 1 << 1,
    /// <summary>NBSP or U+2212 minus inside the value were read as ASCII.</summary>
    OtherCharacters = 1 << 2,
    /// <summary>Excel's text marker "'" was removed (non-numeric fields; in numeric fields it is <see cref="NumberStoredAsText"/>).</summary>
    LeadingApostrophe = 1 << 3,
    /// <summary>A number in an Integer/Decimal field stored as text: a text cell in Excel/JSON, or "'123".</summary>
    NumberStoredAsText = 1 << 4,
    ThousandsSeparators = 1 << 5,
    CurrencySymbol = 1 << 6,
    /// <summary>A date written as an Excel serial number (45047 = 2023-05-01).</summary>
    ExcelSerialDate = 1 << 7,
    /// <summary>An identifier or code in a numeric Excel cell (digits intact, ≤ 15; leading zeros would be lost).</summary>
    IdentifierStoredAsNumber = 1 << 8,
    /// <summary>居民身份证号码 with a lower-case 'x': valid, stored with 'X'.</summary>
    LowercaseX = 1 << 9,
    /// <summary>15-digit first-generation 居民身份证号码: valid, stored as written.</summary>
    Legacy15 = 1 << 10,
    /// <summary>统一社会信用代码 with lower-case letters: valid, stored upper-cased.</summary>
    LowercaseCreditCode = 1 << 11,
    /// <summary>Mobile number with +86, spaces or hyphens: valid, stored as 11 digits.</summary>
    MobileNormalised = 1 << 12,
}

/// <summary>The check of one cell of the current row.</summary>
/// <param name="Empty">empty after trimming (value null, not a validity problem), or the field is unmapped.</param>
/// <param name="Issue">why a non-empty cell could not be typed, or None.</param>
/// <param name="Notes">form notes.</param>
/// <param name="DateForm">for Date/DateTime fields, the written form of a typed date.</param>
public readonly record struct CellOutcome(bool Empty, CellIssue Issue, CellNotes Notes, DateForm DateForm);

/// <summary>
/// Types the cells of the current row of an <see cref="ITabularSource"/> into one CLR value per <see cref="TargetField"/>
/// (see <see cref="StoredType"/>: string, long, decimal, DateOnly, DateTime, bool) and builds the row's <c>_bad</c> JSON
/// (field name → raw text of every non-empty cell that could not be typed; null when there was none).
/// Rules (docs/data-quality.md): every value is trimmed; non-Text fields also get full-width forms read as ASCII and
/// Excel's leading apostrophe removed; Integer/Decimal/Date/DateTime/Boolean through <see cref="ValueParser"/>
/// (dates in every Chinese form, Excel serials in date fields); IdCardNumber per GB 11643, CreditCode per GB 32100,
/// Kind Mobile per <see cref="MobileNumber"/>, Code against <see cref="TargetField.Codes"/>. Identifiers mangled by
/// Excel into scientific notation are detected and never repaired. Invalid cells: value null, raw text in <c>_bad</c>.
/// Single-threaded; reuses its buffers; the only allocations per cell are the text values themselves and boxes of
/// decimals and date-times (small integers, dates and booleans come from caches).
/// </summary>
public sealed class RowChecker
{
    private enum Plan : byte { Unmapped, Text, String, Code, IdCard, Credit, Mobile, Integer, Decimal, Date, DateTime, Boolean }

    private struct FieldPlan
    {
        public Plan Plan;
        public int Column;
        public string JsonName; // "\"name\":" escaped
        public Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Codes;
        public bool HasCodes;
        public StringCache? Strings;
    }

    /// <summary>
    /// Reuses the string of a recently seen equal value (256 entries, direct-mapped), so low-cardinality columns
    /// (学历, 民族, 街道 …) do not allocate per cell. Switches itself off for a column whose first 4,096 values are
    /// mostly distinct (names, e-mail addresses), where it would only cost time.
    /// </summary>
    private sealed class StringCache
    {
        private const int Size = 256, Trial = 4096, MaxLength = 48;
        private readonly string?[] entries = new string?[Size];
        private int lookups, hits;
        private bool off;

        public string Get(ReadOnlySpan<char> v, ITabularSource s, int column, bool unchanged)
        {
            if (off || v.Length > MaxLength) return unchanged ? s.GetString(column) : new string(v);
            var h = (uint)v.Length;
            foreach (var c in v) h = h * 31 + c;
            var i = (int)((h ^ (h >> 13)) & (Size - 1));
            var e = entries[i];
            if (lookups < Trial && ++lookups == Trial && hits < Trial / 2) off = true;
            if (e is not null && v.SequenceEqual(e))
            {
                hits++;
                return e;
            }
            return entries[i] = unchanged ? s.GetString(column) : new string(v);
        }
    }

    private static readonly object True = true, False = false;
    private static readonly object[] SmallLongs = MakeSmallLongs();
    private const double MaxExactDouble = 9007199254740992; // 2^53
    private const double ExcelDigitsLimit = 1e15;           // Excel keeps 15 significant digits

    private readonly FieldPlan[] plans;
    private readonly CellOutcome[] outcomes;
    private readonly DateOnly today;
    private char[] scratch = new char[256];
    private char[] bad = new char[256];
    private int badLength;
    private object?[]? dateBoxes;
    private ITabularSource? lastSource;
    private bool excel, typedSource;

    public IReadOnlyList<TargetField> Fields { get; }
    public SchemaMapping Mapping { get; }

    /// <summary>The outcome per field of the last checked row.</summary>
    public ReadOnlySpan<CellOutcome> Outcomes => outcomes;

    /// <summary>The values array filled by the last <see cref="Check"/>.</summary>
    public object?[]? Values { get; private set; }

    /// <summary>Cells of the last row that could not be typed.</summary>
    public int InvalidCells { get; private set; }

    /// <param name="today">China date of the load: birth dates in identifiers may not be later.</param>
    public RowChecker(IReadOnlyList<TargetField> fields, SchemaMapping mapping, DateOnly today)
    {
        if (mapping.Fields.Count != fields.Count) throw new ArgumentException("the mapping does not match the fields", nameof(mapping));
        Fields = fields;
        Mapping = mapping;
        this.today = today;
        plans = new FieldPlan[fields.Count];
        outcomes = new CellOutcome[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var m = mapping.Fields[i];
            if (!string.Equals(m.Field, f.Name, StringComparison.Ordinal)) throw new ArgumentException($"mapping entry {i} is '{m.Field}', field is '{f.Name}'", nameof(mapping));
            ref var p = ref plans[i];
            p.Column = m.Column;
            p.JsonName = "\"" + JsonEscape(f.Name) + "\":";
            p.Plan = m.Column < 0 ? Plan.Unmapped : PlanFor(f);
            if (p.Plan is Plan.Text or Plan.String or Plan.Code) p.Strings = new StringCache();
            if (p.Plan == Plan.Code && f.Codes is { Count: > 0 } codes)
            {
                var dict = new Dictionary<string, string>(codes.Count, StringComparer.Ordinal);
                foreach (var c in codes) dict.TryAdd(TextNormaliser.Normalise(c), c);
                p.Codes = dict.GetAlternateLookup<ReadOnlySpan<char>>();
                p.HasCodes = true;
            }
        }
    }

    private static Plan PlanFor(TargetField f) => f.StoredType switch
    {
        StoredType.Integer => Plan.Integer,
        StoredType.Decimal => Plan.Decimal,
        StoredType.Date => Plan.Date,
        StoredType.DateTime => Plan.DateTime,
        StoredType.Boolean => Plan.Boolean,
        _ when f.Kind == FieldKind.Mobile => Plan.Mobile,
        _ => f.Type switch
        {
            FieldType.IdCardNumber => Plan.IdCard,
            FieldType.CreditCode => Plan.Credit,
            FieldType.Code => Plan.Code,
            FieldType.String => Plan.String,
            _ => Plan.Text, // Text, Binary: free text, trimmed only
        },
    };

    /// <summary>
    /// Checks the current row of <paramref name="source"/>: fills <paramref name="values"/> (one per field, in field
    /// order; the array is not kept beyond the next call) and returns the row's <c>_bad</c> JSON or null.
    /// </summary>
    public string? Check(ITabularSource source, object?[] values)
    {
        if (values.Length < plans.Length) throw new ArgumentException($"need {plans.Length} values", nameof(values));
        if (!ReferenceEquals(source, lastSource))
        {
            lastSource = source;
            excel = source.Detection.Format is SourceFormat.Xlsx or SourceFormat.Xls;
            typedSource = source.Detection.Format is not SourceFormat.Csv;
        }
        badLength = 0;
        var invalid = 0;
        // values is exactly object?[] (checked below), so stores need no covariance check
        if (values.GetType() != typeof(object[])) throw new ArgumentException("values must be an object?[]", nameof(values));
        ref var slot = ref MemoryMarshal.GetArrayDataReference(values);
        for (var f = 0; f < plans.Length; f++)
        {
            ref var p = ref plans[f];
            ref var o = ref outcomes[f];
            if (p.Plan == Plan.Unmapped)
            {
                Unsafe.Add(ref slot, f) = null;
                o = new CellOutcome(true, CellIssue.None, CellNotes.None, DateForm.None);
                continue;
            }
            var raw = source.GetSpan(p.Column);
            if (IsBlank(raw))
            {
                Unsafe.Add(ref slot, f) = null;
                o = new CellOutcome(true, CellIssue.None, CellNotes.None, DateForm.None);
                continue;
            }
            Unsafe.Add(ref slot, f) = p.Plan switch
            {
                Plan.Text => CheckText(p.Strings!, source, p.Column, raw, out o),
                Plan.Integer => CheckInteger(source, p.Column, raw, out o),
                Plan.Decimal => CheckDecimal(source, p.Column, raw, out o),
                Plan.Date => CheckDate(raw, out o),
                Plan.DateTime => CheckDateTime(raw, out o),
                Plan.Boolean => CheckBoolean(raw, out o),
                _ => CheckIdentifierLike(ref p, source, raw, out o),
            };
            if (o.Issue != CellIssue.None)
            {
                invalid++;
                AppendBad(p.JsonName, raw);
            }
        }
        InvalidCells = invalid;
        Values = values;
        if (badLength == 0) return null;
        Append('}');
        return new string(bad, 0, badLength);
    }

    // ------------------------------------------------------------------ per type

    private static object CheckText(StringCache cache, ITabularSource s, int column, ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var t = Trim(raw);
        o = t.Length == raw.Length ? default : new CellOutcome(false, CellIssue.None, CellNotes.Whitespace, DateForm.None);
        return cache.Get(t, s, column, t.Length == raw.Length);
    }

    private object? CheckInteger(ITabularSource s, int column, ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var kind = typedSource ? s.GetKind(column) : CellKind.Text; // CSV cells are all text
        if (kind == CellKind.Number && excel && s.TryGetRawNumber(column, out var d))
        {
            // Excel's text of a large integer is "1.23457E+11": the stored double is the value
            o = default;
            if (Math.Floor(d) == d && Math.Abs(d) <= MaxExactDouble) return BoxLong((long)d);
            o = Bad(CellIssue.NotInteger);
            return null;
        }
        var r = ValueParser.Integer(raw);
        if (r.Ok)
        {
            o = new CellOutcome(false, CellIssue.None, NumberNotes(r.Notes, typedSource && kind == CellKind.Text), DateForm.None);
            return BoxLong(r.Value);
        }
        if (kind == CellKind.Number && s.TryGetRawNumber(column, out d) && Math.Floor(d) == d && Math.Abs(d) <= MaxExactDouble)
        {
            o = default; // a JSON number such as 3.5e1
            return BoxLong((long)d);
        }
        o = Bad(CellIssue.NotInteger);
        return null;
    }

    private object? CheckDecimal(ITabularSource s, int column, ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var kind = typedSource ? s.GetKind(column) : CellKind.Text;
        if (kind == CellKind.Number && excel && s.TryGetRawNumber(column, out var d) && double.IsFinite(d) && Math.Abs(d) < 7.9e28)
        {
            o = default; // Excel shows 10 significant digits; the stored double has Excel's 15
            return (decimal)d;
        }
        var r = ValueParser.Decimal(raw);
        if (r.Ok)
        {
            o = new CellOutcome(false, CellIssue.None, NumberNotes(r.Notes, typedSource && kind == CellKind.Text), DateForm.None);
            return r.Value;
        }
        o = Bad(CellIssue.NotDecimal);
        return null;
    }

    private object? CheckDate(ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var r = ValueParser.Date(raw, allowExcelSerial: true);
        if (!r.Ok)
        {
            o = Bad(CellIssue.NotDate);
            return null;
        }
        var notes = FormNotes(r.Notes);
        if (r.Form == DateForm.ExcelSerial) notes |= CellNotes.ExcelSerialDate;
        o = new CellOutcome(false, CellIssue.None, notes, r.Form);
        return BoxDate(r.Value);
    }

    private static object? CheckDateTime(ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var r = ValueParser.DateTime(raw, allowExcelSerial: true);
        if (!r.Ok)
        {
            o = Bad(CellIssue.NotDateTime);
            return null;
        }
        var notes = FormNotes(r.Notes);
        if (r.DateForm == DateForm.ExcelSerial) notes |= CellNotes.ExcelSerialDate;
        o = new CellOutcome(false, CellIssue.None, notes, r.DateForm);
        return r.Value;
    }

    private static object? CheckBoolean(ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var r = ValueParser.Boolean(raw);
        if (!r.Ok)
        {
            o = Bad(CellIssue.NotBoolean);
            return null;
        }
        o = new CellOutcome(false, CellIssue.None, FormNotes(r.Notes), DateForm.None);
        return r.Value ? True : False;
    }

    /// <summary>String, Code, IdCard, Credit and Mobile fields: normalise, detect scientific notation, check.</summary>
    private object? CheckIdentifierLike(ref FieldPlan p, ITabularSource s, ReadOnlySpan<char> raw, out CellOutcome o)
    {
        var notes = (CellNotes)0;
        ReadOnlySpan<char> v;
        if (IsClean(raw))
            v = raw; // nothing to trim, map or strip: most values
        else
        {
            if (scratch.Length < raw.Length + 32) scratch = new char[Math.Max(raw.Length + 32, scratch.Length * 2)];
            var changes = TextNormaliser.Normalise(raw, scratch, out var n);
            if ((changes & NormaliseChanges.Trimmed) != 0) notes |= CellNotes.Whitespace;
            if ((changes & NormaliseChanges.FullWidth) != 0) notes |= CellNotes.FullWidth;
            if ((changes & NormaliseChanges.OtherCharacters) != 0) notes |= CellNotes.OtherCharacters;
            v = scratch.AsSpan(0, n);
            if (v.Length > 0 && v[0] == '\'')
            {
                notes |= CellNotes.LeadingApostrophe;
                v = TextNormaliser.Trim(v[1..]);
                if (v.IsEmpty)
                {
                    o = new CellOutcome(true, CellIssue.None, notes, DateForm.None);
                    return null;
                }
            }
        }

        // scientific notation: a numeric Excel cell whose number has more digits than Excel keeps, or the text form
        if (excel && s.GetKind(p.Column) == CellKind.Number && s.TryGetRawNumber(p.Column, out var d))
        {
            if (Math.Abs(d) >= ExcelDigitsLimit)
            {
                o = Bad(CellIssue.ScientificNotation, notes);
                return null;
            }
            if (d >= 0 && Math.Floor(d) == d)
            {
                // ≤ 15 digits are exact in Excel: read the stored number, not its display ("5.20102E+11")
                notes |= CellNotes.IdentifierStoredAsNumber;
                if (!((long)d).TryFormat(scratch, out var digits, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException();
                v = scratch.AsSpan(0, digits);
            }
        }
        else if (ScientificNotationIdentifier.IsMatch(v))
        {
            o = Bad(CellIssue.ScientificNotation, notes);
            return null;
        }

        var unchanged = notes == CellNotes.None;
        switch (p.Plan)
        {
            case Plan.IdCard:
            {
                var r = ResidentIdNumber.Check(v, today);
                switch (r.Status)
                {
                    case ResidentIdStatus.Valid:
                        o = new CellOutcome(false, CellIssue.None, notes, DateForm.None);
                        return unchanged ? s.GetString(p.Column) : new string(v);
                    case ResidentIdStatus.LowercaseX:
                        o = new CellOutcome(false, CellIssue.None, notes | CellNotes.LowercaseX, DateForm.None);
                        return string.Concat(v[..17], "X");
                    case ResidentIdStatus.ValidLegacy15:
                        o = new CellOutcome(false, CellIssue.None, notes | CellNotes.Legacy15, DateForm.None);
                        return unchanged ? s.GetString(p.Column) : new string(v);
                    default:
                        o = Bad(r.Status switch
                        {
                            ResidentIdStatus.BadLength => CellIssue.IdBadLength,
                            ResidentIdStatus.BadCharacters => CellIssue.IdBadCharacters,
                            ResidentIdStatus.BadRegion => CellIssue.IdBadRegion,
                            ResidentIdStatus.BadBirthDate => CellIssue.IdBadBirthDate,
                            _ => CellIssue.IdBadCheckDigit,
                        }, notes);
                        return null;
                }
            }
            case Plan.Credit:
            {
                var r = UnifiedSocialCreditCode.Check(v);
                switch (r.Status)
                {
                    case CreditCodeStatus.Valid:
                        o = new CellOutcome(false, CellIssue.None, notes, DateForm.None);
                        return unchanged ? s.GetString(p.Column) : new string(v);
                    case CreditCodeStatus.LowercaseLetters:
                        o = new CellOutcome(false, CellIssue.None, notes | CellNotes.LowercaseCreditCode, DateForm.None);
                        return v.ToString().ToUpperInvariant();
                    default:
                        o = Bad(r.Status switch
                        {
                            CreditCodeStatus.BadLength => CellIssue.CreditBadLength,
                            CreditCodeStatus.BadCharacters => CellIssue.CreditBadCharacters,
                            CreditCodeStatus.BadRegistrationAuthority => CellIssue.CreditBadRegistrationAuthority,
                            CreditCodeStatus.BadOrganisationType => CellIssue.CreditBadOrganisationType,
                            CreditCodeStatus.BadRegion => CellIssue.CreditBadRegion,
                            CreditCodeStatus.BadOrganisationCode => CellIssue.CreditBadOrganisationCode,
                            _ => CellIssue.CreditBadCheckCharacter,
                        }, notes);
                        return null;
                }
            }
            case Plan.Mobile:
            {
                var r = MobileNumber.Check(v);
                switch (r.Status)
                {
                    case MobileStatus.Valid:
                        o = new CellOutcome(false, CellIssue.None, notes, DateForm.None);
                        return unchanged ? s.GetString(p.Column) : new string(v);
                    case MobileStatus.NeedsNormalisation:
                        o = new CellOutcome(false, CellIssue.None, notes | CellNotes.MobileNormalised, DateForm.None);
                        return r.Number.ToString(CultureInfo.InvariantCulture);
                    default:
                        o = Bad(r.Status switch
                        {
                            MobileStatus.BadLength => CellIssue.MobileBadLength,
                            MobileStatus.BadCharacters => CellIssue.MobileBadCharacters,
                            _ => CellIssue.MobileBadPrefix,
                        }, notes);
                        return null;
                }
            }
            case Plan.Code when p.HasCodes:
                if (p.Codes.TryGetValue(v, out var code))
                {
                    o = new CellOutcome(false, CellIssue.None, notes, DateForm.None);
                    return code;
                }
                o = Bad(CellIssue.NotInCodeList, notes);
                return null;
            default: // String, Code without a list
                o = new CellOutcome(false, CellIssue.None, notes, DateForm.None);
                return p.Strings is { } cache ? cache.Get(v, s, p.Column, unchanged) : unchanged ? s.GetString(p.Column) : new string(v);
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// True when <see cref="TextNormaliser.Normalise(ReadOnlySpan{char}, Span{char}, out int)"/> would change nothing
    /// and there is no leading apostrophe: no surrounding whitespace, no full-width form, U+3000, NBSP or U+2212.
    /// </summary>
    private static bool IsClean(ReadOnlySpan<char> s)
    {
        if (s[0] == '\'' || IsTrimmable(s[0]) || IsTrimmable(s[^1])) return false;
        foreach (var c in s)
            if (c >= '\u00A0' && (c is >= '\uFF01' and <= '\uFF5E' or '\u3000' or '\u00A0' or '\u2212')) return false;
        return true;
    }

    /// <summary><see cref="TextNormaliser.IsTrimmable"/>, decided at once for the usual characters (inlined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTrimmable(char c) => c <= ' ' ? TextNormaliser.IsTrimmable(c) : c >= '\u00A0' && TextNormaliser.IsTrimmable(c);

    /// <summary><see cref="TextNormaliser.Trim"/> with the inlined test.</summary>
    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsTrimmable(value[start])) start++;
        while (end > start && IsTrimmable(value[end - 1])) end--;
        return value[start..end];
    }

    /// <summary>Empty or whitespace only.</summary>
    private static bool IsBlank(ReadOnlySpan<char> raw) => raw.IsEmpty || (IsTrimmable(raw[0]) && Trim(raw).IsEmpty);

    private static CellOutcome Bad(CellIssue issue, CellNotes notes = CellNotes.None) => new(false, issue, notes, DateForm.None);

    private static CellNotes FormNotes(ValueNotes n)
    {
        var notes = (CellNotes)0;
        if ((n & ValueNotes.Trimmed) != 0) notes |= CellNotes.Whitespace;
        if ((n & ValueNotes.FullWidth) != 0) notes |= CellNotes.FullWidth;
        if ((n & ValueNotes.OtherCharacters) != 0) notes |= CellNotes.OtherCharacters;
        if ((n & ValueNotes.LeadingApostrophe) != 0) notes |= CellNotes.LeadingApostrophe;
        return notes;
    }

    private static CellNotes NumberNotes(ValueNotes n, bool textCell)
    {
        if (n == ValueNotes.None && !textCell) return CellNotes.None;
        var notes = FormNotes(n);
        if ((notes & CellNotes.LeadingApostrophe) != 0 || textCell)
            notes = (notes & ~CellNotes.LeadingApostrophe) | CellNotes.NumberStoredAsText;
        if ((n & ValueNotes.ThousandsSeparators) != 0) notes |= CellNotes.ThousandsSeparators;
        if ((n & ValueNotes.CurrencySymbol) != 0) notes |= CellNotes.CurrencySymbol;
        return notes;
    }

    private static object BoxLong(long v) => (ulong)v < (ulong)SmallLongs.Length ? SmallLongs[v] : v;

    private static object[] MakeSmallLongs()
    {
        var a = new object[4096];
        for (var i = 0; i < a.Length; i++) a[i] = (long)i;
        return a;
    }

    private static readonly int DateBoxBase = new DateOnly(1850, 1, 1).DayNumber, DateBoxEnd = new DateOnly(2150, 1, 1).DayNumber;

    private object BoxDate(DateOnly d)
    {
        var i = d.DayNumber - DateBoxBase;
        if ((uint)i >= (uint)(DateBoxEnd - DateBoxBase)) return d;
        dateBoxes ??= new object?[DateBoxEnd - DateBoxBase];
        return dateBoxes[i] ??= d;
    }

    private void AppendBad(string jsonName, ReadOnlySpan<char> raw)
    {
        Append(badLength == 0 ? '{' : ',');
        foreach (var c in jsonName) Append(c);
        Append('"');
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            switch (c)
            {
                case '"': Append('\\'); Append('"'); break;
                case '\\': Append('\\'); Append('\\'); break;
                case '\n': Append('\\'); Append('n'); break;
                case '\r': Append('\\'); Append('r'); break;
                case '\t': Append('\\'); Append('t'); break;
                default:
                    if (c < ' ')
                    {
                        Append('\\'); Append('u'); Append('0'); Append('0');
                        Append("0123456789abcdef"[c >> 4]); Append("0123456789abcdef"[c & 15]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1])) { Append(c); Append(raw[++i]); }
                        else Append('\uFFFD'); // a lone surrogate is not valid JSON text
                    }
                    else Append(c);
                    break;
            }
        }
        Append('"');
    }

    private void Append(char c)
    {
        if (badLength == bad.Length) Array.Resize(ref bad, bad.Length * 2);
        bad[badLength++] = c;
    }

    /// <summary>Escapes a string for a JSON string literal (non-ASCII kept as is).</summary>
    internal static string JsonEscape(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
