using System.Text;

namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>Encoding, delimiter and header detection on the first 64 KB of a text file.</summary>
internal static class TextSniffer
{
    public const int SniffBytes = 64 * 1024;
    public static readonly char[] Candidates = [',', '\t', ';', '|'];

    /// <summary>Length of a byte-order mark at the start, and the encoding it announces.</summary>
    public static (int Length, Encoding? Encoding, string? Name) Bom(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return (3, new UTF8Encoding(false), "utf-8");
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return (2, new UnicodeEncoding(false, false), "utf-16LE");
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return (2, new UnicodeEncoding(true, false), "utf-16BE");
        return (0, null, null);
    }

    /// <summary>
    /// Picks the encoding: a BOM decides; else the forced choice; else strict UTF-8 over the sniffed bytes
    /// (a multi-byte character cut by the 64 KB boundary is ignored) → UTF-8, otherwise GB18030.
    /// </summary>
    public static (Encoding Encoding, string Name, string Reason) ChooseEncoding(ReadOnlySpan<byte> prefix, bool complete, TextEncodingChoice choice)
    {
        var bom = Bom(prefix);
        if (bom.Encoding is not null)
            return (bom.Encoding, bom.Name!, $"byte-order mark ({bom.Name})");
        if (choice == TextEncodingChoice.Utf8) return (new UTF8Encoding(false), "utf-8", "set by option");
        if (choice == TextEncodingChoice.Gb18030) return (TextEncodings.Gb18030, "gb18030", "set by option");

        var span = complete ? prefix : TrimCutUtf8(prefix);
        var ascii = System.Text.Ascii.IsValid(span);
        if (ascii)
            return (new UTF8Encoding(false), "utf-8", prefix.Length == 0 ? "empty file" : $"only ASCII in the first {Kb(prefix.Length)}; read as UTF-8");
        try
        {
            new UTF8Encoding(false, true).GetCharCount(span);
            return (new UTF8Encoding(false), "utf-8", $"the first {Kb(prefix.Length)} are valid UTF-8 (no BOM)");
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? $" (invalid byte at offset {e.Index})" : "";
            return (TextEncodings.Gb18030, "gb18030", $"the first {Kb(prefix.Length)} are not valid UTF-8{at}; read as GB18030 (GBK/GB2312 superset)");
        }
    }

    private static string Kb(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KB" : $"{bytes} bytes";

    /// <summary>Drops an incomplete UTF-8 sequence at the very end (the sniff buffer may cut a character).</summary>
    public static ReadOnlySpan<byte> TrimCutUtf8(ReadOnlySpan<byte> b)
    {
        for (var back = 1; back <= 3 && back <= b.Length; back++)
        {
            var x = b[^back];
            if ((x & 0xC0) == 0x80) continue; // continuation byte
            var need = x >= 0xF0 ? 4 : x >= 0xE0 ? 3 : x >= 0xC0 ? 2 : 1;
            return need > back ? b[..^back] : b;
        }
        return b;
    }

    /// <summary>Picks the delimiter that splits the first records into the most consistent number (&gt; 1) of fields.</summary>
    public static (char Delimiter, string Reason) ChooseDelimiter(string text, bool complete)
    {
        char best = ',';
        double bestConsistency = -1;
        int bestMode = 0;
        foreach (var d in Candidates)
        {
            var records = ParseRecords(text, d, complete, 50).Where(r => !r.All(f => HeaderRules.IsBlank(f))).ToList();
            if (records.Count == 0 || records.Max(r => r.Length) <= 1) continue;
            var groups = records.GroupBy(r => r.Length).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            var consistency = groups.Count() / (double)records.Count;
            if (groups.Key > 1 && (consistency > bestConsistency + 1e-9 || (Math.Abs(consistency - bestConsistency) < 1e-9 && groups.Key > bestMode)))
            {
                best = d;
                bestConsistency = consistency;
                bestMode = groups.Key;
            }
        }
        if (bestConsistency < 0) return (',', "no candidate delimiter (, tab ; |) splits the first row; read as one column with ','");
        return (best, $"'{Name(best)}' splits {bestConsistency:P0} of the first records into {bestMode} fields");
    }

    public static string Name(char d) => d switch { '\t' => "tab", ',' => ",", ';' => ";", '|' => "|", _ => d.ToString() };

    /// <summary>RFC 4180 records (quotes only special at the start of a field); the last record is dropped when the text is cut.</summary>
    public static List<string[]> ParseRecords(string text, char delim, bool complete, int max)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        var n = text.Length;
        while (i < n && records.Count < max)
        {
            // one field
            sb.Clear();
            var ended = false; // record ended
            if (text[i] == '"')
            {
                i++;
                while (i < n)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < n && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
                while (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') sb.Append(text[i++]);
            }
            else
            {
                while (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') sb.Append(text[i++]);
            }
            fields.Add(sb.ToString());
            if (i >= n) { ended = true; if (!complete) { fields.Clear(); break; } }
            else if (text[i] == delim) i++;
            else
            {
                if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') i++;
                i++;
                ended = true;
            }
            if (ended)
            {
                records.Add(fields.ToArray());
                fields.Clear();
            }
        }
        if (fields.Count > 0 && complete) records.Add(fields.ToArray());
        return records;
    }
}
