namespace Shuzhi.Core.Identifiers;

/// <summary>Outcome of checking a 居民身份证号码, most specific first. Checks run in this order and stop at the first failure.</summary>
public enum ResidentIdStatus : byte
{
    /// <summary>18 characters, all rules met, check character an upper-case X or a digit.</summary>
    Valid,
    /// <summary>15-digit first-generation number with a plausible region and birth date (no check digit exists).</summary>
    ValidLegacy15,
    /// <summary>Valid except that the check character is a lower-case 'x' — accept, but normalise to 'X'.</summary>
    LowercaseX,
    /// <summary>Neither 15 nor 18 characters.</summary>
    BadLength,
    /// <summary>A character other than an ASCII digit (or X/x in the last position of an 18-character number).</summary>
    BadCharacters,
    /// <summary>The first two digits are not a GB/T 2260 province-level code.</summary>
    BadRegion,
    /// <summary>The birth date is not a calendar date, is before 1850-01-01, or is after "today".</summary>
    BadBirthDate,
    /// <summary>The ISO 7064 MOD 11-2 check character does not match.</summary>
    BadCheckDigit,
}

/// <param name="Status">the outcome.</param>
/// <param name="ExpectedCheck">the check character computed from the first 17 digits ('0'–'9' or 'X'); for a 15-digit
/// number, the check character of its 18-digit conversion; '\0' when it cannot be computed (bad length/characters).</param>
/// <param name="BirthDate">the birth date when it could be read.</param>
public readonly record struct ResidentIdCheck(ResidentIdStatus Status, char ExpectedCheck, DateOnly? BirthDate)
{
    /// <summary>Valid, ValidLegacy15 or LowercaseX: the number identifies a person (possibly after normalisation).</summary>
    public bool IsAcceptable => Status is ResidentIdStatus.Valid or ResidentIdStatus.ValidLegacy15 or ResidentIdStatus.LowercaseX;
}

/// <summary>
/// 公民身份号码 per GB 11643-1999: 6-digit address code (GB/T 2260) + 8-digit birth date YYYYMMDD + 3-digit sequence
/// (odd = male) + 1 check character by ISO 7064:1983 MOD 11-2 (weights 2^(17-i) mod 11, '10' written as 'X').
/// First-generation 15-digit numbers (YYMMDD, century 19, no check character) are accepted as legacy and convertible.
/// Checked: length, characters, province-level prefix of the address code (the remaining four digits are not checked
/// against a dated code list), birth date (a real date, not before 1850-01-01, not after the given today), check character.
/// Input is expected trimmed and half-width (see <c>TextNormaliser</c>); nothing is allocated.
/// </summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432"; // indexed by (sum mod 11)
    private static readonly DateOnly Earliest = new(1850, 1, 1);

    /// <summary>The check character for 17 ASCII digits. Throws when the input is not 17 ASCII digits.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("need exactly 17 digits", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if ((uint)d > 9) throw new ArgumentException("need exactly 17 digits", nameof(first17));
            sum += d * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    public static ResidentIdCheck Check(ReadOnlySpan<char> value, DateOnly today)
    {
        if (value.Length == 15) return CheckLegacy(value, today);
        if (value.Length != 18) return new(ResidentIdStatus.BadLength, '\0', null);
        for (var i = 0; i < 17; i++)
            if ((uint)(value[i] - '0') > 9) return new(ResidentIdStatus.BadCharacters, '\0', null);
        var last = value[17];
        if ((uint)(last - '0') > 9 && last != 'X' && last != 'x') return new(ResidentIdStatus.BadCharacters, '\0', null);
        var expected = ComputeCheckCharacter(value[..17]);
        if (!DivisionCode.IsProvincePrefix(value[0], value[1])) return new(ResidentIdStatus.BadRegion, expected, null);
        if (!TryBirth(Num(value, 6, 4), Num(value, 10, 2), Num(value, 12, 2), today, out var birth))
            return new(ResidentIdStatus.BadBirthDate, expected, null);
        if (last == 'x')
            return new(expected == 'X' ? ResidentIdStatus.LowercaseX : ResidentIdStatus.BadCheckDigit, expected, birth);
        return new(last == expected ? ResidentIdStatus.Valid : ResidentIdStatus.BadCheckDigit, expected, birth);
    }

    private static ResidentIdCheck CheckLegacy(ReadOnlySpan<char> value, DateOnly today)
    {
        foreach (var c in value)
            if ((uint)(c - '0') > 9) return new(ResidentIdStatus.BadCharacters, '\0', null);
        Span<char> full = stackalloc char[18];
        ConvertDigits(value, full);
        var expected = full[17];
        if (!DivisionCode.IsProvincePrefix(value[0], value[1])) return new(ResidentIdStatus.BadRegion, expected, null);
        if (!TryBirth(1900 + Num(value, 6, 2), Num(value, 8, 2), Num(value, 10, 2), today, out var birth))
            return new(ResidentIdStatus.BadBirthDate, expected, null);
        return new(ResidentIdStatus.ValidLegacy15, expected, birth);
    }

    /// <summary>
    /// Converts a 15-digit legacy number to 18 digits (insert "19" before YYMMDD, append the computed check character)
    /// into <paramref name="destination"/> (at least 18 chars). False when the input is not 15 ASCII digits.
    /// Does not validate region or date — call <see cref="Check"/> first.
    /// </summary>
    public static bool TryConvertLegacy(ReadOnlySpan<char> legacy15, Span<char> destination)
    {
        if (legacy15.Length != 15 || destination.Length < 18) return false;
        foreach (var c in legacy15)
            if ((uint)(c - '0') > 9) return false;
        ConvertDigits(legacy15, destination);
        return true;
    }

    /// <summary>String convenience over <see cref="TryConvertLegacy"/>; null when the input is not 15 digits.</summary>
    public static string? ConvertLegacy(string legacy15)
    {
        Span<char> buf = stackalloc char[18];
        return TryConvertLegacy(legacy15, buf) ? new string(buf) : null;
    }

    /// <summary>
    /// The canonical 18-character form of an acceptable number (upper-case X; a legacy 15-digit number converted),
    /// or null when <see cref="Check"/> does not accept it. The caller decides whether to store it; nothing else is changed.
    /// </summary>
    public static string? Canonical(string value, DateOnly today)
    {
        var r = Check(value, today);
        return r.Status switch
        {
            ResidentIdStatus.Valid => value,
            ResidentIdStatus.LowercaseX => string.Concat(value.AsSpan(0, 17), "X"),
            ResidentIdStatus.ValidLegacy15 => ConvertLegacy(value),
            _ => null,
        };
    }

    private static void ConvertDigits(ReadOnlySpan<char> legacy15, Span<char> dest)
    {
        legacy15[..6].CopyTo(dest);
        dest[6] = '1';
        dest[7] = '9';
        legacy15[6..].CopyTo(dest[8..]);
        dest[17] = ComputeCheckCharacter(dest[..17]);
    }

    private static int Num(ReadOnlySpan<char> s, int start, int length)
    {
        var n = 0;
        for (var i = start; i < start + length; i++) n = n * 10 + (s[i] - '0');
        return n;
    }

    private static bool TryBirth(int y, int m, int d, DateOnly today, out DateOnly birth)
    {
        birth = default;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        birth = new DateOnly(y, m, d);
        return birth >= Earliest && birth <= today;
    }
}
