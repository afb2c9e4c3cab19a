namespace Shuzhi.Core.Identifiers;

/// <summary>Level of a GB/T 2260 administrative-division code, read from its shape.</summary>
public enum DivisionLevel : byte { None, Province, Prefecture, County }

public enum DivisionCodeStatus : byte { Valid, BadLength, BadCharacters, BadProvince }

public readonly record struct DivisionCodeCheck(DivisionCodeStatus Status, DivisionLevel Level)
{
    public bool IsValid => Status == DivisionCodeStatus.Valid;
}

/// <summary>
/// 行政区划代码 (GB/T 2260): six digits; the first two name a province-level division.
/// What is checked: length 6, ASCII digits, and that the province prefix is one of the province-level codes
/// (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 台湾, 81 香港, 82 澳门). Prefecture and county digits are NOT
/// checked against the (yearly changing) code list — that belongs to a code-list check with a dated table.
/// The level is read from the shape: xx0000 province, xxyy00 prefecture, otherwise county.
/// </summary>
public static class DivisionCode
{
    /// <summary>True when <paramref name="twoDigits"/> (0–99) is a province-level code of GB/T 2260.</summary>
    public static bool IsProvinceCode(int twoDigits) => twoDigits switch
    {
        >= 11 and <= 15 => true,
        >= 21 and <= 23 => true,
        >= 31 and <= 37 => true,
        >= 41 and <= 46 => true,
        >= 50 and <= 54 => true,
        >= 61 and <= 65 => true,
        71 or 81 or 82 => true,
        _ => false,
    };

    /// <summary>Province check on two ASCII digit characters; false when they are not digits.</summary>
    public static bool IsProvincePrefix(char a, char b)
        => (uint)(a - '0') <= 9 && (uint)(b - '0') <= 9 && IsProvinceCode((a - '0') * 10 + (b - '0'));

    public static DivisionCodeCheck Check(ReadOnlySpan<char> value)
    {
        if (value.Length != 6) return new(DivisionCodeStatus.BadLength, DivisionLevel.None);
        foreach (var c in value)
            if ((uint)(c - '0') > 9) return new(DivisionCodeStatus.BadCharacters, DivisionLevel.None);
        if (!IsProvincePrefix(value[0], value[1])) return new(DivisionCodeStatus.BadProvince, DivisionLevel.None);
        var level = value[2..].SequenceEqual("0000") ? DivisionLevel.Province
            : value[4..].SequenceEqual("00") ? DivisionLevel.Prefecture
            : DivisionLevel.County;
        return new(DivisionCodeStatus.Valid, level);
    }
}
