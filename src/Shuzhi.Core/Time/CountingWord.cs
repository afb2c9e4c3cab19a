namespace Shuzhi.Core.Time;

/// <summary>
/// The statutory counting words (01-time.md; ethics measures art.52, Civil Code art.1259):
/// "以上", "以下", "以内", "不少于", "不超过", "届满" include the number itself;
/// "超过", "不足", "低于", "少于" exclude it.
/// </summary>
public sealed record CountingWord
{
    private enum Direction { AtLeast, AtMost }

    private readonly Direction direction;

    private CountingWord(string word, Direction direction, bool inclusive, string meaning)
    {
        Word = word;
        this.direction = direction;
        Inclusive = inclusive;
        Meaning = meaning;
    }

    /// <summary>The Chinese word.</summary>
    public string Word { get; }
    /// <summary>True when the number itself satisfies the condition.</summary>
    public bool Inclusive { get; }
    /// <summary>The condition in symbols, e.g. "value ≥ limit".</summary>
    public string Meaning { get; }

    /// <summary>以上: the number and more (value ≥ limit). "三人以上" includes three.</summary>
    public static readonly CountingWord YiShang = new("以上", Direction.AtLeast, true, "value ≥ limit");
    /// <summary>以下: the number and less (value ≤ limit).</summary>
    public static readonly CountingWord YiXia = new("以下", Direction.AtMost, true, "value ≤ limit");
    /// <summary>以内: within, including the number (value ≤ limit). "30日以内" includes day 30.</summary>
    public static readonly CountingWord YiNei = new("以内", Direction.AtMost, true, "value ≤ limit");
    /// <summary>不少于: not less than (value ≥ limit).</summary>
    public static readonly CountingWord BuShaoYu = new("不少于", Direction.AtLeast, true, "value ≥ limit");
    /// <summary>不超过: not more than (value ≤ limit).</summary>
    public static readonly CountingWord BuChaoGuo = new("不超过", Direction.AtMost, true, "value ≤ limit");
    /// <summary>届满: has run its full length — reached when value ≥ limit (the Nth unit itself completes it).</summary>
    public static readonly CountingWord JieMan = new("届满", Direction.AtLeast, true, "value ≥ limit");
    /// <summary>超过: more than, excluding the number (value &gt; limit).</summary>
    public static readonly CountingWord ChaoGuo = new("超过", Direction.AtLeast, false, "value > limit");
    /// <summary>不足: short of, excluding the number (value &lt; limit).</summary>
    public static readonly CountingWord BuZu = new("不足", Direction.AtMost, false, "value < limit");
    /// <summary>低于: below, excluding the number (value &lt; limit).</summary>
    public static readonly CountingWord DiYu = new("低于", Direction.AtMost, false, "value < limit");
    /// <summary>少于: fewer than, excluding the number (value &lt; limit).</summary>
    public static readonly CountingWord ShaoYu = new("少于", Direction.AtMost, false, "value < limit");

    public static IReadOnlyList<CountingWord> All { get; } =
        [YiShang, YiXia, YiNei, BuShaoYu, BuChaoGuo, JieMan, ChaoGuo, BuZu, DiYu, ShaoYu];

    /// <summary>Whether <paramref name="value"/> meets "<paramref name="limit"/> + this word".</summary>
    public bool Satisfies(decimal value, decimal limit) => (direction, Inclusive) switch
    {
        (Direction.AtLeast, true) => value >= limit,
        (Direction.AtLeast, false) => value > limit,
        (Direction.AtMost, true) => value <= limit,
        _ => value < limit,
    };

    /// <summary>The counting word for a Chinese word (exact match, surrounding spaces ignored).</summary>
    public static CountingWord Parse(string word)
        => TryParse(word, out var w) ? w : throw new FormatException($"'{word}' is not a counting word ({string.Join('、', All.Select(a => a.Word))}).");

    public static bool TryParse(string? word, out CountingWord result)
    {
        result = All.FirstOrDefault(a => a.Word == word?.Trim())!;
        return result is not null;
    }

    public override string ToString() => Word;
}
