namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>
/// The quality score — weights and formula in this one place (documented in docs/data-quality.md).
///
/// Dimensions (spec 10 §2) and the texts that name them:
///   贵州 黔府办发〔2023〕13号 art.25: "完整性、准确性、可用性和时效性" (seed 001 L350);
///   苏州 公共数据开放三年行动计划 task 10: "完整性、准确性、时效性、可用性、可机读性", inspecting "数据更新滞后 … 空值错值" (seed 001 L932);
///   广东 粤府〔2023〕47号 part 六: "真实性、准确性、连续性、完整性", 一数一源一标准 with 更新机制 and 质量标准 (seed 001 L586);
///   无锡 2023 开放工作要点 item 3: "合规性、准确性、完整性与时效性", 及时更新 (seed 002 L464);
///   江苏 2023 工作要点 item 1: 全流程数据质量监管和监测评估, catalogue and data in one 一本账 (seed 002 L374).
/// Weights follow how often the texts name a dimension: 准确性 and 完整性 (all four of 贵州, 苏州, 广东, 无锡) 35 and 25 —
/// 准确性 split into validity 25 and uniqueness 10, the two ways a platform can check accuracy without the real world;
/// 时效性 (three) 15; consistency with the catalogue (the catalogue–data link of 江苏 一本账, 广东 一数一源一标准,
/// 苏州 task 8 目录与数据资源挂接) 15; 可用性/可机读性 (贵州, 苏州) 10. Sum 100.
///
/// Dimension scores, each 0–100 (null = does not apply, and the remaining weights are renormalised):
///   completeness        = filled cells ÷ (rows × mapped fields); 0 with no rows or no mapped field
///   validity            = rows without an invalid cell ÷ rows                            — n/a without rows
///   uniqueness          = rows whose key is present and seen first ÷ rows                — n/a without key fields or rows
///   consistency         = mapped fields ÷ (catalogue fields + extra columns) × well-formed rows ÷ rows
///   timeliness          = <see cref="Timeliness.Assess"/> (100 on time, linear to 0 at one period late) — n/a on the first load
///   machine-readability = filled cells without a readability problem ÷ filled cells    — n/a without filled cells
/// Score = Σ weight × dimension score ÷ Σ weight over the dimensions that apply, rounded to one decimal.
/// Validity counts rows, not cells: one wrong identifier or date makes a record unreliable for the purpose it was shared for.
/// </summary>
public static class QualityScore
{
    public static int Weight(QualityDimension d) => d switch
    {
        QualityDimension.Completeness => 25,
        QualityDimension.Validity => 25,
        QualityDimension.Uniqueness => 10,
        QualityDimension.Consistency => 15,
        QualityDimension.Timeliness => 15,
        QualityDimension.MachineReadability => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    public static readonly IReadOnlyList<QualityDimension> Dimensions =
    [
        QualityDimension.Completeness, QualityDimension.Validity, QualityDimension.Uniqueness,
        QualityDimension.Consistency, QualityDimension.Timeliness, QualityDimension.MachineReadability,
    ];

    /// <summary>The counts the score is computed from (the collector fills them; tests may too).</summary>
    public sealed record Inputs
    {
        public long Rows { get; init; }
        public int CatalogueFields { get; init; }
        public int MappedFields { get; init; }
        public int ExtraColumns { get; init; }
        /// <summary>Non-empty cells in mapped fields.</summary>
        public long FilledCells { get; init; }
        public long RowsWithInvalidCells { get; init; }
        public bool HasKey { get; init; }
        /// <summary>Rows whose key repeats an earlier row's.</summary>
        public long DuplicateKeyRows { get; init; }
        /// <summary>Rows whose key (any part) is empty or invalid.</summary>
        public long KeylessRows { get; init; }
        /// <summary>Rows with more or fewer fields than the header.</summary>
        public long RaggedRows { get; init; }
        /// <summary>Filled cells with at least one machine-readability problem.</summary>
        public long ReadabilityCells { get; init; }
        public double? Timeliness { get; init; }
    }

    public static (double Score, IReadOnlyList<DimensionScore> Dimensions) Compute(Inputs i)
    {
        double? Share(long good, long total) => total <= 0 ? null : 100.0 * Math.Clamp((double)good / total, 0, 1);
        var scores = new Dictionary<QualityDimension, double?>
        {
            // no rows, or no field mapped: nothing was delivered (苏州 task 10 inspects 数据容量低)
            [QualityDimension.Completeness] = i.CatalogueFields == 0 ? null
                : i.Rows == 0 || i.MappedFields == 0 ? 0 : Share(i.FilledCells, i.Rows * i.MappedFields),
            [QualityDimension.Validity] = Share(i.Rows - i.RowsWithInvalidCells, i.Rows),
            [QualityDimension.Uniqueness] = i.HasKey ? Share(i.Rows - i.DuplicateKeyRows - i.KeylessRows, i.Rows) : null,
            [QualityDimension.Consistency] = Consistency(i),
            [QualityDimension.Timeliness] = i.Timeliness,
            [QualityDimension.MachineReadability] = Share(i.FilledCells - i.ReadabilityCells, i.FilledCells),
        };
        double sum = 0, weights = 0;
        var dims = new List<DimensionScore>();
        foreach (var d in Dimensions)
        {
            var s = scores[d];
            dims.Add(new DimensionScore(d, Weight(d), s is { } v ? Math.Round(v, 1) : null));
            if (s is not { } x) continue;
            sum += Weight(d) * x;
            weights += Weight(d);
        }
        return (weights == 0 ? 0 : Math.Round(sum / weights, 1), dims);
    }

    private static double? Consistency(Inputs i)
    {
        var fields = i.CatalogueFields + i.ExtraColumns;
        if (fields == 0) return null;
        var share = (double)i.MappedFields / fields;
        if (i.Rows > 0) share *= 1 - Math.Clamp((double)i.RaggedRows / i.Rows, 0, 1);
        return 100.0 * share;
    }
}
