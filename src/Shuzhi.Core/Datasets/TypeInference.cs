using Shuzhi.Core.Identifiers;

namespace Shuzhi.Core.Datasets;

/// <summary>The type of a column's values.</summary>
public enum ColumnType : byte { Text, Integer, Decimal, Date, DateTime, Boolean, ResidentId, CreditCode, Mobile }

/// <summary>How many sampled non-empty values fit one candidate type.</summary>
public readonly record struct TypeFit(ColumnType Type, int Fits);

/// <param name="Type">the inferred type.</param>
/// <param name="Share">share (0–1) of sampled non-empty values that fit it (their shape, for identifiers; 1 for Text; 0 when empty).</param>
/// <param name="Sampled">non-empty values looked at.</param>
/// <param name="HeaderHint">the type the header name suggested, if any.</param>
/// <param name="Fits">fits per candidate type, for the quality report and the mapping UI.</param>
/// <param name="ScientificNotationIdentifiers">sampled values that are identifiers mangled by Excel ("1.10101E+17").</param>
public sealed record InferredColumn(ColumnType Type, double Share, int Sampled, ColumnType? HeaderHint,
    IReadOnlyList<TypeFit> Fits, int ScientificNotationIdentifiers);

/// <summary>
/// Infers a column's type from a sample of its values (up to <see cref="SampleLimit"/> non-empty ones) and its header.
/// Rules, in order (share = fitting ÷ non-empty sampled values):
/// 1. identifier columns — the header names an identifier (身份证号, 公民身份号码, 证件号码, 统一社会信用代码, 信用代码,
///    手机号, 联系电话 …) and at least half of the values have its shape, or any identifier shape reaches 90 %.
///    Shape = the right length and characters, whatever the check digit (so bad check digits are reported by the
///    quality check, not hidden by the inference); values mangled into scientific notation count as shaped.
///    An 18-character value can be both a resident id and a credit code; the one with more fully valid values wins.
/// 2. Boolean ≥ 90 %, unless every value is 0/1 (then Integer).
/// 3. Date ≥ 90 % (Excel serials count only when the header names a date: 日期, 时间, 生日, date …).
/// 4. Integer ≥ 90 %, then Decimal ≥ 90 % (integers count as decimals), then DateTime ≥ 90 % (dates count as date-times).
/// 5. otherwise Text.
/// </summary>
public static class TypeInference
{
    public const int SampleLimit = 1000;
    public const double Threshold = 0.9;
    public const double HintedIdentifierThreshold = 0.5;

    private static readonly (string Word, ColumnType Type)[] HeaderWords =
    [
        ("统一社会信用代码", ColumnType.CreditCode), ("社会信用代码", ColumnType.CreditCode), ("信用代码", ColumnType.CreditCode),
        ("uscc", ColumnType.CreditCode), ("creditcode", ColumnType.CreditCode),
        ("公民身份号码", ColumnType.ResidentId), ("身份证", ColumnType.ResidentId), ("身份号码", ColumnType.ResidentId),
        ("证件号", ColumnType.ResidentId), ("idcard", ColumnType.ResidentId), ("idnumber", ColumnType.ResidentId),
        ("手机", ColumnType.Mobile), ("移动电话", ColumnType.Mobile), ("联系电话", ColumnType.Mobile), ("联系方式", ColumnType.Mobile),
        ("电话", ColumnType.Mobile), ("mobile", ColumnType.Mobile), ("phone", ColumnType.Mobile),
        ("是否", ColumnType.Boolean),
        ("时间", ColumnType.DateTime), ("datetime", ColumnType.DateTime), ("timestamp", ColumnType.DateTime),
        ("日期", ColumnType.Date), ("生日", ColumnType.Date), ("出生年月", ColumnType.Date), ("date", ColumnType.Date),
    ];

    /// <summary>The type a header name suggests (case-insensitive substring match after normalisation), or null.</summary>
    public static ColumnType? HeaderHintFor(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var h = TextNormaliser.Normalise(header).Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (var (word, type) in HeaderWords)
            if (h.Contains(word, StringComparison.OrdinalIgnoreCase)) return type;
        return null;
    }

    public static InferredColumn Infer(string? header, IEnumerable<string?> values, DateOnly today)
    {
        var hint = HeaderHintFor(header);
        var dateHint = hint is ColumnType.Date or ColumnType.DateTime;
        int n = 0, integer = 0, dec = 0, date = 0, dateTime = 0, boolean = 0, booleanNot01 = 0;
        int idShape = 0, idValid = 0, ccShape = 0, ccValid = 0, mobShape = 0, sci18 = 0, sci11 = 0;
        Span<char> buf = stackalloc char[64];
        foreach (var raw in values)
        {
            if (raw is null) continue;
            var t = TextNormaliser.Trim(raw);
            if (t.Length == 0) continue;
            if (++n > SampleLimit) { n--; break; }

            scoped ReadOnlySpan<char> v = t;
            if (t.Length <= buf.Length)
            {
                TextNormaliser.Normalise(t, buf, out var w);
                v = buf[..w];
                if (v.Length > 0 && v[0] == '\'') v = v[1..];
            }

            var sci = ScientificNotationIdentifier.Inspect(v);
            if (sci.IsMatch)
            {
                if (sci.Exponent is 14 or 17) sci18++;
                else if (sci.Exponent == 10) sci11++;
            }

            if (v.Length is 15 or 18 && IsResidentIdShape(v))
            {
                idShape++;
                if (ResidentIdNumber.Check(v, today).IsAcceptable) idValid++;
            }
            if (v.Length == 18 && IsCreditCodeShape(v))
            {
                ccShape++;
                if (UnifiedSocialCreditCode.Check(v).IsAcceptable) ccValid++;
            }
            var m = MobileNumber.Check(v);
            if (m.Status is not (MobileStatus.BadCharacters or MobileStatus.BadLength)) mobShape++;

            var b = ValueParser.Boolean(v);
            if (b.Ok) { boolean++; if (b.Form != BooleanForm.OneZero) booleanNot01++; }
            if (ValueParser.Integer(v).Ok) integer++;
            if (ValueParser.Decimal(v).Ok) dec++;
            if (ValueParser.Date(v, dateHint).Ok) date++;
            if (ValueParser.DateTime(v, dateHint).Ok) dateTime++;
        }

        var fits = new List<TypeFit>
        {
            new(ColumnType.ResidentId, idShape + sci18), new(ColumnType.CreditCode, ccShape + sci18),
            new(ColumnType.Mobile, mobShape + sci11), new(ColumnType.Boolean, boolean), new(ColumnType.Date, date),
            new(ColumnType.Integer, integer), new(ColumnType.Decimal, dec), new(ColumnType.DateTime, dateTime),
        };
        if (n == 0) return new(ColumnType.Text, 0, 0, hint, fits, 0);
        double Share(int k) => (double)k / n;
        var sciCount = sci18 + sci11;
        InferredColumn Result(ColumnType type, int k) => new(type, Share(k), n, hint, fits, sciCount);

        var idFits = idShape + sci18;
        var ccFits = ccShape + sci18;
        var mobFits = mobShape + sci11;
        if (hint == ColumnType.ResidentId && Share(idFits) >= HintedIdentifierThreshold) return Result(ColumnType.ResidentId, idFits);
        if (hint == ColumnType.CreditCode && Share(ccFits) >= HintedIdentifierThreshold) return Result(ColumnType.CreditCode, ccFits);
        if (hint == ColumnType.Mobile && Share(mobFits) >= HintedIdentifierThreshold) return Result(ColumnType.Mobile, mobFits);
        var idOk = Share(idFits) >= Threshold;
        var ccOk = Share(ccFits) >= Threshold;
        if (idOk && (!ccOk || idValid >= ccValid)) return Result(ColumnType.ResidentId, idFits);
        if (ccOk) return Result(ColumnType.CreditCode, ccFits);
        if (Share(mobFits) >= Threshold) return Result(ColumnType.Mobile, mobFits);
        if (Share(boolean) >= Threshold && (booleanNot01 > 0 || hint == ColumnType.Boolean)) return Result(ColumnType.Boolean, boolean);
        if (Share(date) >= Threshold && hint != ColumnType.DateTime) return Result(ColumnType.Date, date);
        if (Share(integer) >= Threshold) return Result(ColumnType.Integer, integer);
        if (Share(dec) >= Threshold) return Result(ColumnType.Decimal, dec);
        if (Share(dateTime) >= Threshold) return Result(ColumnType.DateTime, dateTime);
        return new(ColumnType.Text, 1, n, hint, fits, sciCount);
    }

    /// <summary>15 digits, or 17 digits and a digit/X/x.</summary>
    public static bool IsResidentIdShape(ReadOnlySpan<char> v)
    {
        if (v.Length == 15)
        {
            foreach (var c in v) if ((uint)(c - '0') > 9) return false;
            return true;
        }
        if (v.Length != 18) return false;
        for (var i = 0; i < 17; i++) if ((uint)(v[i] - '0') > 9) return false;
        return (uint)(v[17] - '0') <= 9 || v[17] is 'X' or 'x';
    }

    /// <summary>18 characters from the GB 32100 alphabet (any case).</summary>
    public static bool IsCreditCodeShape(ReadOnlySpan<char> v)
    {
        if (v.Length != 18) return false;
        foreach (var c in v)
            if (UnifiedSocialCreditCode.ValueOf(c is >= 'a' and <= 'z' ? (char)(c - 32) : c) < 0) return false;
        return true;
    }
}
