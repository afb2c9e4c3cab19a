namespace Shuzhi.Core.Identifiers;

/// <summary>Outcome of checking a 统一社会信用代码. Checks run in this order and stop at the first failure.</summary>
public enum CreditCodeStatus : byte
{
    /// <summary>All rules met, upper-case.</summary>
    Valid,
    /// <summary>Valid once lower-case letters are upper-cased — accept, but normalise.</summary>
    LowercaseLetters,
    /// <summary>Not 18 characters.</summary>
    BadLength,
    /// <summary>A character outside 0-9 A-H J-N P-R T-U W-Y (I, O, Z, S and V are never used).</summary>
    BadCharacters,
    /// <summary>1st character is not a registration-authority code (1–9, A, N, Y).</summary>
    BadRegistrationAuthority,
    /// <summary>2nd character is not an organisation-type code (a digit 1–9).</summary>
    BadOrganisationType,
    /// <summary>Characters 3–8 are not six digits with a province-level prefix (or 10, national).</summary>
    BadRegion,
    /// <summary>Characters 9–17 (the GB 11714 organisation code) fail their own MOD 11 check character.</summary>
    BadOrganisationCode,
    /// <summary>The 18th character (MOD 31) does not match.</summary>
    BadCheckCharacter,
}

/// <param name="ExpectedCheck">the check character computed from the first 17 characters (upper-cased), or '\0'.</param>
public readonly record struct CreditCodeCheck(CreditCodeStatus Status, char ExpectedCheck)
{
    public bool IsAcceptable => Status is CreditCodeStatus.Valid or CreditCodeStatus.LowercaseLetters;
}

/// <summary>
/// 法人和其他组织统一社会信用代码 per GB 32100-2015: 18 characters from the 31-character set
/// 0123456789ABCDEFGHJKLMNPQRTUWXY —
/// 1 registration-authority code, 1 organisation-type code, 6 digits administrative-division code (GB/T 2260),
/// 9 characters 主体标识码 (the organisation code of GB 11714-1997, with its own MOD 11 check character),
/// 1 check character: C18 = 31 − (Σ value(Ci)·Wi mod 31), 31 → 0, with Wi = 3^(i−1) mod 31
/// (1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28).
/// Registration authorities accepted: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管(工商),
/// A 中央军委改革和编制办公室, N 农业农村, Y 其他 (GB 32100-2015 appendix and the later code-assignment notices).
/// Organisation types are digits 1–9 under every authority; the specific list per authority is not enforced.
/// Region: the first two digits must be a province-level code or 10 (national: codes issued by central authorities).
/// Input is expected trimmed and half-width; lower-case letters are tolerated and reported.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Value 0–30 of an upper-case character in the GB 32100 alphabet, −1 otherwise.</summary>
    public static int ValueOf(char c)
    {
        if ((uint)(c - '0') <= 9) return c - '0';
        return c switch
        {
            >= 'A' and <= 'H' => c - 'A' + 10,      // A..H = 10..17
            >= 'J' and <= 'N' => c - 'J' + 18,      // J..N = 18..22
            >= 'P' and <= 'R' => c - 'P' + 23,      // P..R = 23..25
            'T' => 26, 'U' => 27,
            >= 'W' and <= 'Y' => c - 'W' + 28,      // W..Y = 28..30
            _ => -1,
        };
    }

    private static char Upper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;

    /// <summary>The check character for 17 characters (case-insensitive). Throws on a character outside the alphabet.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("need exactly 17 characters", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = ValueOf(Upper(first17[i]));
            if (v < 0) throw new ArgumentException($"'{first17[i]}' is not in the GB 32100 alphabet", nameof(first17));
            sum += v * Weights[i];
        }
        var c = 31 - sum % 31;
        return Alphabet[c == 31 ? 0 : c];
    }

    /// <summary>GB 11714 check character of an 8-character organisation-code body (letters A–Z = 10–35): 11 − Σ mod 11; 10 → X, 11 → 0.</summary>
    public static char ComputeOrganisationCodeCheck(ReadOnlySpan<char> body8)
    {
        if (body8.Length != 8) throw new ArgumentException("need exactly 8 characters", nameof(body8));
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = Upper(body8[i]);
            int v = (uint)(c - '0') <= 9 ? c - '0' : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : throw new ArgumentException("not alphanumeric", nameof(body8));
            sum += v * OrgWeights[i];
        }
        var r = 11 - sum % 11;
        return r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
    }

    /// <summary>The upper-case form of an acceptable code, or null when <see cref="Check"/> does not accept it.</summary>
    public static string? Canonical(string value) => Check(value).Status switch
    {
        CreditCodeStatus.Valid => value,
        CreditCodeStatus.LowercaseLetters => value.ToUpperInvariant(),
        _ => null,
    };

    public static bool IsRegistrationAuthority(char c) => c is (>= '1' and <= '9') or 'A' or 'N' or 'Y';

    public static CreditCodeCheck Check(ReadOnlySpan<char> value)
    {
        if (value.Length != 18) return new(CreditCodeStatus.BadLength, '\0');
        var lower = false;
        foreach (var c in value)
        {
            if (c is >= 'a' and <= 'z') lower = true;
            if (ValueOf(Upper(c)) < 0) return new(CreditCodeStatus.BadCharacters, '\0');
        }
        var expected = ComputeCheckCharacter(value[..17]);
        if (!IsRegistrationAuthority(Upper(value[0]))) return new(CreditCodeStatus.BadRegistrationAuthority, expected);
        if (value[1] is < '1' or > '9') return new(CreditCodeStatus.BadOrganisationType, expected);
        for (var i = 2; i < 8; i++)
            if ((uint)(value[i] - '0') > 9) return new(CreditCodeStatus.BadRegion, expected);
        if (!(DivisionCode.IsProvincePrefix(value[2], value[3]) || (value[2] == '1' && value[3] == '0')))
            return new(CreditCodeStatus.BadRegion, expected);
        if (Upper(value[16]) != ComputeOrganisationCodeCheck(value[8..16])) return new(CreditCodeStatus.BadOrganisationCode, expected);
        if (Upper(value[17]) != expected) return new(CreditCodeStatus.BadCheckCharacter, expected);
        return new(lower ? CreditCodeStatus.LowercaseLetters : CreditCodeStatus.Valid, expected);
    }
}
