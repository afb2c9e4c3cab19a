using System.Text;

namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>The file formats the readers understand.</summary>
public enum SourceFormat { Csv, Xlsx, Xls, Json, JsonLines }

/// <summary>How a cell was stored in the source. CSV cells are always <see cref="Text"/> or <see cref="Empty"/>.</summary>
public enum CellKind : byte { Empty, Text, Number, Date, Boolean }

/// <summary>Which text encoding to use for CSV/TSV/text files.</summary>
public enum TextEncodingChoice { Auto, Utf8, Gb18030 }

/// <summary>Options for <see cref="TabularReader.Open"/>; every "auto" is detected and reported in <see cref="SourceDetection"/>.</summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    /// <summary>Text encoding (CSV and JSON text only; JSON is always UTF-8/16 by RFC 8259).</summary>
    public TextEncodingChoice Encoding { get; init; } = TextEncodingChoice.Auto;

    /// <summary>Field delimiter: null = detect among ',', '\t', ';', '|'.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first non-blank row holds column names: null = detect.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>Excel: the sheet to read (default: the first sheet).</summary>
    public string? SheetName { get; init; }

    /// <summary>JSON/JSONL: how many records to scan for the column names (keys first seen later are reported).</summary>
    public int JsonHeaderSample { get; init; } = 1000;

    /// <summary>Total size of the file when the stream cannot tell (e.g. an upload with Content-Length); for progress.</summary>
    public long? TotalBytes { get; init; }

    /// <summary>Parses the CLI/API spelling: auto, utf-8 / utf8, gb18030 / gbk / gb2312.</summary>
    public static TextEncodingChoice ParseEncoding(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => TextEncodingChoice.Auto,
        "utf-8" or "utf8" => TextEncodingChoice.Utf8,
        "gb18030" or "gbk" or "gb2312" or "cp936" => TextEncodingChoice.Gb18030,
        _ => throw new ArgumentException($"unknown encoding '{value}' (auto, utf-8, gb18030)", nameof(value)),
    };

    /// <summary>Parses the CLI/API spelling of a delimiter: auto, ',' / comma, tab / \t, ';' / semicolon, '|' / pipe.</summary>
    public static char? ParseDelimiter(string? value) => value switch
    {
        null or "" or "auto" => null,
        "," or "comma" => ',',
        "\t" or "\\t" or "tab" => '\t',
        ";" or "semicolon" => ';',
        "|" or "pipe" => '|',
        _ => throw new ArgumentException($"unknown delimiter '{value}' (auto, comma, tab, semicolon, pipe)", nameof(value)),
    };
}

/// <summary>What was detected (or forced by options) about a source, with the reasons, for the mapping screen and the log.</summary>
public sealed record SourceDetection(
    SourceFormat Format,
    string? Encoding,
    string? EncodingReason,
    char? Delimiter,
    string? DelimiterReason,
    bool HasHeader,
    string HeaderReason,
    string? SheetName,
    IReadOnlyList<string> SheetNames,
    string? JsonArrayProperty);

/// <summary>A structural problem found while reading (not a data-quality finding): a code, a message, how often, example lines.</summary>
public sealed record ReadWarning(string Code, string Message, long Count, IReadOnlyList<long> ExampleLines);

/// <summary>The file cannot be read at all (malformed JSON, unclosed quote swallowing the file, corrupt workbook).</summary>
public sealed class TabularReadException(string message, long? line = null, Exception? inner = null)
    : Exception(line is null ? message : $"{message} (line {line})", inner)
{
    public long? Line { get; } = line;
}

/// <summary>
/// A forward-only, streaming table over a CSV/TSV, Excel or JSON file. Memory stays bounded whatever the file size.
/// Columns are fixed by <see cref="Headers"/>; <see cref="GetSpan"/> of a column the current row lacks is empty.
/// Blank rows (every cell empty or whitespace, U+3000 included) are skipped and counted, never returned.
/// </summary>
public interface ITabularSource : IDisposable
{
    SourceDetection Detection { get; }

    /// <summary>Unique, non-blank column names (blank → "列3", duplicates → "姓名_2"; renames are in <see cref="Warnings"/>).</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>Always <c>Headers.Count</c>.</summary>
    int FieldCount { get; }

    /// <summary>Advances to the next non-blank data row.</summary>
    bool Read();

    /// <summary>1-based number of the current data row (header and blank rows not counted).</summary>
    long RowNumber { get; }

    /// <summary>1-based physical line (CSV/JSONL/JSON) or sheet row (Excel) where the current row starts.</summary>
    long SourceLine { get; }

    /// <summary>How many fields the current row really had (differs from FieldCount on ragged CSV rows).</summary>
    int RawFieldCount { get; }

    ReadOnlySpan<char> GetSpan(int i);
    string GetString(int i);
    CellKind GetKind(int i);

    /// <summary>The stored number behind a numeric Excel cell or JSON number (GetString gives what the user sees, e.g. "1.10101E+17").</summary>
    bool TryGetRawNumber(int i, out double value);

    /// <summary>Bytes consumed from the file so far (for progress; may run ahead of the current row by a buffer).</summary>
    long BytesRead { get; }
    long? TotalBytes { get; }

    /// <summary>Blank rows skipped before or between data rows.</summary>
    long SkippedBlankRows { get; }

    /// <summary>Blank rows after the last data row (Excel's formatted-but-empty tail, trailing empty lines); known at the end.</summary>
    long TrailingBlankRows { get; }

    /// <summary>Structural problems so far (ragged rows, renamed headers, unknown JSON keys, invalid bytes …).</summary>
    IReadOnlyList<ReadWarning> Warnings { get; }
}

/// <summary>Aggregates warnings by code+message, keeping the count and the first few line numbers.</summary>
internal sealed class WarningLog
{
    private const int MaxExamples = 5, MaxDistinct = 200;
    private readonly Dictionary<(string, string), Entry> byKey = new();
    private readonly List<Entry> order = new();

    private sealed class Entry(string code, string message)
    {
        public readonly string Code = code, Message = message;
        public long Count;
        public readonly List<long> Lines = new();
    }

    public void Add(string code, string message, long? line = null, long count = 1)
    {
        if (!byKey.TryGetValue((code, message), out var e))
        {
            if (byKey.Count >= MaxDistinct) return;
            e = new Entry(code, message);
            byKey[(code, message)] = e;
            order.Add(e);
        }
        e.Count += count;
        if (line is { } l && e.Lines.Count < MaxExamples) e.Lines.Add(l);
    }

    public IReadOnlyList<ReadWarning> Snapshot() =>
        order.Select(e => new ReadWarning(e.Code, e.Message, e.Count, e.Lines.ToArray())).ToArray();
}

internal static class TextEncodings
{
    /// <summary>GB18030 (code page 54936), a superset of GBK and GB2312.</summary>
    public static Encoding Gb18030 { get; } = Load();

    private static Encoding Load()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding(54936);
    }

    public static void EnsureRegistered() => _ = Gb18030;
}
