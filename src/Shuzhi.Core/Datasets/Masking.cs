using System.Globalization;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Shuzhi.Core.Datasets;

/// <summary>Precision a date is generalised to.</summary>
public enum DatePrecision : byte { Month, Year }

/// <summary>
/// 脱敏 — pure masking functions. Lengths are counted in Unicode scalar values (a CJK character, including the rare
/// supplementary-plane ones in names such as 𠮷, is one character), never in bytes or UTF-16 units.
/// </summary>
public static class Masking
{
    public const char DefaultMaskChar = '*';

    /// <summary>Common two-character (复姓) surnames kept whole by <see cref="KeepSurname"/>.</summary>
    public static IReadOnlySet<string> CompoundSurnames => Compound;

    private static readonly HashSet<string> Compound = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "钟离", "闻人", "澹台", "端木", "南宫", "呼延", "独孤", "万俟", "西门", "百里", "东郭", "申屠", "太史",
        "司空", "濮阳", "淳于", "单于", "赫连", "公冶", "宗政", "太叔", "仲孙", "拓跋", "第五", "左丘", "东门",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CompoundLookup = Compound.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Keeps the first <paramref name="first"/> and last <paramref name="last"/> characters and replaces each other
    /// character by <paramref name="mask"/> (so the length stays visible: 11010519491231002X → 110105********002X).
    /// A value too short for the rule (first + last ≥ length) shows at most (length − 1) / 2 characters, taken from
    /// the head first — so at least half is always masked ("1234567" with keep 3,4 → "123****"; "12" → "**"; "张" → "*").
    /// </summary>
    public static string KeepFirstLast(ReadOnlySpan<char> value, int first, int last, char mask = DefaultMaskChar)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        if (value.IsEmpty) return string.Empty;
        var total = CountRunes(value);
        if (first + last >= total)
        {
            // too short for the rule: show at most (length − 1) / 2 characters, the head first
            var cap = (total - 1) / 2;
            first = Math.Min(first, cap);
            last = Math.Min(last, cap - first);
        }
        var keepHead = Utf16Length(value, first);
        var keepTailStart = value.Length - Utf16LengthFromEnd(value, last);
        var masked = total - first - last;
        return Build(value, keepHead, keepTailStart, masked, mask);
    }

    private static string Build(ReadOnlySpan<char> value, int keepHead, int keepTailStart, int masked, char mask)
    {
        var length = keepHead + masked + (value.Length - keepTailStart);
        Span<char> buf = length <= 512 ? stackalloc char[length] : new char[length];
        value[..keepHead].CopyTo(buf);
        buf.Slice(keepHead, masked).Fill(mask);
        value[keepTailStart..].CopyTo(buf[(keepHead + masked)..]);
        return new string(buf);
    }

    /// <summary>
    /// Names: keeps the surname and masks the given name — the first character, or the first two when the name has at
    /// least three characters and starts with a compound surname (张三 → 张*, 王小明 → 王**, 欧阳娜娜 → 欧阳**).
    /// </summary>
    public static string KeepSurname(ReadOnlySpan<char> name, char mask = DefaultMaskChar)
    {
        var trimmed = TextNormaliser.Trim(name);
        var keep = CountRunes(trimmed) >= 3 && trimmed.Length >= 2 && CompoundLookup.Contains(trimmed[..2]) ? 2 : 1;
        return KeepFirstLast(trimmed, keep, 0, mask);
    }

    /// <summary>
    /// Keyed hash HMAC-SM3 (GB/T 32905 SM3 in HMAC, RFC 2104) of the value's UTF-8 bytes, as 64 lower-case hex
    /// characters (not truncated: 256 bits, so distinct values never collide in practice and joins stay exact).
    /// Same value + same key → same output; normalise values first (e.g. 'x' → 'X') so equal identifiers join.
    /// Allocates a fresh MAC; for many values use a <see cref="KeyedHasher"/>.
    /// </summary>
    public static string KeyedHash(ReadOnlySpan<char> value, ReadOnlySpan<byte> key) => new KeyedHasher(key).Hash(value);

    /// <summary>
    /// "2023-05-17" → "2023-05" (Month) or "2023" (Year); accepts every date and date-time form of <see cref="ValueParser"/>.
    /// Returns null when the value is not a date: an unparseable value cannot be generalised safely, so it is withheld.
    /// </summary>
    public static string? GeneraliseDate(ReadOnlySpan<char> value, DatePrecision to)
    {
        DateOnly date;
        var d = ValueParser.Date(value);
        if (d.Ok) date = d.Value;
        else
        {
            var dt = ValueParser.DateTime(value);
            if (!dt.Ok) return null;
            date = DateOnly.FromDateTime(dt.Value);
        }
        return to == DatePrecision.Year
            ? date.Year.ToString("D4", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    internal static int CountRunes(ReadOnlySpan<char> s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>UTF-16 length of the first <paramref name="runes"/> scalar values.</summary>
    private static int Utf16Length(ReadOnlySpan<char> s, int runes)
    {
        var i = 0;
        for (var r = 0; r < runes && i < s.Length; r++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }

    /// <summary>UTF-16 length of the last <paramref name="runes"/> scalar values.</summary>
    private static int Utf16LengthFromEnd(ReadOnlySpan<char> s, int runes)
    {
        var i = s.Length;
        for (var r = 0; r < runes && i > 0; r++)
            i -= char.IsLowSurrogate(s[i - 1]) && i - 2 >= 0 && char.IsHighSurrogate(s[i - 2]) ? 2 : 1;
        return s.Length - i;
    }
}

/// <summary>
/// Reusable HMAC-SM3 with one key. Thread-safe (one platform-wide instance serves every request): each hash holds a
/// lock for the ≈2 µs it takes. Allocates only the result string.
/// </summary>
public sealed class KeyedHasher
{
    private readonly HMac _mac;
    private readonly byte[] _out;

    public KeyedHasher(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty) throw new ArgumentException("the masking key must not be empty", nameof(key));
        _mac = new HMac(new SM3Digest());
        _mac.Init(new KeyParameter(key.ToArray()));
        _out = new byte[_mac.GetMacSize()];
    }

    public string Hash(ReadOnlySpan<char> value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var n = Encoding.UTF8.GetBytes(value, bytes);
        lock (_mac)
        {
            _mac.BlockUpdate(bytes[..n]);
            _mac.DoFinal(_out, 0); // also resets the MAC to its keyed initial state
            return Convert.ToHexStringLower(_out);
        }
    }
}
