namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>Opens the right streaming reader for a file by its extension and its first bytes.</summary>
public static class TabularReader
{
    private const int MagicBytes = 4096;

    /// <summary>
    /// Opens <paramref name="stream"/> (the source takes ownership and disposes it). The format comes from the
    /// extension of <paramref name="fileName"/>, corrected by content: a zip is .xlsx, an OLE2 compound file is .xls,
    /// an ".xls" that is really text is read as CSV (reported), one that is HTML is refused. Unknown extensions are sniffed.
    /// Excel needs a seekable stream; a non-seekable one is spooled to a temporary file first.
    /// </summary>
    /// <exception cref="TabularReadException">the file cannot be read at all.</exception>
    public static ITabularSource Open(Stream stream, string fileName, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ReadOptions.Default;
        TextEncodings.EnsureRegistered();
        long? total = options.TotalBytes ?? (stream.CanSeek ? stream.Length - stream.Position : null);
        var warnings = new WarningLog();
        try
        {
            var head = new byte[MagicBytes];
            int n;
            long origin = 0;
            if (stream.CanSeek)
            {
                origin = stream.Position;
                n = StreamPrefix.Fill(stream, head, head.Length);
                stream.Position = origin;
            }
            else
            {
                n = StreamPrefix.Fill(stream, head, head.Length);
                stream = new PrefixedStream(head.ToArray(), 0, n, stream);
            }
            var format = DetectFormat(head.AsSpan(0, n), fileName, warnings);
            switch (format)
            {
                case SourceFormat.Xlsx or SourceFormat.Xls:
                    if (!stream.CanSeek)
                    {
                        stream = Spool(stream);
                        total ??= stream.Length;
                    }
                    return new ExcelSource(stream, format, options, total, warnings);
                case SourceFormat.Json or SourceFormat.JsonLines:
                    return new JsonSource(stream, format, options, total, warnings);
                default:
                    return new CsvSource(stream, options, total, warnings);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a file on disk.</summary>
    public static ITabularSource Open(string path, ReadOptions? options = null) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), Path.GetFileName(path), options);

    internal static SourceFormat DetectFormat(ReadOnlySpan<byte> head, string fileName, WarningLog warnings)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var zip = head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
        var ole = head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 });
        if (zip) return SourceFormat.Xlsx;
        if (ole) return SourceFormat.Xls;
        var text = head[TextSniffer.Bom(head).Length..];
        var first = FirstNonSpace(text);
        switch (ext)
        {
            case ".xlsx" or ".xlsm" or ".xls" or ".et":
                if (first == '<')
                    throw new TabularReadException($"this {ext} file is a web page (HTML/XML) saved under a spreadsheet name; open it in Excel or WPS and save it as .xlsx, or export CSV");
                warnings.Add("format.disguised_text", $"the {ext} file is plain text, not a workbook; read as CSV");
                return SourceFormat.Csv;
            case ".json":
                return SourceFormat.Json;
            case ".jsonl" or ".ndjson":
                return SourceFormat.JsonLines;
            case ".csv" or ".tsv" or ".txt":
                return SourceFormat.Csv;
        }
        if (first == '[') return SourceFormat.Json;
        if (first == '{')
        {
            var nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..nl];
            return line.TrimEnd("\r \t"u8).EndsWith("}"u8) ? SourceFormat.JsonLines : SourceFormat.Json;
        }
        return SourceFormat.Csv;
    }

    private static int FirstNonSpace(ReadOnlySpan<byte> b)
    {
        foreach (var x in b)
            if (x is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return x;
        return -1;
    }

    private static FileStream Spool(Stream source)
    {
        var path = Path.Combine(Path.GetTempPath(), "shuzhi-upload-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            source.CopyTo(file);
            source.Dispose();
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}

/// <summary>What the upload screen shows before the mapping step.</summary>
public sealed record FileInspection(
    SourceDetection Detection,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> Preview,
    IReadOnlyList<IReadOnlyList<CellKind>> PreviewKinds,
    IReadOnlyList<long> PreviewLines,
    IReadOnlyList<ReadWarning> Warnings);

public static class FileInspector
{
    public const int PreviewRows = 20;

    /// <summary>Detects format, encoding, delimiter and header and reads the first rows (the stream is disposed).</summary>
    public static Task<FileInspection> InspectAsync(Stream stream, string fileName, ReadOptions? options = null, CancellationToken ct = default) =>
        Task.Run(() => Inspect(stream, fileName, options, ct), ct);

    public static FileInspection Inspect(Stream stream, string fileName, ReadOptions? options = null, CancellationToken ct = default)
    {
        using var source = TabularReader.Open(stream, fileName, options);
        var rows = new List<IReadOnlyList<string>>();
        var kinds = new List<IReadOnlyList<CellKind>>();
        var lines = new List<long>();
        while (rows.Count < PreviewRows && source.Read())
        {
            ct.ThrowIfCancellationRequested();
            var row = new string[source.FieldCount];
            var kind = new CellKind[source.FieldCount];
            for (var i = 0; i < row.Length; i++) { row[i] = source.GetString(i); kind[i] = source.GetKind(i); }
            rows.Add(row);
            kinds.Add(kind);
            lines.Add(source.SourceLine);
        }
        return new FileInspection(source.Detection, source.Headers, rows, kinds, lines, source.Warnings);
    }
}
