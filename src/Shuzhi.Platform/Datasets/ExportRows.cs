using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Datasets;

/// <summary>
/// Downloads (issue 3 item 5): CSV (UTF-8 with BOM, so Excel opens it; text cells starting with = + - @ TAB CR are
/// prefixed with ' against formula injection), JSON (an array of objects) and XLSX — every one masked for the caller
/// exactly like the row API (<see cref="RowCells"/>), with the same filters, sort and field selection, streamed
/// (XLSX is built in a temporary file first, because a workbook is a zip whose directory comes last).
/// </summary>
public sealed class ExportRows(DatasetDirectory directory, IRowStore store, AccessLog log, Sharing.GrantDeliveries deliveries)
{
    /// <summary>Excel's sheet limit minus the header row.</summary>
    public const int XlsxMaxRows = 1_048_575;

    public sealed record Export(string FileName, string ContentType, Func<Stream, CancellationToken, Task> WriteAsync);

    public async Task<Export> Handle(Actor actor, string entryCode, string? format, IReadOnlyList<KeyValuePair<string, string?>> query, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRows);
        var fmt = (format ?? "csv").Trim().ToLowerInvariant();
        if (fmt is not ("csv" or "json" or "xlsx")) throw new BadRequestProblem("format", "one-of", "format must be csv, json or xlsx");
        var view = await directory.OpenAsync(actor, entryCode, ReadRows.VersionOf(query), ct, ReadRows.GrantOf(query));
        var q = ReadRows.Scope(directory, actor, entryCode, view, query).Effective;
        if (view.Grant is { FirstDeliveredAt: null } first) await deliveries.FirstAsync(first, ct);
        q = q with { Limit = query.Any(p => p.Key == "limit") ? q.Limit : null, Count = CountMode.None, After = null };
        var columns = RowCells.Selected(view, q);
        var name = $"{entryCode}-v{view.Version.Number}.{fmt}";
        var subject = LoadDataset.Subject(entryCode, view.Version.Number);
        var details = ReadRows.QueryText(view, query);
        switch (fmt)
        {
            case "csv" or "json":
                // Recorded whatever happens: a download the client abandons half-way is in the log with the rows it got.
                return new Export(name, fmt == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", async (output, token) =>
                {
                    var counter = new RowCounter();
                    var complete = false;
                    try
                    {
                        var rows = Counted(store.ScanAsync(view.Version.Storage, view.RowSchema, q, token), counter);
                        if (fmt == "csv") await WriteCsvAsync(output, view, columns, rows, token);
                        else await WriteJsonAsync(output, view, columns, rows, token);
                        complete = true;
                    }
                    finally
                    {
                        log.Record(actor, "dataset.download", subject, new { format = fmt, query = details, rows = counter.Rows, complete, grant = view.Grant?.Id });
                    }
                });
            default:
                var temp = new FileStream(Path.Combine(Path.GetTempPath(), "shuzhi-export-" + Guid.NewGuid().ToString("N") + ".xlsx"),
                    FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                long rows;
                try { rows = await WriteXlsxAsync(temp, view, columns, store.ScanAsync(view.Version.Storage, view.RowSchema, q, ct), ct); }
                catch { await temp.DisposeAsync(); throw; }
                return new Export(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", async (output, token) =>
                {
                    var complete = false;
                    try
                    {
                        await using (temp)
                        {
                            temp.Position = 0;
                            await temp.CopyToAsync(output, token);
                        }
                        complete = true;
                    }
                    finally
                    {
                        log.Record(actor, "dataset.download", subject, new { format = fmt, query = details, rows, complete, grant = view.Grant?.Id });
                    }
                });
        }
    }

    private sealed class RowCounter { public long Rows; }

    /// <summary>Counts the rows handed to the writer (rows read from the store for the client).</summary>
    private static async IAsyncEnumerable<StoredRow> Counted(IAsyncEnumerable<StoredRow> rows, RowCounter counter)
    {
        await foreach (var row in rows)
        {
            counter.Rows++;
            yield return row;
        }
    }

    /// <summary>A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).</summary>
    public static string Neutralise(string s) =>
        s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;

    private static string? CellText(DatasetView view, int column, object? visible)
    {
        var text = RowCells.Text(visible);
        return text is not null && visible is string ? Neutralise(text) : text;
    }

    public static async Task<long> WriteCsvAsync(Stream output, DatasetView view, IReadOnlyList<int> columns, IAsyncEnumerable<StoredRow> rows, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++) Append(sb, i, Neutralise(view.Schema.Fields[columns[i]].Name));
        await w.WriteLineAsync(sb, ct);
        long n = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            sb.Clear();
            var bad = RowCells.Bad(row.Bad);
            for (var i = 0; i < columns.Count; i++)
                Append(sb, i, CellText(view, columns[i], RowCells.Visible(view, columns[i], row.Values[i], bad)));
            await w.WriteLineAsync(sb, ct);
            n++;
        }
        await w.FlushAsync(ct);
        return n;
    }

    /// <summary>Appends cell <paramref name="i"/> of a CSV line (RFC 4180 quoting; the caller neutralises text).</summary>
    public static void Append(StringBuilder sb, int i, string? v)
    {
        if (i > 0) sb.Append(',');
        if (v is null) return;
        if (v.AsSpan().IndexOfAny(",\"\r\n") < 0) { sb.Append(v); return; }
        sb.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public static async Task<long> WriteJsonAsync(Stream output, DatasetView view, IReadOnlyList<int> columns, IAsyncEnumerable<StoredRow> rows, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        long n = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            RowCells.WriteRow(w, view, columns, row);
            if (++n % 512 == 0) await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        await w.FlushAsync(ct);
        return n;
    }

    public static Task<long> WriteXlsxAsync(Stream output, DatasetView view, IReadOnlyList<int> columns, IAsyncEnumerable<StoredRow> rows, CancellationToken ct) =>
        WriteXlsxAsync(output, columns.Select(c => (object?)view.Schema.Fields[c].Name).ToList(), Cells(view, columns, rows, ct), ct);

    private static async IAsyncEnumerable<object?[]> Cells(DatasetView view, IReadOnlyList<int> columns, IAsyncEnumerable<StoredRow> rows,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            var bad = RowCells.Bad(row.Bad);
            var cells = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++) cells[i] = RowCells.Visible(view, columns[i], row.Values[i], bad);
            yield return cells;
        }
    }

    /// <summary>One sheet "data": a header row, then the rows (numbers as numbers, text inline). The project's one XLSX writer.</summary>
    public static async Task<long> WriteXlsxAsync(Stream output, IReadOnlyList<object?> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        long n = 0;
        using (var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var ws = wb.AddNewPart<WorksheetPart>();
            using (var w = OpenXmlWriter.Create(ws))
            {
                w.WriteStartElement(new Worksheet());
                w.WriteStartElement(new SheetData());
                WriteRow(w, header, header: true);
                await foreach (var cells in rows.WithCancellation(ct))
                {
                    if (++n > XlsxMaxRows)
                        throw new ValidationProblem([new FieldError("format", "xlsx-row-limit", $"more than {XlsxMaxRows:N0} rows do not fit in one Excel sheet; download csv, or filter")]);
                    WriteRow(w, cells, header: false);
                }
                w.WriteEndElement();
                w.WriteEndElement();
            }
            wb.Workbook = new Workbook(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "data" }));
            wb.Workbook.Save();
        }
        return n;

        static void WriteRow(OpenXmlWriter w, IReadOnlyList<object?> cells, bool header)
        {
            w.WriteStartElement(new Row());
            foreach (var v in cells)
            {
                switch (v)
                {
                    case null:
                        w.WriteElement(new Cell());
                        break;
                    case long or decimal or double:
                        w.WriteElement(new Cell { DataType = CellValues.Number, CellValue = new CellValue(RowCells.Text(v)!) });
                        break;
                    case bool b:
                        w.WriteElement(new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") });
                        break;
                    default:
                        // Text (dates as ISO text too: unambiguous, and no Excel serial conversion on the way out). Inline
                        // strings are never evaluated as formulas, so no apostrophe is needed here.
                        w.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(RowCells.Text(v)!)) });
                        break;
                }
            }
            w.WriteEndElement();
            _ = header;
        }
    }
}
