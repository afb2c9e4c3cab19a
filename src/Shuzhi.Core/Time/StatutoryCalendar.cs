using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Core.Time;

/// <summary>
/// One year of the State Council General Office notice: the holidays (<paramref name="Off"/>) and the
/// adjusted working days (<paramref name="Work"/>, 调休上班), with the notice it comes from.
/// A notice may list a day of the neighbouring year (the 2023 notice lists 2022-12-31 as off); such a
/// day is honoured as listed, but does not make the neighbouring year non-provisional.
/// </summary>
public sealed record CalendarYearData(
    int Year,
    IReadOnlyList<DateOnly> Off,
    IReadOnlyList<DateOnly> Work,
    string NoticeReference,
    IReadOnlyDictionary<DateOnly, string>? Names = null);

/// <summary>
/// The statutory calendar (01-time.md "Calendar") built from notice years. Immutable; loading a year
/// gives a new calendar with a new <see cref="Version"/>.
/// </summary>
public sealed class StatutoryCalendar : IStatutoryCalendar
{
    public const string ResourceName = "Shuzhi.Core.Time.cn-statutory-days.json";

    private static readonly Lazy<StatutoryCalendar> shipped = new(LoadShipped);

    private readonly SortedDictionary<int, CalendarYearData> years;
    /// <summary>Listed facts: date → true (working) / false (rest).</summary>
    private readonly Dictionary<DateOnly, bool> listed = [];
    private readonly Dictionary<DateOnly, string> names = [];

    public StatutoryCalendar(IEnumerable<CalendarYearData> years)
    {
        this.years = [];
        foreach (var y in years)
        {
            if (!this.years.TryAdd(y.Year, y))
                throw new ArgumentException($"The year {y.Year} is given twice.", nameof(years));
        }
        // A date listed by the notice of its own year wins over a neighbouring year's notice.
        foreach (var y in this.years.Values.OrderBy(y => y.Year))
        {
            foreach (var d in y.Off) Add(d, false, y);
            foreach (var d in y.Work) Add(d, true, y);
            if (y.Names is not null)
                foreach (var (d, n) in y.Names)
                    if (!names.ContainsKey(d) || d.Year == y.Year) names[d] = n;
        }
        Version = ComputeVersion(this.years.Values);
    }

    private void Add(DateOnly date, bool working, CalendarYearData from)
    {
        if (listed.ContainsKey(date) && date.Year != from.Year) return;
        listed[date] = working;
    }

    /// <summary>The calendar shipped with the platform (2023–2026 as published).</summary>
    public static StatutoryCalendar Shipped() => shipped.Value;

    /// <summary>The years shipped with the platform.</summary>
    public static IReadOnlyList<CalendarYearData> ShippedYears() => shipped.Value.Years;

    public string Version { get; }

    public IReadOnlyList<CalendarYearData> Years => years.Values.ToList();

    public bool IsWorkingDay(DateOnly date)
        => listed.TryGetValue(date, out var working)
            ? working
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public bool IsProvisional(int year) => !years.ContainsKey(year);

    /// <summary>The notice year for <paramref name="year"/>, or null when provisional.</summary>
    public CalendarYearData? YearData(int year) => years.GetValueOrDefault(year);

    /// <summary>The holiday name of a listed day (e.g. 春节), or null.</summary>
    public string? HolidayName(DateOnly date) => names.GetValueOrDefault(date);

    /// <summary>True when the notice lists the day (holiday or adjusted working day).</summary>
    public bool IsListed(DateOnly date) => listed.ContainsKey(date);

    /// <summary>
    /// A new calendar with <paramref name="data"/> added. An existing year is refused unless
    /// <paramref name="replace"/> is set.
    /// </summary>
    public StatutoryCalendar With(CalendarYearData data, bool replace = false)
    {
        if (years.ContainsKey(data.Year) && !replace)
            throw new ArgumentException($"The year {data.Year} is already loaded.", nameof(data));
        var all = years.Values.Where(y => y.Year != data.Year).Append(data);
        return new StatutoryCalendar(all);
    }

    /// <summary>
    /// Parses the shipped JSON format: {"years": {"2023": {"notice_url": "...", "off": [...], "work": [...], "names": {...}}}}.
    /// </summary>
    public static IReadOnlyList<CalendarYearData> ParseYears(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new List<CalendarYearData>();
        foreach (var y in doc.RootElement.GetProperty("years").EnumerateObject())
        {
            var year = int.Parse(y.Name, CultureInfo.InvariantCulture);
            var v = y.Value;
            var notice = v.TryGetProperty("notice_url", out var n) ? n.GetString() ?? ""
                : v.TryGetProperty("notice", out var n2) ? n2.GetString() ?? "" : "";
            Dictionary<DateOnly, string>? dayNames = null;
            if (v.TryGetProperty("names", out var ns) && ns.ValueKind == JsonValueKind.Object)
                dayNames = ns.EnumerateObject().ToDictionary(p => DateOnly.ParseExact(p.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture), p => p.Value.GetString() ?? "");
            result.Add(new CalendarYearData(year, Dates(v, "off"), Dates(v, "work"), notice, dayNames));
        }
        return result;

        static List<DateOnly> Dates(JsonElement e, string name)
            => e.TryGetProperty(name, out var a)
                ? a.EnumerateArray().Select(x => DateOnly.ParseExact(x.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList()
                : [];
    }

    private static StatutoryCalendar LoadShipped()
    {
        using var stream = typeof(StatutoryCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new StatutoryCalendar(ParseYears(reader.ReadToEnd()));
    }

    /// <summary>"2023-2026+2028@1a2b3c4d": the loaded year ranges and the first 8 hex of SM3 over the content.</summary>
    private static string ComputeVersion(IEnumerable<CalendarYearData> data)
    {
        var list = data.OrderBy(y => y.Year).ToList();
        if (list.Count == 0) return "none";
        var canonical = new StringBuilder();
        foreach (var y in list)
        {
            canonical.Append(y.Year).Append('|').Append(y.NoticeReference.Trim()).Append("|off:");
            canonical.AppendJoin(',', y.Off.Distinct().Order().Select(Iso)).Append("|work:");
            canonical.AppendJoin(',', y.Work.Distinct().Order().Select(Iso)).Append('\n');
        }
        var ranges = new List<string>();
        int first = list[0].Year, last = first;
        foreach (var y in list.Skip(1).Select(y => y.Year))
        {
            if (y == last + 1) { last = y; continue; }
            ranges.Add(Range(first, last));
            first = last = y;
        }
        ranges.Add(Range(first, last));
        return string.Join('+', ranges) + "@" + Sm3.HashHex(canonical.ToString())[..8];

        static string Range(int a, int b) => a == b ? a.ToString(CultureInfo.InvariantCulture) : $"{a}-{b}";
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
