using System.Text;
using Sylvan.Data.Csv;

namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>CSV/TSV/TXT over Sylvan.Data.Csv: streaming, span access, no per-field allocation.</summary>
internal sealed class CsvSource : ITabularSource
{
    private readonly CountingStream counter;
    private readonly CsvDataReader csv;
    private readonly WarningLog warnings;
    private readonly CountingDecoderFallback? invalid;
    private readonly string[] headers;
    private readonly int width;
    private readonly int bomBytes;
    private long nextLine = 1;
    private long pendingBlank;
    private int raw;
    private bool reportedInvalid;

    public SourceDetection Detection { get; }
    public IReadOnlyList<string> Headers => headers;
    public int FieldCount => width;
    public long RowNumber { get; private set; }
    public long SourceLine { get; private set; }
    public int RawFieldCount => raw;
    public long BytesRead => counter.Count;
    public long? TotalBytes { get; }
    public long SkippedBlankRows { get; private set; }
    public long TrailingBlankRows { get; private set; }

    public IReadOnlyList<ReadWarning> Warnings
    {
        get
        {
            if (invalid is { Invalid: > 0 } && !reportedInvalid)
            {
                // reported once, at the end or when asked
                warnings.Add("encoding.invalid", $"bytes that are not valid {Detection.Encoding} were replaced by U+FFFD; check the encoding option", null, invalid.Invalid);
                reportedInvalid = true;
            }
            return warnings.Snapshot();
        }
    }

    public CsvSource(Stream stream, ReadOptions options, long? totalBytes, WarningLog warnings)
    {
        this.warnings = warnings;
        TotalBytes = totalBytes;
        counter = new CountingStream(stream, leaveOpen: false);
        var prefix = new byte[TextSniffer.SniffBytes];
        var n = StreamPrefix.Fill(counter, prefix, prefix.Length);
        var complete = n < prefix.Length;
        var head = prefix.AsSpan(0, n);

        var (encoding, encName, encReason) = TextSniffer.ChooseEncoding(head, complete, options.Encoding);
        bomBytes = TextSniffer.Bom(head).Length;
        if (encoding is UTF8Encoding)
        {
            invalid = new CountingDecoderFallback();
            encoding = (Encoding)new UTF8Encoding(false).Clone();
            encoding.DecoderFallback = invalid;
        }
        var sniffText = encoding.GetString(complete ? head[bomBytes..] : TextSniffer.TrimCutUtf8(head[bomBytes..]));
        if (invalid is not null) invalid.Invalid = 0; // only count while streaming

        char delimiter;
        string delimReason;
        if (options.Delimiter is { } forced) (delimiter, delimReason) = (forced, "set by option");
        else (delimiter, delimReason) = TextSniffer.ChooseDelimiter(sniffText, complete);

        var sample = TextSniffer.ParseRecords(sniffText, delimiter, complete, 21)
            .Where(r => !r.All(f => HeaderRules.IsBlank(f))).ToList();
        var titles = options.HasHeader == false ? 0 : HeaderRules.TitleRows(sample);
        bool hasHeader;
        string headerReason;
        if (options.HasHeader is { } h) (hasHeader, headerReason) = (h, "set by option");
        else (hasHeader, headerReason) = HeaderRules.Decide(sample.Skip(titles).ToList(), null);

        var reader = new StreamReader(new PrefixedStream(prefix, bomBytes, n - bomBytes, counter), encoding, false, 1 << 16);
        csv = CsvDataReader.Create(reader, new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = delimiter,
            Quote = '"',
            CsvStyle = CsvStyle.Lax, // 1,"abc"def,3 reads abcdef instead of failing the whole file
            BufferSize = 1 << 16,
            MaxBufferSize = 1 << 24,
            OwnsReader = true,
        });

        for (var t = 0; t < titles;)
        {
            if (!NextRecord(out var line, out var blank)) break;
            if (blank) continue;
            var title = "";
            for (var i = 0; i < csv.RowFieldCount && title.Length == 0; i++) title = csv.GetString(i).Trim();
            warnings.Add("header.title_skipped", $"title row above the table skipped: '{HeaderRules.Short(title)}'", line);
            t++;
        }
        pendingBlank = 0;
        if (hasHeader)
        {
            string[]? raw = null;
            long headerLine = 1;
            while (NextRecord(out var line, out var blank))
            {
                if (blank) continue;
                headerLine = line;
                raw = new string[csv.RowFieldCount];
                for (var i = 0; i < raw.Length; i++) raw[i] = csv.GetString(i);
                break;
            }
            pendingBlank = 0; // blank lines above the header are not data
            headers = HeaderRules.MakeUnique(raw ?? [], warnings, headerLine);
        }
        else
        {
            headers = HeaderRules.Generated(sample.Count <= titles ? 0 : sample.Skip(titles).Max(r => r.Length));
        }
        width = headers.Length;
        Detection = new SourceDetection(SourceFormat.Csv, encName, encReason, delimiter, delimReason, hasHeader, headerReason,
            null, [], null);
    }

    /// <summary>Next physical record from Sylvan with the line it starts on; counts embedded newlines.</summary>
    private bool NextRecord(out long line, out bool blank)
    {
        line = nextLine;
        blank = true;
        try
        {
            if (!csv.Read()) return false;
        }
        catch (CsvRecordTooLargeException e)
        {
            throw new TabularReadException("a record is larger than 16 M characters — probably an unclosed quote", nextLine, e);
        }
        catch (CsvFormatException e)
        {
            throw new TabularReadException($"malformed CSV: {e.Message}", nextLine, e);
        }
        var count = csv.RowFieldCount;
        for (var i = 0; i < count && blank; i++)
            if (!HeaderRules.IsBlank(csv.GetFieldSpan(i))) blank = false;
        // line breaks inside quoted fields: one vectorised count over the raw record (which ends with its own break)
        var record = csv.GetRawRecordSpan();
        var newlines = record.Count('\n');
        if (record.Length > 0 && record[^1] == '\n') newlines--;
        nextLine = line + 1 + newlines;
        return true;
    }

    public bool Read()
    {
        while (NextRecord(out var line, out var blank))
        {
            if (blank) { pendingBlank++; continue; }
            SkippedBlankRows += pendingBlank;
            pendingBlank = 0;
            raw = csv.RowFieldCount;
            RowNumber++;
            SourceLine = line;
            if (raw != width)
            {
                if (raw < width) warnings.Add("row.too_few_fields", $"rows with fewer than {width} fields (missing cells read as empty)", line);
                else warnings.Add("row.too_many_fields", $"rows with more than {width} fields (extra cells ignored)", line);
            }
            return true;
        }
        TrailingBlankRows = pendingBlank;
        return false;
    }

    public ReadOnlySpan<char> GetSpan(int i) => i < raw ? csv.GetFieldSpan(i) : default;
    public string GetString(int i) => i < raw ? csv.GetString(i) : "";
    public CellKind GetKind(int i) => i < raw && csv.GetFieldSpan(i).Length > 0 ? CellKind.Text : CellKind.Empty;

    public bool TryGetRawNumber(int i, out double value)
    {
        value = 0;
        return false;
    }

    public void Dispose() => csv.Dispose();
}
