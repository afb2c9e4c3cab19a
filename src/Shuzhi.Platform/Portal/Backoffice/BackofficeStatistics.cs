using System.Globalization;
using System.Text;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>
/// 统计展示及导出 (spec 20 back office): views, downloads and API calls (<see cref="UsageStatistics"/>) per dataset, per
/// department and per day over an inclusive period of China days — a department its own datasets, a bureau its division's.
/// Default period: the last 30 days up to today; at most 366 days.
/// </summary>
public sealed class BackofficeStatistics(UsageStatistics usage, OpenInventory inventory, ShuzhiDb db, TimeProvider clock)
{
    public const int DefaultDays = 30, MaxDays = 366;

    public sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<EntryUsage> Entries, IReadOnlyList<DepartmentUsage> Departments,
        IReadOnlyList<DayUsage> Days, UsageTotals Total);

    /// <param name="from">yyyy-MM-dd, or null for <see cref="DefaultDays"/> before <paramref name="to"/>.</param>
    /// <param name="to">yyyy-MM-dd, or null for today.</param>
    public async Task<Report> Handle(Actor actor, string? from, string? to, CancellationToken ct)
    {
        actor.Require(Policies.OpenBackoffice);
        var (f, t) = Period(from, to, ChinaTime.DateOf(clock.GetUtcNow()));
        var mine = (await inventory.ListAsync(actor, ct)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var entries = (await usage.ByEntryAsync(f, t, ct)).Where(e => mine.Contains(e.EntryCode)).ToList();
        var departments = entries.GroupBy(u => u.ProviderCode)
            .Select(g => new DepartmentUsage(g.Key, g.First().ProviderName, g.Count(), Add(g.Select(u => u.Totals))))
            .OrderByDescending(d => d.Totals.Total).ThenBy(d => d.ProviderCode, StringComparer.Ordinal).ToList();
        var days = new SortedDictionary<DateOnly, List<UsageTotals>>();
        foreach (var e in entries)
            foreach (var d in await usage.ByDayAsync(e.EntryCode, f, t, ct))
                (days.TryGetValue(d.Day, out var l) ? l : days[d.Day] = []).Add(d.Totals);
        var all = Enumerable.Range(0, t.DayNumber - f.DayNumber + 1).Select(i => f.AddDays(i))
            .Select(d => new DayUsage(d, days.TryGetValue(d, out var l) ? Add(l) : UsageTotals.None)).ToList();
        db.Audit(actor, "opendata.statistics", "open_usage_counts", new { from = f, to = t });
        await db.SaveChangesAsync(ct);
        return new Report(f, t, entries, departments, all, Add(entries.Select(e => e.Totals)));
    }

    private static UsageTotals Add(IEnumerable<UsageTotals> totals)
    {
        long v = 0, d = 0, a = 0;
        foreach (var x in totals) { v += x.Views; d += x.Downloads; a += x.ApiCalls; }
        return new UsageTotals(v, d, a);
    }

    public static (DateOnly From, DateOnly To) Period(string? from, string? to, DateOnly today)
    {
        var v = new Validator();
        DateOnly? Parse(string? s, string field)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            v.Add(field, "date", $"{field} must be a date yyyy-MM-dd");
            return null;
        }
        var t = Parse(to, "to") ?? today;
        var f = Parse(from, "from") ?? t.AddDays(-(DefaultDays - 1));
        v.ThrowIfAny();
        v.Require(f <= t, "from", "order", "from must not be after to");
        v.Require(t.DayNumber - f.DayNumber < MaxDays, "to", "max-period", $"the period is at most {MaxDays} days");
        v.ThrowIfAny();
        return (f, t);
    }

    /// <summary>The tables one can export.</summary>
    public static readonly string[] Tables = ["entries", "departments", "days"];

    /// <summary>One table of the report as a header and rows (numbers as numbers), for CSV and XLSX alike.</summary>
    public static (IReadOnlyList<object?> Header, IReadOnlyList<object?[]> Rows) Table(Report r, string? table)
    {
        static object?[] T(UsageTotals t) => [t.Views, t.Downloads, t.ApiCalls, t.Total];
        string[] totals = ["浏览 views", "下载 downloads", "接口调用 api_calls", "合计 total"];
        return (table ?? "entries") switch
        {
            "entries" => ([.. new[] { "数据集代码 code", "名称 name", "部门代码 department_code", "部门 department" }, .. totals],
                r.Entries.Select(e => (object?[])[e.EntryCode, e.Name, e.ProviderCode, e.ProviderName, .. T(e.Totals)]).ToList()),
            "departments" => ([.. new[] { "部门代码 department_code", "部门 department", "数据集数 datasets" }, .. totals],
                r.Departments.Select(d => (object?[])[d.ProviderCode, d.ProviderName, (long)d.Packages, .. T(d.Totals)]).ToList()),
            "days" => ([.. new[] { "日期 day" }, .. totals],
                r.Days.Select(d => (object?[])[d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. T(d.Totals)]).ToList()),
            _ => throw new ValidationProblem([new FieldError("table", "enum", $"table must be one of {string.Join(", ", Tables)}")]),
        };
    }

    public sealed record Export(string FileName, string ContentType, byte[] Content);

    /// <summary>The report's table as CSV (UTF-8 with BOM, text neutralised against formula injection) or XLSX (the project's writer).</summary>
    public async Task<Export> ExportAsync(Actor actor, string? from, string? to, string? table, string? format, CancellationToken ct)
    {
        var fmt = (format ?? "csv").Trim().ToLowerInvariant();
        if (fmt is not ("csv" or "xlsx")) throw new ValidationProblem([new FieldError("format", "enum", "format must be csv or xlsx")]);
        table = (table ?? "entries").Trim().ToLowerInvariant();
        if (!Tables.Contains(table)) throw new ValidationProblem([new FieldError("table", "enum", $"table must be one of {string.Join(", ", Tables)}")]);
        var r = await Handle(actor, from, to, ct);
        var (header, rows) = Table(r, table);
        var name = $"open-usage-{table}-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}.{fmt}";
        using var ms = new MemoryStream();
        if (fmt == "xlsx")
        {
            await ExportRows.WriteXlsxAsync(ms, header, rows.ToAsyncEnumerable(), ct);
            return new Export(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ms.ToArray());
        }
        var sb = new StringBuilder();
        foreach (var line in rows.Prepend([.. header]))
        {
            for (var i = 0; i < line.Length; i++)
                ExportRows.Append(sb, i, line[i] is string s ? ExportRows.Neutralise(s) : RowCells.Text(line[i]));
            sb.Append("\r\n");
        }
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray();
        return new Export(name, "text/csv; charset=utf-8", bytes);
    }
}
