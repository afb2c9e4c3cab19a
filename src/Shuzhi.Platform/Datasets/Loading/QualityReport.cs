using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>The quality dimensions of spec 10 §2 (see <see cref="QualityScore"/> for their sources and weights).</summary>
public enum QualityDimension : byte
{
    /// <summary>完整性: empty values per field.</summary>
    Completeness,
    /// <summary>准确性/有效性: types, code lists, identifier check characters, mobile numbers.</summary>
    Validity,
    /// <summary>唯一性: duplicate keys.</summary>
    Uniqueness,
    /// <summary>一致性: the file against the catalogue's field list; structurally broken rows.</summary>
    Consistency,
    /// <summary>时效性: the load against the update cycle.</summary>
    Timeliness,
    /// <summary>可机读性: forms that machines misread (numbers as text, scientific notation, full-width, apostrophes …).</summary>
    MachineReadability,
}

/// <summary>Error: the value or row is unusable as sent. Warning: usable, but not clean. Info: accepted and normalised, for the record.</summary>
public enum ProblemSeverity : byte { Error, Warning, Info }

/// <summary>
/// One example of a problem. <paramref name="Value"/> is the cell text masked with the field's mask
/// (<see cref="TargetField.Mask"/>) — never the raw personal data; null for empty cells, withheld values and
/// problems without a value. <paramref name="Row"/> is the data row (1-based), <paramref name="Line"/> the file line;
/// either is null when the reader does not know it. <paramref name="SameAsRow"/>: for a duplicate key, the first row with it.
/// </summary>
public sealed record ProblemExample(long? Row, long? Line, string? Value, long? SameAsRow = null);

/// <summary>
/// A problem found in the file: a stable <paramref name="Code"/> (docs/data-quality.md lists them all), its dimension and
/// severity, the field (catalogue name) or file column it concerns, a message in Chinese and English, how often it
/// occurred (cells, rows, fields or days — per code) and up to five examples.
/// </summary>
public sealed record QualityProblem(string Code, QualityDimension Dimension, ProblemSeverity Severity, string? Field,
    string? Column, string MessageZh, string MessageEn, long Count, IReadOnlyList<ProblemExample> Examples);

/// <summary>A dimension's weight and score (0–100, null when it does not apply, e.g. uniqueness without key fields).</summary>
public sealed record DimensionScore(QualityDimension Dimension, int Weight, double? Score);

/// <summary>
/// Per-field statistics. <paramref name="Column"/>: the file column, null when the field is missing from the file.
/// <paramref name="Filled"/>: non-empty cells; <paramref name="Nulls"/>: empty cells (all rows for a missing field);
/// <paramref name="Invalid"/>: non-empty cells that could not be typed; <paramref name="Readability"/>: cells with a
/// machine-readability problem.
/// </summary>
public sealed record FieldQuality(string Field, string? Column, MappingMatch Match, long Filled, long Nulls, long Invalid, long Readability);

/// <summary>
/// The quality report of one loaded version (spec 10 §2): score, dimension scores, problems with examples, per-field
/// statistics and the timeliness assessment. JSON-serialisable (<see cref="ToJson"/>/<see cref="FromJson"/>) and stored
/// with the version. The publish gate compares <see cref="Score"/> with the bureau's threshold.
/// </summary>
public sealed record QualityReport(
    int Format,
    double Score,
    long Rows,
    IReadOnlyList<DimensionScore> Dimensions,
    IReadOnlyList<QualityProblem> Problems,
    IReadOnlyList<FieldQuality> Fields,
    TimelinessAssessment Timeliness)
{
    public const int CurrentFormat = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The problem with this code (and field, when given), or null.</summary>
    public QualityProblem? Find(string code, string? field = null)
    {
        foreach (var p in Problems)
            if (p.Code == code && (field is null || p.Field == field)) return p;
        return null;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static QualityReport FromJson(string json) =>
        JsonSerializer.Deserialize<QualityReport>(json, Json) ?? throw new JsonException("empty quality report");
}
