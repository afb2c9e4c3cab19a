using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;

namespace Shuzhi.Platform.Calendar;

/// <summary>A period question as the API and the CLI receive it (strings, validated here once).</summary>
/// <param name="Start">ISO date (2026-02-16) or ISO date-time with offset (2026-10-01T09:30:00+08:00).</param>
/// <param name="Length">A positive integer ≤ 10000.</param>
/// <param name="Unit">working-days | days | hours | months | years.</param>
/// <param name="Kind">deadline (default) | term | renewal | window.</param>
public sealed record PeriodQuery(string? Start, string? Length, string? Unit, string? Kind = null);

/// <summary>
/// The answer to a period question, identical over HTTP (GET /api/v1/time/period) and the CLI (shuzhi period --json).
/// <see cref="Due"/> is an ISO date for day-based periods (the last day; for a window its FIRST day) and an ISO
/// date-time with +08:00 for hours. <see cref="DueInstant"/> is always the instant: 24:00 of the last day, written as
/// 00:00 of the next day +08:00.
/// </summary>
public sealed partial record PeriodAnswer(
    string Start,
    int Length,
    string Unit,
    string Kind,
    string Due,
    string LastDay,
    string DueInstant,
    string? WindowStart,
    string? WindowEnd,
    bool Provisional,
    IReadOnlyList<int> ProvisionalYears,
    string CalendarVersion,
    string Explanation,
    string ExplanationEn)
{
    /// <summary>The JSON shape shared by the API and the CLI (relaxed escaping: "+08:00" and Chinese stay readable; never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly IReadOnlyList<string> Units = ["working-days", "days", "hours", "months", "years"];
    public static readonly IReadOnlyList<string> Kinds = ["deadline", "term", "renewal", "window"];

    /// <summary>Validates the question (400 naming each bad parameter; 422 for a meaningless combination) and counts it.</summary>
    public static PeriodAnswer Compute(IStatutoryCalendar calendar, PeriodQuery q)
    {
        var (start, dateOnly, period) = Parse(q);
        PeriodResult r;
        try
        {
            r = PeriodCalculator.Compute(calendar, start, period);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ValidationProblem("length", "out-of-range", "the period ends outside the supported dates (years 1–9999)");
        }
        var startDate = ChinaTime.DateOf(start);
        var provisionalYears = r.Provisional
            ? Enumerable.Range(Math.Min(startDate.Year, r.LastDay.Year), Math.Abs(r.LastDay.Year - startDate.Year) + 1)
                .Where(calendar.IsProvisional).ToList()
            : [];
        var hours = period.Unit == PeriodUnit.Hours;
        var window = period.Kind == PeriodKind.Window;
        var (zh, en) = Explain(period);
        return new PeriodAnswer(
            Start: dateOnly ? Iso(startDate) : IsoInstant(start),
            Length: period.Length,
            Unit: UnitName(period.Unit),
            Kind: KindName(period.Kind),
            Due: hours ? IsoInstant(r.Due) : window ? Iso(r.WindowStart!.Value) : Iso(r.LastDay),
            LastDay: Iso(r.LastDay),
            DueInstant: IsoInstant(r.Due),
            WindowStart: window ? Iso(r.WindowStart!.Value) : null,
            WindowEnd: window ? Iso(r.LastDay) : null,
            Provisional: r.Provisional,
            ProvisionalYears: provisionalYears,
            CalendarVersion: r.CalendarVersion,
            Explanation: zh,
            ExplanationEn: en);
    }

    /// <summary>Parses and validates a question; throws 400 (bad parameters) or 422 (meaningless combination).</summary>
    public static (DateTimeOffset Start, bool DateOnly, Period Period) Parse(PeriodQuery q)
    {
        var errors = new List<FieldError>();
        DateTimeOffset start = default;
        // A "+" in an unencoded query string arrives as a space: "2026-10-01T09:30:00 08:00" means +08:00.
        if (q.Start is not null && SpaceForPlus().IsMatch(q.Start.Trim()))
            q = q with { Start = SpaceForPlus().Replace(q.Start.Trim(), "$1+$2") };
        var dateOnly = false;
        if (string.IsNullOrWhiteSpace(q.Start))
            errors.Add(new FieldError("start", "required", "start is required: an ISO date (2026-02-16) or date-time with offset (2026-10-01T09:30:00+08:00)"));
        else if (DateOnly.TryParseExact(q.Start.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            // Out of range: named, and never converted (0001-01-01 00:00 +08:00 is before DateTimeOffset.MinValue in UTC).
            if (d.Year is < 1900 or > 2200)
                errors.Add(new FieldError("start", "range", "start must be between 1900 and 2200"));
            else start = ChinaTime.StartOf(d);
            dateOnly = true;
        }
        else if (DateTimePattern().IsMatch(q.Start.Trim())
                 && DateTimeOffset.TryParse(q.Start.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            if (t.Year is < 1900 or > 2200)
                errors.Add(new FieldError("start", "range", "start must be between 1900 and 2200"));
            else start = ChinaTime.ToChina(t);
        }
        else if (LocalDateTimePattern().IsMatch(q.Start.Trim()))
            errors.Add(new FieldError("start", "offset-required", $"start '{q.Start}' has no UTC offset: write e.g. {q.Start.Trim()}+08:00"));
        else
            errors.Add(new FieldError("start", "format", $"start '{q.Start}' is not an ISO date (2026-02-16) or date-time with offset (2026-10-01T09:30:00+08:00)"));

        var length = 0;
        if (string.IsNullOrWhiteSpace(q.Length))
            errors.Add(new FieldError("length", "required", $"length is required: a positive integer ≤ {PeriodCalculator.MaxLength}"));
        else if (!int.TryParse(q.Length.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length < 1 || length > PeriodCalculator.MaxLength)
            errors.Add(new FieldError("length", "range", $"length must be a positive integer ≤ {PeriodCalculator.MaxLength} (got '{q.Length}')"));

        PeriodUnit unit = default;
        if (string.IsNullOrWhiteSpace(q.Unit))
            errors.Add(new FieldError("unit", "required", $"unit is required: one of {string.Join(", ", Units)}"));
        else if (ParseUnit(q.Unit) is PeriodUnit u) unit = u;
        else errors.Add(new FieldError("unit", "one-of", $"unit '{q.Unit}' is not one of {string.Join(", ", Units)}"));

        var kind = PeriodKind.Deadline;
        if (!string.IsNullOrWhiteSpace(q.Kind))
        {
            if (ParseKind(q.Kind) is PeriodKind k) kind = k;
            else errors.Add(new FieldError("kind", "one-of", $"kind '{q.Kind}' is not one of {string.Join(", ", Kinds)}"));
        }
        if (errors.Count > 0)
            throw new ProblemException(400, "bad-request", "请求无效 / Bad request", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Detail}")), errors);

        var period = new Period(length, unit, kind);
        if (unit == PeriodUnit.Hours && kind != PeriodKind.Deadline)
            throw new ValidationProblem("kind", "hours-deadline-only",
                $"kind={KindName(kind)} is meaningless with unit=hours: an hours period is an exact deadline (instant + N hours)");
        if (PeriodCalculator.Problem(period) is string problem)
            throw new ValidationProblem("kind", "meaningless-for-unit", problem);
        return (start, dateOnly, period);
    }

    public static PeriodUnit? ParseUnit(string s) => s.Trim().ToLowerInvariant() switch
    {
        "working-days" or "workingdays" or "working-day" or "工作日" => PeriodUnit.WorkingDays,
        "days" or "day" or "日" or "天" => PeriodUnit.Days,
        "hours" or "hour" or "小时" => PeriodUnit.Hours,
        "months" or "month" or "月" or "个月" => PeriodUnit.Months,
        "years" or "year" or "年" => PeriodUnit.Years,
        _ => null,
    };

    public static PeriodKind? ParseKind(string s) => s.Trim().ToLowerInvariant() switch
    {
        "deadline" => PeriodKind.Deadline,
        "term" => PeriodKind.Term,
        "renewal" or "renewal-term" or "renewalterm" => PeriodKind.RenewalTerm,
        "window" => PeriodKind.Window,
        _ => null,
    };

    public static string UnitName(PeriodUnit u) => u switch
    {
        PeriodUnit.WorkingDays => "working-days",
        PeriodUnit.Days => "days",
        PeriodUnit.Hours => "hours",
        PeriodUnit.Months => "months",
        _ => "years",
    };

    public static string KindName(PeriodKind k) => k switch
    {
        PeriodKind.Deadline => "deadline",
        PeriodKind.Term => "term",
        PeriodKind.RenewalTerm => "renewal",
        _ => "window",
    };

    /// <summary>The rule applied, in words (zh-CN, en).</summary>
    public static (string Zh, string En) Explain(Period p)
    {
        var n = p.Length;
        var (uz, ue) = p.Unit switch
        {
            PeriodUnit.WorkingDays => ($"{n}个工作日", $"{n} working day(s)"),
            PeriodUnit.Days => ($"{n}日", $"{n} day(s)"),
            PeriodUnit.Hours => ($"{n}小时", $"{n} hour(s)"),
            PeriodUnit.Months => ($"{n}个月", $"{n} month(s)"),
            _ => ($"{n}年", $"{n} year(s)"),
        };
        return (p.Kind, p.Unit) switch
        {
            (PeriodKind.Deadline, PeriodUnit.WorkingDays) => (
                $"事件当日不计入，自次日起计算{uz}（事件发生在休息日的，自下一个工作日起算），期限至第{n}个工作日24时。",
                $"The day of the event is not counted; {ue} are counted from the next day (an event on a rest day starts counting at the next working day); due at 24:00 of the {Ordinal(n)} working day."),
            (PeriodKind.Deadline, PeriodUnit.Hours) => (
                $"自事件发生时刻起精确计算{uz}，不因节假日顺延。",
                $"Exactly {ue} from the instant of the event; never extended for holidays."),
            (PeriodKind.Deadline, PeriodUnit.Days) => (
                $"事件当日不计入，期间最后一日为事件日后第{n}日；最后一日是休息日的，顺延至其后第一个工作日；期限至最后一日24时。",
                $"The day of the event is not counted; the last day is the event date + {n}; if it is a rest day, the last day becomes the next working day; due at 24:00 of the last day."),
            (PeriodKind.Deadline, _) => (
                $"期间最后一日为{uz}后到期月的对应日，该月无对应日的为该月最后一日；最后一日是休息日的，顺延至其后第一个工作日；期限至最后一日24时。",
                $"The last day is the corresponding day {ue} later (or that month's last day if it has no such day); if it is a rest day, the next working day; due at 24:00 of the last day."),
            (PeriodKind.Term, _) => (
                $"有效期{uz}，起始日计为第一日，至第{n}个周年（对应日）的前一日届满；平年无2月29日的，以3月1日为对应日；有效期不因休息日顺延。",
                $"A term of {ue}: the start day is day one and the term ends the day before the corresponding day {ue} later (29 February in a common year corresponds to 1 March); never extended for rest days."),
            (PeriodKind.RenewalTerm, _) => (
                $"续展期自上一届有效期届满之日的次日起计算{uz}，至届满日{uz}后的对应日止；不因休息日顺延。",
                $"The renewed term starts the day after the given expiry and runs {ue}, ending on the corresponding day {ue} after the expiry; never extended for rest days."),
            _ => (
                $"期满前{uz}内：自结束日前{uz}对应日的次日起，至结束日止（含首尾两日）；不因休息日调整。",
                $"Within {ue} before the end: from the day after the corresponding day {ue} before the end, to the end, both inclusive; not moved for rest days."),
        };
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string IsoInstant(DateTimeOffset t) => ChinaTime.ToChina(t).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?) (\d{2}:?\d{2})$")]
    private static partial Regex SpaceForPlus();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$")]
    private static partial Regex LocalDateTimePattern();
}
