namespace Shuzhi.Core.Datasets;

/// <summary>What <see cref="TextNormaliser"/> changed in a value.</summary>
[Flags]
public enum NormaliseChanges : byte
{
    None = 0,
    /// <summary>Leading or trailing whitespace removed (ASCII space, tab, CR, LF, U+3000, NBSP, U+200B, U+FEFF).</summary>
    Trimmed = 1,
    /// <summary>Full-width characters U+FF01–U+FF5E (digits, letters, punctuation such as （）：，－．／) or U+3000 turned into ASCII.</summary>
    FullWidth = 2,
    /// <summary>Another space-like character (NBSP U+00A0) or minus sign (U+2212) inside the value turned into ASCII.</summary>
    OtherCharacters = 4,
}

/// <summary>
/// Makes a cell machine-readable: trims and maps the full-width ASCII block (U+FF01–U+FF5E → U+0021–U+007E),
/// the ideographic space U+3000 and NBSP U+00A0 to ' ', and U+2212 (minus sign) to '-'. The output is never longer
/// than the input. Apply it to typed and identifier columns; for free-text columns use <see cref="Trim"/> only
/// (full-width punctuation is correct Chinese typography there). Idempotent. Allocation-free on the span path.
/// </summary>
public static class TextNormaliser
{
    /// <summary>Whitespace removed at either end.</summary>
    public static bool IsTrimmable(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u3000' or '\u00A0' or '\u200B' or '\uFEFF' or '\v' or '\f';

    /// <summary>The value without surrounding whitespace (including U+3000, NBSP, zero-width space and BOM).</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> value)
    {
        var s = 0;
        var e = value.Length;
        while (s < e && IsTrimmable(value[s])) s++;
        while (e > s && IsTrimmable(value[e - 1])) e--;
        return value[s..e];
    }

    /// <summary>True when <see cref="Normalise(ReadOnlySpan{char}, Span{char}, out int)"/> would change nothing.</summary>
    public static bool IsNormal(ReadOnlySpan<char> value)
    {
        if (value.Length == 0) return true;
        if (IsTrimmable(value[0]) || IsTrimmable(value[^1])) return false;
        foreach (var c in value)
            if (c >= '\u00A0' && Map(c) != c) return false;
        return true;
    }

    /// <summary>
    /// Writes the normalised value into <paramref name="destination"/> (needs at least value.Length chars) and
    /// returns what changed; <paramref name="written"/> is the length written.
    /// </summary>
    public static NormaliseChanges Normalise(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        var trimmed = Trim(value);
        var changes = trimmed.Length != value.Length ? NormaliseChanges.Trimmed : NormaliseChanges.None;
        if (destination.Length < trimmed.Length) throw new ArgumentException("destination too short", nameof(destination));
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c < '\u00A0') { destination[i] = c; continue; }
            var m = Map(c);
            if (m != c) changes |= c is >= '\uFF01' and <= '\uFF5E' or '\u3000' ? NormaliseChanges.FullWidth : NormaliseChanges.OtherCharacters;
            destination[i] = m;
        }
        written = trimmed.Length;
        return changes;
    }

    /// <summary>String form with a fast path: returns the same instance when nothing changes.</summary>
    public static string Normalise(string value, out NormaliseChanges changes)
    {
        if (IsNormal(value)) { changes = NormaliseChanges.None; return value; }
        var buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        changes = Normalise(value, buffer, out var n);
        return new string(buffer[..n]);
    }

    public static string Normalise(string value) => Normalise(value, out _);

    /// <summary>The ASCII counterpart of one character, or the character itself.</summary>
    public static char Map(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' or '\u00A0' => ' ',
        '\u2212' => '-',
        _ => c,
    };
}
