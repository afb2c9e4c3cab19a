using System.Globalization;
using ExcelDataReader;

namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>
/// .xlsx and legacy .xls over ExcelDataReader, one sheet, row by row. Cells come back as the user sees them
/// (numbers in Excel's General format, so an 18-digit ID stored as a number reads "1.10101E+17"), with the
/// <see cref="CellKind"/> and the stored number kept for the quality checks; dates as ISO text.
/// </summary>
internal sealed class ExcelSource : ITabularSource
{
    private const int SampleRows = 21;
    private readonly IExcelDataReader excel;
    private readonly Stream file;
    private readonly WarningLog warnings;
    private readonly string[] headers;
    private readonly int width;
    private readonly Queue<(Row Row, long BlanksBefore)> buffered = new();
    private Row current = Row.Empty;
    private long pendingBlank;

    private sealed record Row(string[] Values, CellKind[] Kinds, double[] Numbers, int Extent, long Line)
    {
        public static readonly Row Empty = new([], [], [], 0, 0);
    }

    public SourceDetection Detection { get; }
    public IReadOnlyList<string> Headers => headers;
    public int FieldCount => width;
    public long RowNumber { get; private set; }
    public long SourceLine => current.Line;
    public int RawFieldCount => current.Extent;
    public long BytesRead { get; private set; }
    public long? TotalBytes { get; }
    public long SkippedBlankRows { get; private set; }
    public long TrailingBlankRows { get; private set; }
    public IReadOnlyList<ReadWarning> Warnings => warnings.Snapshot();

    public ExcelSource(Stream stream, SourceFormat format, ReadOptions options, long? totalBytes, WarningLog warnings)
    {
        this.warnings = warnings;
        TotalBytes = totalBytes;
        file = stream;
        try
        {
            excel = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { FallbackEncoding = TextEncodings.Gb18030 });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TabularReadException($"not a readable {(format == SourceFormat.Xls ? ".xls" : ".xlsx")} workbook: {e.Message}", null, e);
        }
        var sheets = new List<string>();
        string? chosen = null;
        var index = 0;
        do
        {
            sheets.Add(excel.Name);
            if (chosen is null && (options.SheetName is null ? index == 0 : string.Equals(excel.Name, options.SheetName, StringComparison.OrdinalIgnoreCase)))
                chosen = excel.Name;
            index++;
        } while (excel.NextResult());
        if (chosen is null)
            throw new TabularReadException($"the workbook has no sheet named '{options.SheetName}' (sheets: {string.Join(", ", sheets)})");
        excel.Reset();
        while (excel.Name != chosen) excel.NextResult();

        // Sample the first non-blank rows for header detection; they are replayed afterwards.
        var sample = new List<Row>();
        var blanksBefore = new List<long>();
        long blanks = 0;
        while (sample.Count < SampleRows && ReadRaw(excel.FieldCount) is { } row)
        {
            if (row.Extent == 0) { blanks++; continue; }
            blanksBefore.Add(blanks);
            blanks = 0;
            sample.Add(row);
        }
        var trailingInSample = blanks;

        var titles = options.HasHeader == false ? 0 : HeaderRules.TitleRows(sample.Select(r => r.Values[..r.Extent]).ToList());
        for (var t = 0; t < titles; t++)
            warnings.Add("header.title_skipped", $"title row above the table skipped: '{HeaderRules.Short(sample[t].Values.First(v => !HeaderRules.IsBlank(v)).Trim())}'", sample[t].Line);
        var table = sample.Skip(titles).ToList();
        bool hasHeader;
        string headerReason;
        if (options.HasHeader is { } h) (hasHeader, headerReason) = (h, "set by option");
        else (hasHeader, headerReason) = HeaderRules.Decide(
            table.Select(r => r.Values[..r.Extent]).ToList(), table.Select(r => r.Kinds[..r.Extent]).ToArray());

        var start = titles;
        if (hasHeader && table.Count > 0)
        {
            var hr = table[0];
            headers = HeaderRules.MakeUnique(hr.Values[..hr.Extent], warnings, hr.Line);
            start = titles + 1;
        }
        else headers = HeaderRules.Generated(table.Count == 0 ? 0 : table.Max(r => r.Extent));
        width = headers.Length;
        // blank rows above the header are not data; those before a sampled data row count when it is returned
        for (var i = start; i < sample.Count; i++) buffered.Enqueue((sample[i], blanksBefore[i]));
        pendingBlank = trailingInSample;
        Detection = new SourceDetection(format, null, null, null, null, hasHeader, headerReason, chosen, sheets, null);
    }

    private Row? ReadRaw(int fieldCount)
    {
        bool ok;
        try { ok = excel.Read(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TabularReadException($"the workbook is damaged: {e.Message}", excel.Depth + 1, e);
        }
        if (!ok) return null;
        var values = new string[fieldCount];
        var kinds = new CellKind[fieldCount];
        var numbers = new double[fieldCount];
        var extent = 0;
        for (var i = 0; i < fieldCount; i++)
        {
            var v = excel.GetValue(i);
            string text;
            CellKind kind;
            switch (v)
            {
                case null: text = ""; kind = CellKind.Empty; break;
                case string s: text = s; kind = HeaderRules.IsBlank(s) ? CellKind.Empty : CellKind.Text; break;
                case double d: text = General(d); kind = CellKind.Number; numbers[i] = d; break;
                case int n: text = n.ToString(CultureInfo.InvariantCulture); kind = CellKind.Number; numbers[i] = n; break;
                case DateTime t:
                    text = t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                    kind = CellKind.Date; numbers[i] = t.ToOADate(); break;
                case TimeSpan ts: text = ts.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture); kind = CellKind.Date; break;
                case bool b: text = b ? "TRUE" : "FALSE"; kind = CellKind.Boolean; break;
                default: text = Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""; kind = text.Length == 0 ? CellKind.Empty : CellKind.Text; break;
            }
            values[i] = text;
            kinds[i] = kind;
            if (kind != CellKind.Empty) extent = i + 1;
        }
        var line = (long)excel.Depth + 1;
        if (excel.RowCount > 0 && TotalBytes is { } total) BytesRead = (long)(total * Math.Min(1.0, line / (double)excel.RowCount));
        return new Row(values, kinds, numbers, extent, line);
    }

    /// <summary>Excel's General format: integers up to 11 digits as they are, larger ones as 1.10101E+17, fractions to 10 significant digits.</summary>
    public static string General(double d)
    {
        var abs = Math.Abs(d);
        if (d == Math.Floor(d) && abs < 1e11) return d.ToString("0", CultureInfo.InvariantCulture);
        if (abs >= 1e11 || (abs < 1e-9 && abs > 0)) return d.ToString("0.#####E+00", CultureInfo.InvariantCulture);
        return d.ToString("0.##########", CultureInfo.InvariantCulture);
    }

    public bool Read()
    {
        while (true)
        {
            Row? row;
            long blanksBefore;
            if (buffered.Count > 0) (row, blanksBefore) = buffered.Dequeue();
            else
            {
                row = ReadRaw(excel.FieldCount);
                if (row is null) { TrailingBlankRows = pendingBlank; current = Row.Empty; return false; }
                if (row.Extent == 0) { pendingBlank++; continue; }
                blanksBefore = pendingBlank;
                pendingBlank = 0;
            }
            SkippedBlankRows += blanksBefore;
            RowNumber++;
            if (row.Extent > width)
                warnings.Add("row.too_many_fields", $"rows with cells beyond the {width} named columns (ignored)", row.Line);
            current = row;
            return true;
        }
    }

    public ReadOnlySpan<char> GetSpan(int i) => i < current.Values.Length ? current.Values[i] : default;
    public string GetString(int i) => i < current.Values.Length ? current.Values[i] : "";
    public CellKind GetKind(int i) => i < current.Kinds.Length ? current.Kinds[i] : CellKind.Empty;

    public bool TryGetRawNumber(int i, out double value)
    {
        if (i < current.Kinds.Length && current.Kinds[i] == CellKind.Number) { value = current.Numbers[i]; return true; }
        value = 0;
        return false;
    }

    public void Dispose()
    {
        excel.Dispose();
        file.Dispose();
    }
}
