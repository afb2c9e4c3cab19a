using System.Collections.Concurrent;
using System.Globalization;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Portal;

public enum ChartKind { Histogram, PerMonth, PerYear, PerDecade }

public sealed record ChartBar(string Label, long Count);

/// <summary>One column's chart: the bars, how many values were counted and how many cells were empty (or invalid).</summary>
public sealed record ColumnChart(string Field, string Type, ChartKind Kind, IReadOnlyList<ChartBar> Bars, long Values, long Empty);

/// <summary>The charts of an open package's published version, computed from its first <see cref="RowsRead"/> rows.</summary>
public sealed record DatasetChartSet(int Version, long RowsRead, long TotalRows, IReadOnlyList<ColumnChart> Charts)
{
    public bool Sampled => RowsRead < TotalRows;
}

/// <summary>
/// Charts of the numeric and date columns of open data (issue 5 item 3): a histogram per integer/decimal column, counts
/// per month (or year, or decade, for long spans) per date/date-time column. Computed ONLY from columns the public
/// receives unmasked (<see cref="DatasetView.CanUseRaw"/> on the public view — a masked field is never charted, not even
/// its year), from the first <see cref="MaxRows"/> rows of the published version (bounded work), once per version and
/// masking (cached; versions are immutable), written to the access log as the public's read <c>opendata.chart</c>.
/// </summary>
public sealed class DatasetCharts(DatasetDirectory directory, IRowStore store, AccessLog log)
{
    public const int MaxRows = 10_000, Bins = 10, MaxBars = 60;
    private const int CacheSize = 256;
    private readonly ConcurrentDictionary<string, DatasetChartSet> cache = new(StringComparer.Ordinal);

    /// <summary>The columns that may be charted: numeric or date, and seen unmasked by the public.</summary>
    public static IReadOnlyList<int> Chartable(DatasetView view) =>
        Enumerable.Range(0, view.RowSchema.Columns.Count)
            .Where(c => view.CanUseRaw(c) && view.Masks[c].Kind == MaskKind.None
                        && view.RowSchema.Columns[c].Type is StoredType.Integer or StoredType.Decimal or StoredType.Date or StoredType.DateTime)
            .ToList();

    /// <summary>The charts, or null when the package has no open data.</summary>
    public async Task<DatasetChartSet?> ForAsync(string code, CancellationToken ct)
    {
        var s = await directory.GetAsync(code, ct);
        if (s is null || !DatasetAccess.IsOpen(s)) return null;
        var view = await directory.OpenPublicAsync(code, ct);
        var columns = Chartable(view);
        var key = view.Version.Storage + "|" + string.Join(',', columns);
        if (cache.TryGetValue(key, out var cached)) return cached;
        var values = columns.Select(_ => new List<object>()).ToArray();
        var empty = new long[columns.Count];
        long read = 0;
        if (columns.Count > 0)
            await foreach (var row in store.ScanAsync(view.Version.Storage, view.RowSchema, new RowQuery { Columns = columns, Limit = MaxRows }, ct))
            {
                read++;
                for (var i = 0; i < columns.Count; i++)
                    if (row.Values[i] is { } v) values[i].Add(v);
                    else empty[i]++;
            }
        var charts = columns.Select((c, i) =>
        {
            var col = view.RowSchema.Columns[c];
            var (kind, bars) = col.Type is StoredType.Date or StoredType.DateTime
                ? Dates(values[i].Select(v => v is DateTime t ? DateOnly.FromDateTime(t) : (DateOnly)v).ToList())
                : (ChartKind.Histogram, Histogram(values[i].Select(v => v is long l ? (double)l : (double)(decimal)v).ToList(), col.Type == StoredType.Integer));
            return new ColumnChart(col.Name, DatastoreSearch.CkanType(view, c), kind, bars, values[i].Count, empty[i]);
        }).ToList();
        var set = new DatasetChartSet(view.Version.Number, read, view.Version.Rows, charts);
        log.Record(OpenResources.Public, "opendata.chart", LoadDataset.Subject(code, view.Version.Number),
            new { fields = charts.Select(x => x.Field).ToList(), rows = read });
        if (cache.Count >= CacheSize) cache.Clear();
        cache[key] = set;
        return set;
    }

    /// <summary>Equal-width bins from the smallest to the largest value; whole numbers over a small range get one bar per value.</summary>
    internal static IReadOnlyList<ChartBar> Histogram(List<double> xs, bool integers)
    {
        if (xs.Count == 0) return [];
        double min = xs.Min(), max = xs.Max();
        if (integers && max - min < Bins)
            return Enumerable.Range(0, (int)(max - min) + 1).Select(k => new ChartBar(Num(min + k), xs.LongCount(x => x == min + k))).ToList();
        if (min == max) return [new ChartBar(Num(min), xs.Count)];
        var width = (max - min) / Bins;
        var counts = new long[Bins];
        foreach (var x in xs) counts[Math.Min(Bins - 1, (int)((x - min) / width))]++;
        return counts.Select((n, k) => new ChartBar($"{Num(min + k * width)} – {Num(k == Bins - 1 ? max : min + (k + 1) * width)}", n)).ToList();
    }

    /// <summary>Counts per month when the span is at most <see cref="MaxBars"/> months, else per year, else per decade; empty periods included.</summary>
    internal static (ChartKind, IReadOnlyList<ChartBar>) Dates(List<DateOnly> ds)
    {
        if (ds.Count == 0) return (ChartKind.PerMonth, []);
        DateOnly min = ds.Min(), max = ds.Max();
        var months = (max.Year - min.Year) * 12 + max.Month - min.Month + 1;
        if (months <= MaxBars)
        {
            var byMonth = ds.GroupBy(d => (d.Year, d.Month)).ToDictionary(g => g.Key, g => g.LongCount());
            return (ChartKind.PerMonth, Enumerable.Range(0, months).Select(k => new DateOnly(min.Year, min.Month, 1).AddMonths(k))
                .Select(m => new ChartBar(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), byMonth.GetValueOrDefault((m.Year, m.Month)))).ToList());
        }
        var step = max.Year - min.Year + 1 <= MaxBars ? 1 : 10;
        var first = min.Year / step * step;
        var byPeriod = ds.GroupBy(d => d.Year / step * step).ToDictionary(g => g.Key, g => g.LongCount());
        return (step == 1 ? ChartKind.PerYear : ChartKind.PerDecade, Enumerable.Range(0, (max.Year - first) / step + 1).Select(k => first + k * step)
            .Select(y => new ChartBar(step == 1 ? y.ToString(CultureInfo.InvariantCulture) : $"{y}s", byPeriod.GetValueOrDefault(y))).ToList());
    }

    private static string Num(double x) => x.ToString("#,0.##", CultureInfo.InvariantCulture);
}
