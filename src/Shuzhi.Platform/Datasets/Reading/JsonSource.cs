using System.Text;
using System.Text.Json;

namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>
/// JSON (an array of objects, or an object whose first array-valued property holds them) and JSON Lines,
/// streamed with <see cref="Utf8JsonReader"/> one record at a time. Columns are the keys of the first
/// <see cref="ReadOptions.JsonHeaderSample"/> records in order of first appearance; keys first seen later
/// are reported (json.unknown_key) and their values not read. Nested objects/arrays come back as their JSON text,
/// numbers as their literal text, null as empty.
/// </summary>
internal sealed class JsonSource : ITabularSource
{
    private const int MaxRecordBytes = 64 * 1024 * 1024;
    private readonly CountingStream counter;
    private readonly WarningLog warnings;
    private readonly bool lines;
    private byte[] buf = new byte[1 << 16];
    private int start, end;
    private bool eof;
    private JsonReaderState state;
    private long lineAtStart = 1;
    private Phase phase = Phase.Begin;
    private readonly string[] headers;
    private readonly Dictionary<string, int> columns;
    private readonly Queue<Rec> buffered = new();
    private string[] values = [];
    private CellKind[] kinds = [];
    private int extent;
    private long pendingBlank;

    private enum Phase { Begin, InArray, Lines, Done }

    private sealed record Rec(List<(string Key, string Value, CellKind Kind)> Fields, long Line);

    public SourceDetection Detection { get; }
    public IReadOnlyList<string> Headers => headers;
    public int FieldCount => headers.Length;
    public long RowNumber { get; private set; }
    public long SourceLine { get; private set; }
    public int RawFieldCount => extent;
    public long BytesRead => counter.Count;
    public long? TotalBytes { get; }
    public long SkippedBlankRows { get; private set; }
    public long TrailingBlankRows { get; private set; }
    public IReadOnlyList<ReadWarning> Warnings => warnings.Snapshot();

    private string? arrayProperty;

    public JsonSource(Stream stream, SourceFormat format, ReadOptions options, long? totalBytes, WarningLog warnings)
    {
        this.warnings = warnings;
        TotalBytes = totalBytes;
        counter = new CountingStream(stream, leaveOpen: false);
        lines = format == SourceFormat.JsonLines;
        state = new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = lines,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        Fill();
        if (end >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) start = 3;
        else if (end >= 2 && (buf[0] == 0xFF && buf[1] == 0xFE || buf[0] == 0xFE && buf[1] == 0xFF))
            throw new TabularReadException("JSON must be UTF-8 (RFC 8259); this file is UTF-16");

        var order = new List<string>();
        var seen = new HashSet<string>();
        var sample = Math.Max(1, options.JsonHeaderSample);
        while (buffered.Count < sample && NextRecord() is { } rec)
        {
            buffered.Enqueue(rec);
            foreach (var f in rec.Fields)
                if (seen.Add(f.Key)) order.Add(f.Key);
        }
        headers = HeaderRules.MakeUnique(order, warnings, 1);
        columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++) columns.TryAdd(order[i], i);
        Detection = new SourceDetection(format, "utf-8", "JSON is UTF-8 (RFC 8259)", null, null, true,
            "JSON keys are the column names", null, [], arrayProperty);
    }

    private void Fill()
    {
        if (eof) return;
        if (start > 0)
        {
            Buffer.BlockCopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.Length)
        {
            if (buf.Length >= MaxRecordBytes) throw new TabularReadException("a JSON record is larger than 64 MB", lineAtStart);
            Array.Resize(ref buf, buf.Length * 2);
        }
        var n = counter.Read(buf, end, buf.Length - end);
        if (n == 0) eof = true;
        end += n;
    }

    private Rec? NextRecord()
    {
        while (true)
        {
            if (phase == Phase.Done) return null;
            var span = buf.AsSpan(start, end - start);
            var reader = new Utf8JsonReader(span, eof, state);
            try
            {
                if (TryStep(ref reader, span, out var rec, out var finished))
                {
                    if (finished) { phase = Phase.Done; return null; }
                    if (rec is not null) return rec;
                    continue; // consumed structure (e.g. the opening bracket); go on
                }
            }
            catch (JsonException e)
            {
                var line = (e.LineNumber ?? lineAtStart - 1) + 1; // the reader state carries the absolute 0-based line
                throw new TabularReadException($"malformed JSON: {e.Message}", line, e);
            }
            if (eof) throw new TabularReadException("the JSON ends in the middle of a value", lineAtStart);
            Fill();
        }
    }

    /// <summary>One step on the buffered bytes; false when more bytes are needed (nothing consumed then).</summary>
    private bool TryStep(ref Utf8JsonReader reader, ReadOnlySpan<byte> span, out Rec? rec, out bool finished)
    {
        rec = null;
        finished = false;
        if (!reader.Read())
        {
            if (!eof) return false;
            if (lines) { finished = true; return true; }
            if (phase == Phase.InArray) throw new TabularReadException("the JSON array is not closed", lineAtStart);
            throw new TabularReadException("the file is empty; expected a JSON array of objects");
        }
        switch (phase)
        {
            case Phase.Begin when lines:
                phase = Phase.Lines;
                return Record(ref reader, span, out rec);
            case Phase.Begin when reader.TokenType == JsonTokenType.StartArray:
                phase = Phase.InArray;
                Consume(ref reader, span);
                return true;
            case Phase.Begin when reader.TokenType == JsonTokenType.StartObject:
                // find the first property whose value is an array
                while (true)
                {
                    if (!reader.Read()) return false;
                    if (reader.TokenType == JsonTokenType.EndObject)
                        throw new TabularReadException("the JSON object has no array of records (expected [ {...}, … ] or {\"rows\": [ … ]})");
                    var name = reader.GetString();
                    if (!reader.Read()) return false;
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        arrayProperty = name;
                        phase = Phase.InArray;
                        Consume(ref reader, span);
                        return true;
                    }
                    if (!reader.TrySkip()) return false;
                }
            case Phase.Begin:
                throw new TabularReadException("expected a JSON array of objects", lineAtStart);
            case Phase.InArray when reader.TokenType == JsonTokenType.EndArray:
                Consume(ref reader, span);
                finished = true;
                return true;
            default:
                return Record(ref reader, span, out rec);
        }
    }

    private bool Record(ref Utf8JsonReader reader, ReadOnlySpan<byte> span, out Rec? rec)
    {
        rec = null;
        var tokenStart = (int)reader.TokenStartIndex;
        if (!reader.TrySkip()) return false;
        var line = lineAtStart + span[..tokenStart].Count((byte)'\n');
        var bytes = span[tokenStart..(int)reader.BytesConsumed];
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            warnings.Add("json.not_object", "array elements or lines that are not JSON objects (skipped)", line);
            Consume(ref reader, span);
            return true;
        }
        rec = new Rec(Parse(bytes), line);
        Consume(ref reader, span);
        return true;
    }

    private void Consume(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        var used = (int)reader.BytesConsumed;
        lineAtStart += span[..used].Count((byte)'\n');
        start += used;
        state = reader.CurrentState;
    }

    private static List<(string, string, CellKind)> Parse(ReadOnlySpan<byte> bytes)
    {
        var fields = new List<(string, string, CellKind)>();
        var r = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        r.Read(); // StartObject
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var key = r.GetString() ?? "";
            r.Read();
            switch (r.TokenType)
            {
                case JsonTokenType.String: var s = r.GetString() ?? ""; fields.Add((key, s, s.Length == 0 ? CellKind.Empty : CellKind.Text)); break;
                case JsonTokenType.Number: fields.Add((key, Encoding.UTF8.GetString(r.ValueSpan), CellKind.Number)); break;
                case JsonTokenType.True: fields.Add((key, "true", CellKind.Boolean)); break;
                case JsonTokenType.False: fields.Add((key, "false", CellKind.Boolean)); break;
                case JsonTokenType.Null: fields.Add((key, "", CellKind.Empty)); break;
                default:
                    var from = (int)r.TokenStartIndex;
                    r.Skip();
                    fields.Add((key, Encoding.UTF8.GetString(bytes[from..(int)r.BytesConsumed]), CellKind.Text));
                    break;
            }
        }
        return fields;
    }

    public bool Read()
    {
        while (true)
        {
            var rec = buffered.Count > 0 ? buffered.Dequeue() : NextRecord();
            if (rec is null) { TrailingBlankRows = pendingBlank; extent = 0; return false; }
            if (values.Length != headers.Length) { values = new string[headers.Length]; kinds = new CellKind[headers.Length]; }
            Array.Fill(values, "");
            Array.Clear(kinds);
            var blank = true;
            extent = 0;
            foreach (var (key, value, kind) in rec.Fields)
            {
                if (!columns.TryGetValue(key, out var c))
                {
                    warnings.Add("json.unknown_key", $"key '{key}' first appears after the records sampled for the column names; its values are not read", rec.Line);
                    continue;
                }
                values[c] = value;
                kinds[c] = kind;
                if (kind != CellKind.Empty && !(kind == CellKind.Text && HeaderRules.IsBlank(value))) blank = false;
                extent = Math.Max(extent, c + 1);
            }
            if (blank) { pendingBlank++; continue; }
            SkippedBlankRows += pendingBlank;
            pendingBlank = 0;
            RowNumber++;
            SourceLine = rec.Line;
            return true;
        }
    }

    public ReadOnlySpan<char> GetSpan(int i) => i < values.Length ? values[i] : default;
    public string GetString(int i) => i < values.Length ? values[i] : "";
    public CellKind GetKind(int i) => i < kinds.Length ? kinds[i] : CellKind.Empty;

    public bool TryGetRawNumber(int i, out double value)
    {
        value = 0;
        return i < kinds.Length && kinds[i] == CellKind.Number
            && double.TryParse(values[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    public void Dispose() => counter.Dispose();
}
