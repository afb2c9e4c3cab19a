namespace Shuzhi.Core.Datasets;

/// <param name="IsMatch">true when the value looks like an identifier that Excel displayed in scientific notation.</param>
/// <param name="Exponent">the decimal exponent (17 for "1.10101E+17": the original had 18 digits).</param>
/// <param name="MantissaDigits">significant digits that survived (6 for "1.10101E+17"); the rest are lost.</param>
public readonly record struct ScientificNotationMatch(bool IsMatch, int Exponent, int MantissaDigits)
{
    /// <summary>How many digits the original number had (exponent + 1).</summary>
    public int OriginalDigits => IsMatch ? Exponent + 1 : 0;
}

/// <summary>
/// Detects identifiers that Excel turned into scientific notation ("1.10101E+17", "5.20102e+17", "1.38001E+10"):
/// a mantissa d[.ddd] and an exponent of at least <see cref="MinExponent"/> (mobile numbers have 11 digits = E+10).
/// Such a value has lost digits for good: it is detected and reported, NEVER repaired. Only meaningful in identifier
/// and text columns (in a decimal column "1.5E+10" may be a legitimate amount) — the caller decides.
/// </summary>
public static class ScientificNotationIdentifier
{
    public const int MinExponent = 10;

    public static bool IsMatch(ReadOnlySpan<char> value) => Inspect(value).IsMatch;

    public static ScientificNotationMatch Inspect(ReadOnlySpan<char> value)
    {
        var s = TextNormaliser.Trim(value);
        if (s.Length is < 4 or > 40) return default;
        var i = 0;
        if ((uint)(s[0] - '1') > 8) return default; // leading digit 1–9
        i++;
        var mantissa = 1;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
            if (i == start) return default;
            mantissa += i - start;
        }
        if (i >= s.Length || s[i] is not ('E' or 'e')) return default;
        i++;
        if (i < s.Length && s[i] == '+') i++;
        var expStart = i;
        var exp = 0;
        while (i < s.Length && (uint)(s[i] - '0') <= 9 && i - expStart < 3) exp = exp * 10 + (s[i++] - '0');
        if (i == expStart || i != s.Length || exp < MinExponent) return default;
        return new(true, exp, mantissa);
    }
}

/// <summary>Machine-readability problems of one cell (flags).</summary>
[Flags]
public enum ReadabilityIssues : byte
{
    None = 0,
    /// <summary>Leading/trailing spaces, U+3000, NBSP, zero-width space.</summary>
    SurroundingWhitespace = 1,
    /// <summary>Full-width digits, letters or punctuation.</summary>
    FullWidthCharacters = 2,
    /// <summary>Excel's text marker "'" at the start.</summary>
    LeadingApostrophe = 4,
    /// <summary>A number that is only readable after removing whitespace, apostrophe or full-width forms ("'123", "１２３", " 123 ").</summary>
    NumberStoredAsText = 8,
    /// <summary>An identifier mangled into scientific notation ("1.10101E+17").</summary>
    ScientificNotationIdentifier = 16,
}

/// <summary>Per-cell machine-readability inspection; allocation-free.</summary>
public static class MachineReadability
{
    public static ReadabilityIssues Inspect(ReadOnlySpan<char> value)
    {
        if (value.Length == 0) return ReadabilityIssues.None;
        var issues = ReadabilityIssues.None;
        var trimmed = TextNormaliser.Trim(value);
        if (trimmed.Length != value.Length) issues |= ReadabilityIssues.SurroundingWhitespace;
        foreach (var c in trimmed)
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000') { issues |= ReadabilityIssues.FullWidthCharacters; break; }
        if (trimmed.Length > 0 && trimmed[0] is '\'' or '\uFF07') issues |= ReadabilityIssues.LeadingApostrophe;
        var unmarked = (issues & ReadabilityIssues.LeadingApostrophe) != 0 ? trimmed[1..] : trimmed;
        if (ScientificNotationIdentifier.IsMatch(unmarked)) issues |= ReadabilityIssues.ScientificNotationIdentifier;
        if (issues != ReadabilityIssues.None && trimmed.Length > 0)
        {
            var d = ValueParser.Decimal(value);
            if (d.Ok && (d.Notes & (ValueNotes.Trimmed | ValueNotes.FullWidth | ValueNotes.LeadingApostrophe | ValueNotes.OtherCharacters)) != 0)
                issues |= ReadabilityIssues.NumberStoredAsText;
        }
        return issues;
    }
}
