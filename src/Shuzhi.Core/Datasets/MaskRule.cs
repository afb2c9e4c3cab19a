using System.Globalization;

namespace Shuzhi.Core.Datasets;

public enum MaskKind : byte
{
    /// <summary>"none": the value as it is.</summary>
    None,
    /// <summary>"keep:F,L": keep the first F and last L characters, mask the rest with '*'.</summary>
    Keep,
    /// <summary>"name": keep the surname (1 character, 2 for a compound surname), mask the rest.</summary>
    Name,
    /// <summary>"hash": HMAC-SM3 with the platform key, 64 lower-case hex characters.</summary>
    Hash,
    /// <summary>"month": a date generalised to yyyy-MM.</summary>
    Month,
    /// <summary>"year": a date generalised to yyyy.</summary>
    Year,
    /// <summary>"drop": the value is withheld (null).</summary>
    Drop,
}

/// <summary>
/// One field's masking rule, written as a short string: none, keep:F,L (also keep:F = keep:F,0), name, hash, month,
/// year, drop. <see cref="ToString"/> gives the canonical form and <see cref="Parse"/> reads it back (case-insensitive,
/// surrounding spaces ignored). Keep counts are 0–<see cref="MaxKeep"/>.
/// </summary>
public sealed record MaskRule(MaskKind Kind, int First = 0, int Last = 0)
{
    public const int MaxKeep = 64;
    public static readonly MaskRule None = new(MaskKind.None);
    public static readonly MaskRule Name = new(MaskKind.Name);
    public static readonly MaskRule Hash = new(MaskKind.Hash);
    public static readonly MaskRule Month = new(MaskKind.Month);
    public static readonly MaskRule Year = new(MaskKind.Year);
    public static readonly MaskRule Drop = new(MaskKind.Drop);
    public static MaskRule Keep(int first, int last = 0) => new(MaskKind.Keep, first, last);

    public override string ToString() => Kind switch
    {
        MaskKind.None => "none",
        MaskKind.Keep => string.Create(CultureInfo.InvariantCulture, $"keep:{First},{Last}"),
        MaskKind.Name => "name",
        MaskKind.Hash => "hash",
        MaskKind.Month => "month",
        MaskKind.Year => "year",
        MaskKind.Drop => "drop",
        _ => throw new InvalidOperationException($"unknown mask kind {Kind}"),
    };

    /// <summary>Reads a rule; on failure <paramref name="error"/> names the problem.</summary>
    public static bool TryParse(string? text, out MaskRule rule, out string? error)
    {
        rule = None;
        error = null;
        var t = (text ?? "").Trim().ToLowerInvariant();
        var colon = t.IndexOf(':');
        var head = colon < 0 ? t : t[..colon].Trim();
        var args = colon < 0 ? null : t[(colon + 1)..].Trim();
        MaskRule? simple = head switch
        {
            "none" => None, "name" => Name, "hash" => Hash, "month" => Month, "year" => Year, "drop" => Drop, _ => null,
        };
        if (simple is not null)
        {
            if (args is not null) { error = $"mask rule '{head}' takes no parameters"; return false; }
            rule = simple;
            return true;
        }
        if (head != "keep")
        {
            error = t.Length == 0
                ? "mask rule is empty (expected none, keep:FIRST,LAST, name, hash, month, year or drop)"
                : $"unknown mask rule '{head}' (expected none, keep:FIRST,LAST, name, hash, month, year or drop)";
            return false;
        }
        if (string.IsNullOrEmpty(args)) { error = "mask rule 'keep' needs counts: keep:FIRST,LAST (e.g. keep:6,4)"; return false; }
        var parts = args.Split(',');
        if (parts.Length > 2) { error = "mask rule 'keep' takes at most two counts: keep:FIRST,LAST"; return false; }
        if (!TryCount(parts[0], "first", out var first, out error)) return false;
        var last = 0;
        if (parts.Length == 2 && !TryCount(parts[1], "last", out last, out error)) return false;
        rule = new MaskRule(MaskKind.Keep, first, last);
        return true;
    }

    private static bool TryCount(string s, string which, out int value, out string? error)
    {
        error = null;
        if (!int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"mask rule 'keep': the {which} count '{s.Trim()}' is not a whole number";
            return false;
        }
        if (value > MaxKeep)
        {
            error = $"mask rule 'keep': the {which} count {value} is more than {MaxKeep}";
            return false;
        }
        return true;
    }

    /// <summary>Reads a rule or throws <see cref="FormatException"/> naming the problem.</summary>
    public static MaskRule Parse(string text) => TryParse(text, out var r, out var e) ? r : throw new FormatException(e);

    /// <summary>
    /// Applies the rule. Null stays null. <paramref name="hasher"/> is required for <see cref="MaskKind.Hash"/>.
    /// Month/Year return null for a value that is not a date (withheld rather than leaked).
    /// </summary>
    public string? Apply(string? value, KeyedHasher? hasher = null)
    {
        if (value is null) return null;
        return Kind switch
        {
            MaskKind.None => value,
            MaskKind.Keep => Masking.KeepFirstLast(value, First, Last),
            MaskKind.Name => Masking.KeepSurname(value),
            MaskKind.Hash => (hasher ?? throw new InvalidOperationException("the hash mask rule needs a keyed hasher")).Hash(value),
            MaskKind.Month => Masking.GeneraliseDate(value, DatePrecision.Month),
            MaskKind.Year => Masking.GeneraliseDate(value, DatePrecision.Year),
            MaskKind.Drop => null,
            _ => throw new InvalidOperationException($"unknown mask kind {Kind}"),
        };
    }
}

/// <summary>What a field holds, for choosing its default mask.</summary>
public enum FieldKind : byte { Other, PersonName, ResidentId, Mobile, Address, CreditCode, BirthDate }

/// <summary>
/// Default masks (the bureau may override per field):
/// ResidentId keep:6,4 — region kept for statistics, birth date and most of the sequence hidden (110105********002X);
/// PersonName name — surname only (张*, 欧阳**); Mobile keep:3,4 — the customary 138****8000;
/// Address keep:6 — roughly province + city (贵州省贵阳市****), the street and number hidden;
/// CreditCode none — an organisation's code is public by law (GB 32100; published on the enterprise credit system);
/// BirthDate year — age band stays usable; Other none — fields not recognised as personal are not masked by default.
/// </summary>
public static class MaskDefaults
{
    public static MaskRule For(FieldKind kind) => kind switch
    {
        FieldKind.ResidentId => MaskRule.Keep(6, 4),
        FieldKind.PersonName => MaskRule.Name,
        FieldKind.Mobile => MaskRule.Keep(3, 4),
        FieldKind.Address => MaskRule.Keep(6, 0),
        FieldKind.CreditCode => MaskRule.None,
        FieldKind.BirthDate => MaskRule.Year,
        _ => MaskRule.None,
    };

    /// <summary>
    /// Guesses a field's kind from its inferred type and header: identifier types map directly; headers containing
    /// 姓名/名字/联系人/法定代表人/负责人/fullname (or exactly "name") → PersonName; 地址/住址/住所/address → Address; 出生日期/生日/出生年月/birth → BirthDate.
    /// </summary>
    public static FieldKind GuessKind(string? header, ColumnType type)
    {
        switch (type)
        {
            case ColumnType.ResidentId: return FieldKind.ResidentId;
            case ColumnType.Mobile: return FieldKind.Mobile;
            case ColumnType.CreditCode: return FieldKind.CreditCode;
        }
        var h = header is null ? "" : TextNormaliser.Normalise(header).Replace(" ", "", StringComparison.Ordinal);
        static bool Any(string h, params string[] words) => words.Any(w => h.Contains(w, StringComparison.OrdinalIgnoreCase));
        if (Any(h, "出生日期", "生日", "出生年月", "birth")) return FieldKind.BirthDate;
        if (Any(h, "地址", "住址", "住所", "address")) return FieldKind.Address;
        if (Any(h, "姓名", "名字", "联系人", "法定代表人", "负责人", "fullname", "personname") || h.Equals("name", StringComparison.OrdinalIgnoreCase))
            return FieldKind.PersonName;
        return FieldKind.Other;
    }
}
