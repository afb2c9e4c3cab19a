namespace Shuzhi.Platform.Datasets.Reading;

/// <summary>Header detection, blank-row test and header-name clean-up shared by all readers.</summary>
internal static class HeaderRules
{
    /// <summary>Empty or whitespace only (U+3000 ideographic space and the BOM count as whitespace here).</summary>
    public static bool IsBlank(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsWhiteSpace(c) && c != '\uFEFF') return false;
        return true;
    }

    public static string CleanName(string s) => s.Trim().Trim('\uFEFF', '\u3000').Trim();

    /// <summary>Blank names become 列N (N = 1-based column); duplicates get _2, _3 …; every change is reported.</summary>
    public static string[] MakeUnique(IReadOnlyList<string> raw, WarningLog warnings, long line)
    {
        var names = new string[raw.Count];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < raw.Count; i++) used.Add(CleanName(raw[i]));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < raw.Count; i++)
        {
            var name = CleanName(raw[i]);
            if (name.Length == 0)
            {
                var candidate = $"列{i + 1}";
                for (var k = 2; used.Contains(candidate); k++) candidate = $"列{i + 1}_{k}";
                used.Add(candidate);
                seen.Add(candidate);
                names[i] = candidate;
                warnings.Add("header.blank", $"column {i + 1} has no name; named '{candidate}'", line);
                continue;
            }
            if (!seen.Add(name))
            {
                var k = 2;
                string candidate;
                do candidate = $"{name}_{k++}"; while (used.Contains(candidate));
                used.Add(candidate);
                seen.Add(candidate);
                warnings.Add("header.duplicate", $"column {i + 1} repeats the name '{name}'; renamed '{candidate}'", line);
                names[i] = candidate;
                continue;
            }
            names[i] = name;
        }
        return names;
    }

    public static string[] Generated(int count) => Enumerable.Range(1, count).Select(i => $"列{i}").ToArray();

    /// <summary>
    /// Decides whether the first non-blank row is a header: no, if any of its cells is a number or a date
    /// (stored as such in Excel, or looking like one in text); otherwise yes — government files nearly always
    /// have one — with the reason naming the later columns that do hold numbers or dates, when there are some.
    /// </summary>
    public static (bool HasHeader, string Reason) Decide(IReadOnlyList<string[]> rows, IReadOnlyList<CellKind[]>? kinds)
    {
        if (rows.Count == 0) return (true, "no rows to look at; assumed a header");
        var first = rows[0];
        for (var c = 0; c < first.Length; c++)
        {
            var kind = kinds?[0][c] ?? CellKind.Text;
            if (kind is CellKind.Number or CellKind.Date or CellKind.Boolean || LooksNumericOrDate(first[c]))
                return (false, $"the first row has a number or date in column {c + 1} ('{Short(first[c])}'), so it is data");
        }
        var typed = new List<int>();
        for (var c = 0; c < first.Length; c++)
        {
            for (var r = 1; r < rows.Count; r++)
            {
                if (c >= rows[r].Length) continue;
                var kind = kinds?[r][c] ?? CellKind.Text;
                if (kind is CellKind.Number or CellKind.Date || LooksNumericOrDate(rows[r][c])) { typed.Add(c + 1); break; }
            }
        }
        return typed.Count > 0
            ? (true, $"the first row is all text while later rows hold numbers or dates (columns {string.Join(", ", typed.Take(5))})")
            : (true, "the first row is all text; taken as the header (set HasHeader=false if it is data)");
    }

    /// <summary>
    /// Title rows above the header ("2023年贵阳市企业名录", "单位：万元"): up to 3 leading rows with a single non-empty
    /// cell, when the row after them has at least two. Single-column files have none.
    /// </summary>
    public static int TitleRows(IReadOnlyList<string[]> rows)
    {
        var n = 0;
        while (n < 3 && n < rows.Count && NonEmpty(rows[n]) == 1) n++;
        return n < rows.Count && NonEmpty(rows[n]) >= 2 ? n : 0;
    }

    private static int NonEmpty(string[] row) => row.Count(c => !IsBlank(c));

    public static string Short(string s) => s.Length <= 20 ? s : s[..20] + "…";

    /// <summary>Numbers (1 234.5, -3, 12%, full-width digits) and full dates (2023-05-01, 2023/5/1, 2023年5月1日, 20230501).</summary>
    public static bool LooksNumericOrDate(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        if (s.Length == 0) return false;
        int digits = 0, other = 0, cjkDate = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsDigit(c)) digits++;
            else if (c is '-' or '+' or '.' or ',' or '/' or ':' or ' ' or '%' or 'T' or 'E' or 'e') { }
            else if (c is '年' or '月' or '日') cjkDate++;
            else other++;
        }
        if (digits == 0 || other > 0) return false;
        if (cjkDate > 0) return s.Contains('年') && s.Contains('月'); // "2021年" alone is a column name
        return true;
    }
}
