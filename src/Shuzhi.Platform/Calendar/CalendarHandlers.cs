using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Calendar;

/// <summary>GET /api/v1/time/period and `shuzhi period`: counts a statutory period with the current calendar.</summary>
public sealed class ComputePeriod(CalendarProvider calendars)
{
    public async Task<PeriodAnswer> Handle(Actor actor, PeriodQuery q, CancellationToken ct)
    {
        PeriodAnswer.Parse(q); // validate first: 400/422 naming the parameter
        actor.Require(Policies.SignedIn);
        return PeriodAnswer.Compute(await calendars.CurrentAsync(ct), q);
    }
}

/// <summary>GET /api/v1/time/day/{date}: is a date a working day, which holiday, provisional?</summary>
public sealed class DescribeDay(CalendarProvider calendars)
{
    public sealed record Answer(string Date, string Weekday, bool WorkingDay, string Type, string? Holiday, bool Adjusted,
        bool Provisional, string? NoticeReference, string CalendarVersion);

    public async Task<Answer> Handle(Actor actor, string? date, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new BadRequestProblem("date", "format", $"date '{date}' is not an ISO date like 2026-10-01");
        actor.Require(Policies.SignedIn);
        var cal = await calendars.CurrentAsync(ct);
        return Describe(cal, d);
    }

    public static Answer Describe(StatutoryCalendar cal, DateOnly d)
    {
        var working = cal.IsWorkingDay(d);
        var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var listed = cal.IsListed(d);
        var type = (working, listed, weekend) switch
        {
            (true, true, true) => "adjusted-working-day",
            (true, _, _) => "working-day",
            (false, true, _) => "holiday",
            _ => "weekend",
        };
        return new Answer(PeriodAnswer.Iso(d), d.DayOfWeek.ToString(), working, type,
            cal.HolidayName(d), working && listed && weekend, cal.IsProvisional(d.Year),
            cal.YearData(d.Year)?.NoticeReference, cal.Version);
    }
}

/// <summary>GET /api/v1/time/calendar: the years of the calendar in a range, where each comes from, and its listed days.</summary>
public sealed class GetCalendar(CalendarProvider calendars, ShuzhiDb db)
{
    public sealed record Query(int? From, int? To);
    public sealed record ListedDay(string Date, bool WorkingDay, string? Name);
    public sealed record YearInfo(int Year, string Source, string? NoticeReference, bool Provisional, int OffCount, int WorkCount,
        string? LoadedBy, DateTimeOffset? LoadedAt, IReadOnlyList<ListedDay> Days);
    public sealed record Answer(string CalendarVersion, IReadOnlyList<YearInfo> Years);

    public async Task<Answer> Handle(Actor actor, Query q, CancellationToken ct)
    {
        var thisYear = ChinaTime.DateOf(db.Clock.GetUtcNow()).Year;
        var from = q.From ?? Math.Min(2023, thisYear);
        var to = q.To ?? Math.Max(from, thisYear + 1);
        ValidateRange(from, to);
        actor.Require(Policies.SignedIn);
        var cal = await calendars.CurrentAsync(ct);
        var rows = await db.Set<CalendarYear>().AsNoTracking().Where(y => y.Year >= from && y.Year <= to).ToListAsync(ct);
        var shipped = StatutoryCalendar.ShippedYears().Select(y => y.Year).ToHashSet();
        var years = new List<YearInfo>();
        for (var y = from; y <= to; y++)
        {
            var data = cal.YearData(y);
            var row = rows.FirstOrDefault(r => r.Year == y && (r.ReplacesShipped || !shipped.Contains(y)));
            var source = data is null ? "none" : row is not null ? (row.ReplacesShipped ? "imported-replacing-shipped" : "imported") : "shipped";
            years.Add(new YearInfo(y, source, data?.NoticeReference, data is null, data?.Off.Count ?? 0, data?.Work.Count ?? 0,
                row?.LoadedBy, row?.LoadedAt, ListDays(cal, y)));
        }
        return new Answer(cal.Version, years);
    }

    /// <summary>The year range a listing may ask for (the API and the CLI).</summary>
    public static void ValidateRange(int from, int to) => new Validator()
        .Require(from is >= 1900 and <= 2200, "from", "range", "from must be a year between 1900 and 2200")
        .Require(to is >= 1900 and <= 2200, "to", "range", "to must be a year between 1900 and 2200")
        .Require(to >= from, "to", "not-before-from", "to must not be before from")
        .Require(to - from < 50, "to", "max-span", "at most 50 years at once")
        .ThrowIfAny();

    /// <summary>The notice's holidays and adjusted working days of a year, in date order (empty for a provisional year).</summary>
    public static IReadOnlyList<ListedDay> ListDays(StatutoryCalendar cal, int year)
    {
        var data = cal.YearData(year);
        return data is null ? [] : data.Off.Select(d => (d, Work: false)).Concat(data.Work.Select(d => (d, Work: true)))
            .OrderBy(x => x.d).Select(x => new ListedDay(PeriodAnswer.Iso(x.d), x.Work, cal.HolidayName(x.d))).ToList();
    }
}

/// <summary>
/// POST /api/v1/time/calendar/years and `shuzhi calendar import`: an administrator loads a year of the State Council
/// notice. Years shipped with the platform, or already loaded, are refused unless <see cref="Command.Replace"/> is set.
/// Registered <see cref="ICalendarYearLoaded"/> handlers (Cases) recompute provisional due dates in the same transaction.
/// </summary>
public sealed class ImportCalendarYear(ShuzhiDb db, CalendarProvider calendars, IEnumerable<ICalendarYearLoaded> listeners)
{
    public const int MinYear = 2000, MaxYear = 2100;
    /// <summary>How far into the neighbouring year a notice may list days (e.g. 2022-12-31 in the 2023 notice).</summary>
    public const int NeighbourDays = 10;

    public sealed record Command(int? Year, IReadOnlyList<string>? Off, IReadOnlyList<string>? Work, string? NoticeReference,
        IReadOnlyDictionary<string, string>? Names = null, bool Replace = false);

    public sealed record Result(int Year, string Source, int OffCount, int WorkCount, string NoticeReference, string CalendarVersion,
        string PreviousCalendarVersion, bool Replaced);

    public async Task<Result> Handle(Actor actor, Command c, CancellationToken ct)
    {
        // 1. validate
        var v = new Validator();
        v.Require(c.Year is >= MinYear and <= MaxYear, "year", "range", $"year must be between {MinYear} and {MaxYear}");
        v.NotBlank(c.NoticeReference, "noticeReference", "通知文号或网址");
        v.MaxLength(c.NoticeReference, 500, "noticeReference");
        var year = c.Year ?? 0;
        var off = Dates(v, "off", c.Off, year);
        var work = Dates(v, "work", c.Work, year);
        v.Require(c.Off is { Count: > 0 }, "off", "required", "off must list the holidays of the notice");
        foreach (var d in off.Intersect(work))
            v.Require(false, "work", "both-off-and-work", $"{PeriodAnswer.Iso(d)} is listed both as a holiday and as a working day");
        foreach (var d in work.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
            v.Require(false, "work", "work-on-weekend", $"{PeriodAnswer.Iso(d)} is a {d.DayOfWeek}: an adjusted working day (调休上班) is always a Saturday or Sunday");
        if (off.Count > 0)
            v.Require(off.Any(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)), "off", "holiday-on-weekday",
                "no listed holiday falls on a weekday, so the list changes nothing: check the dates");
        var names = new Dictionary<DateOnly, string>();
        foreach (var (key, name) in c.Names ?? new Dictionary<string, string>())
        {
            if (!DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                v.Require(false, $"names.{key}", "date-format", $"'{key}' is not an ISO date");
            else if (!off.Contains(d) && !work.Contains(d))
                v.Require(false, $"names.{key}", "unlisted", $"{key} is named but listed neither in off nor in work");
            else if (string.IsNullOrWhiteSpace(name) || name.Length > 50)
                v.Require(false, $"names.{key}", "length", "a holiday name has 1–50 characters");
            else names[d] = name.Trim();
        }
        v.ThrowIfAny();

        // 2. policy
        actor.Require(Policies.Administer);

        // 3. conflicts with what is loaded
        var current = await calendars.CurrentAsync(ct);
        var shipped = StatutoryCalendar.ShippedYears().Any(y => y.Year == year);
        var existing = await db.Set<CalendarYear>().FirstOrDefaultAsync(y => y.Year == year, ct);
        if (!c.Replace && shipped)
            throw new ConflictProblem("year-shipped", $"{year} ships with the platform from the published notice; set replace=true to replace it deliberately (audited).");
        if (!c.Replace && existing is not null)
            throw new ConflictProblem("year-imported", $"{year} was already loaded by {existing.LoadedBy}; set replace=true to replace it (audited).");
        // a day of a neighbouring year must not contradict that year's own notice
        var others = new List<FieldError>();
        foreach (var (d, working) in off.Select(d => (d, false)).Concat(work.Select(d => (d, true))).Where(x => x.d.Year != year))
        {
            var neighbour = current.YearData(d.Year);
            if (neighbour is null) continue;
            var listedThere = neighbour.Off.Contains(d) ? false : neighbour.Work.Contains(d) ? true : (bool?)null;
            var there = listedThere ?? d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            if (listedThere is not null && there != working)
                others.Add(new FieldError(working ? "work" : "off", "contradicts-neighbour-year",
                    $"{PeriodAnswer.Iso(d)} is a {(there ? "working day" : "rest day")} in the loaded notice for {d.Year}"));
        }
        if (others.Count > 0) throw new ValidationProblem(others);

        // 4. the act
        var data = new CalendarYearData(year, off.Order().ToList(), work.Order().ToList(), c.NoticeReference!.Trim(), names.Count > 0 ? names : null);
        var next = current.With(data, replace: true);
        var now = db.Clock.GetUtcNow();
        var namesJson = names.Count > 0 ? JsonSerializer.Serialize(names.ToDictionary(p => PeriodAnswer.Iso(p.Key), p => p.Value), ShuzhiDb.AuditJson) : null;
        if (existing is null)
        {
            db.Add(new CalendarYear
            {
                Year = year, OffDates = CalendarYear.Join(off), WorkDates = CalendarYear.Join(work), Names = namesJson,
                NoticeReference = data.NoticeReference, ReplacesShipped = shipped, LoadedBy = actor.Username, LoadedAt = now,
            });
        }
        else
        {
            existing.OffDates = CalendarYear.Join(off);
            existing.WorkDates = CalendarYear.Join(work);
            existing.Names = namesJson;
            existing.NoticeReference = data.NoticeReference;
            existing.ReplacesShipped = shipped;
            existing.LoadedBy = actor.Username;
            existing.LoadedAt = now;
        }
        foreach (var l in listeners) await l.OnLoadedAsync(next, year, ct);
        var replaced = shipped || existing is not null;
        db.Audit(actor, replaced ? "calendar.year.replace" : "calendar.year.import", $"calendar-year:{year}", new
        {
            year, notice = data.NoticeReference, off = off.Order().Select(PeriodAnswer.Iso), work = work.Order().Select(PeriodAnswer.Iso),
            replacedShipped = shipped, replacedImport = existing is not null, previousVersion = current.Version, version = next.Version,
        });
        await db.SaveChangesAsync(ct);
        calendars.Invalidate();
        return new Result(year, shipped ? "imported-replacing-shipped" : "imported", off.Count, work.Count, data.NoticeReference,
            next.Version, current.Version, replaced);
    }

    /// <summary>
    /// Parses a year as the API takes it, {year, off:[…], work:[…], noticeReference?, names?, replace?}, or the shipped
    /// multi-year format holding exactly one year (used by the CLI file import and the web upload).
    /// <paramref name="notice"/>, when given, overrides the notice reference in the JSON.
    /// </summary>
    public static Command ParseJson(string json, string? notice, bool replace, string field = "json")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new BadRequestProblem(field, "json", $"not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new BadRequestProblem(field, "json", "expected a JSON object {year, off, work, noticeReference}");
            if (root.TryGetProperty("years", out var years) && years.ValueKind == JsonValueKind.Object)
            {
                IReadOnlyList<CalendarYearData> list;
                try { list = StatutoryCalendar.ParseYears(root.GetRawText()); }
                catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
                { throw new BadRequestProblem(field, "json", $"not a calendar file: {e.Message}"); }
                if (list.Count != 1) throw new BadRequestProblem(field, "one-year", "the file must hold exactly one year");
                var y = list[0];
                return new Command(y.Year, y.Off.Select(PeriodAnswer.Iso).ToList(), y.Work.Select(PeriodAnswer.Iso).ToList(),
                    string.IsNullOrWhiteSpace(notice) ? y.NoticeReference : notice,
                    y.Names?.ToDictionary(p => PeriodAnswer.Iso(p.Key), p => p.Value), replace);
            }
            Command? c;
            try { c = root.Deserialize<Command>(PeriodAnswer.Json); }
            catch (JsonException e) { throw new BadRequestProblem(field, "json", e.Message); }
            if (c is null) throw new BadRequestProblem(field, "json", "holds no year");
            return c with { NoticeReference = string.IsNullOrWhiteSpace(notice) ? c.NoticeReference : notice, Replace = replace || c.Replace };
        }
    }

    /// <summary>Parses a date list; each date must be in the year or within <see cref="NeighbourDays"/> days of it (New Year spill-over).</summary>
    private static HashSet<DateOnly> Dates(Validator v, string field, IReadOnlyList<string>? values, int year)
    {
        var set = new HashSet<DateOnly>();
        if (values is null) return set;
        for (var i = 0; i < values.Count; i++)
        {
            var s = values[i];
            if (!DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                v.Require(false, $"{field}[{i}]", "date-format", $"'{s}' is not an ISO date like {year}-10-01");
                continue;
            }
            if (year is >= MinYear and <= MaxYear)
            {
                var ok = d.Year == year
                    || d.Year == year - 1 && d >= new DateOnly(year, 1, 1).AddDays(-NeighbourDays)
                    || d.Year == year + 1 && d < new DateOnly(year + 1, 1, 1).AddDays(NeighbourDays);
                v.Require(ok, $"{field}[{i}]", "date-in-year",
                    $"{PeriodAnswer.Iso(d)} is not in {year} (a notice may list only days of its year, or the New Year days within {NeighbourDays} days of it)");
            }
            v.Require(set.Add(d), $"{field}[{i}]", "duplicate", $"{PeriodAnswer.Iso(d)} is listed twice");
        }
        return set;
    }
}
