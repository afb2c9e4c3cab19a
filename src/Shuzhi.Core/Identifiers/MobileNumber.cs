namespace Shuzhi.Core.Identifiers;

public enum MobileStatus : byte
{
    /// <summary>Exactly 11 ASCII digits starting 13–19.</summary>
    Valid,
    /// <summary>A valid number once the +86/86/0086 prefix, spaces and hyphens are removed — accept, but normalise.</summary>
    NeedsNormalisation,
    /// <summary>Not 11 digits (after removing prefix and separators).</summary>
    BadLength,
    /// <summary>A character other than digits, spaces, hyphens and a leading '+'.</summary>
    BadCharacters,
    /// <summary>11 digits that do not start with 13–19.</summary>
    BadPrefix,
}

/// <param name="Number">the 11-digit number as an integer (e.g. 13800138000), 0 when not acceptable.</param>
public readonly record struct MobileCheck(MobileStatus Status, long Number)
{
    public bool IsAcceptable => Status is MobileStatus.Valid or MobileStatus.NeedsNormalisation;
    /// <summary>The normalised 11 digits, or null.</summary>
    public string? Normalised => IsAcceptable ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// Mainland China mobile numbers: 11 digits, first digit 1, second 3–9 (the 13x–19x segments).
/// Tolerated (reported as <see cref="MobileStatus.NeedsNormalisation"/>): a leading +86, 86 or 0086 country code, and
/// spaces or hyphens anywhere (e.g. "+86 138-0013-8000"). Segment lists per carrier are not checked (they change).
/// </summary>
public static class MobileNumber
{
    public static MobileCheck Check(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[16];
        var n = 0;
        var changed = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if ((uint)(c - '0') <= 9)
            {
                if (n == digits.Length) return new(MobileStatus.BadLength, 0);
                digits[n++] = c;
            }
            else if (c is ' ' or '-') changed = true;
            else if (c == '+' && n == 0 && !changed) changed = true;
            else return new(MobileStatus.BadCharacters, 0);
        }
        ReadOnlySpan<char> d = digits[..n];
        if (n == 15 && d.StartsWith("0086")) { d = d[4..]; changed = true; }
        else if (n == 13 && d.StartsWith("86")) { d = d[2..]; changed = true; }
        else if (value.Length > 0 && value[0] == '+') return new(MobileStatus.BadCharacters, 0); // '+' without 86
        if (d.Length != 11) return new(MobileStatus.BadLength, 0);
        if (d[0] != '1' || d[1] < '3') return new(MobileStatus.BadPrefix, 0);
        long number = 0;
        foreach (var c in d) number = number * 10 + (c - '0');
        return new(changed ? MobileStatus.NeedsNormalisation : MobileStatus.Valid, number);
    }
}
