namespace Shuzhi.Core.Time;

/// <summary>
/// Counts statutory periods (01-time.md "Kinds of period"). The one place periods are computed.
/// <list type="bullet">
/// <item>Working days (deadline): the event day is not counted; count N working days after it (an event on a
/// rest day thus starts counting at the next working day); due 24:00 of the Nth.</item>
/// <item>Natural days (deadline): last day = event date + N; a rest day moves it to the next working day.</item>
/// <item>Hours: the exact instant + N hours; never extended.</item>
/// <item>Months / years (deadline): the corresponding day of the ending month (or that month's last day);
/// rest-day extension as for natural days.</item>
/// <item>Term: the start day is day one; ends the day before the Nth anniversary (29 Feb → 1 Mar in a common
/// year, so the term ends 28 Feb); never extended.</item>
/// <item>Renewal term: the given date is the expiry of the previous term; the renewed term starts the day after
/// and ends the day before the corresponding day N later (expiry 2027-03-14 → 2030-03-14).</item>
/// <item>Window: the given date is the end; the window runs from the day after the corresponding day N before
/// the end to the end inclusive (2027-03-14, 1 month → 2027-02-15 … 2027-03-14).</item>
/// </list>
/// <see cref="PeriodResult.Provisional"/> is true when the result depends on the calendar and a day of the counted
/// span lies in a year without a notice. Terms, windows and hours do not consult the calendar and are never provisional.
/// </summary>
public static class PeriodCalculator
{
    /// <summary>Upper bound on a period's length (guards against runaway counting).</summary>
    public const int MaxLength = 10000;

    /// <summary>Counts <paramref name="period"/> from the triggering event at <paramref name="start"/>.</summary>
    public static PeriodResult Compute(IStatutoryCalendar calendar, DateTimeOffset start, Period period)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(period);
        Validate(period);
        var startDate = ChinaTime.DateOf(start);
        switch (period.Kind)
        {
            case PeriodKind.Deadline:
                if (period.Unit == PeriodUnit.Hours)
                {
                    var due = ChinaTime.ToChina(start).AddHours(period.Length);
                    return new PeriodResult(due, ChinaTime.DateOf(due), null, false, calendar.Version);
                }
                var last = period.Unit switch
                {
                    PeriodUnit.WorkingDays => AddWorkingDays(calendar, startDate, period.Length),
                    PeriodUnit.Days => NextWorkingDayOnOrAfter(calendar, startDate.AddDays(period.Length)),
                    PeriodUnit.Months => NextWorkingDayOnOrAfter(calendar, startDate.AddMonths(period.Length)),
                    PeriodUnit.Years => NextWorkingDayOnOrAfter(calendar, startDate.AddMonths(checked(12 * period.Length))),
                    _ => throw new ArgumentOutOfRangeException(nameof(period)),
                };
                return DayResult(calendar, startDate, last, null, true);

            case PeriodKind.Term:
                return DayResult(calendar, startDate, TermEnd(startDate, period), null, false);

            case PeriodKind.RenewalTerm:
                return DayResult(calendar, startDate, TermEnd(startDate.AddDays(1), period), null, false);

            case PeriodKind.Window:
            {
                var end = startDate;
                var before = period.Unit switch
                {
                    PeriodUnit.WorkingDays => SubtractWorkingDays(calendar, end, period.Length),
                    PeriodUnit.Days => end.AddDays(-period.Length),
                    PeriodUnit.Months => end.AddMonths(-period.Length),
                    PeriodUnit.Years => end.AddMonths(checked(-12 * period.Length)),
                    _ => throw new ArgumentOutOfRangeException(nameof(period)),
                };
                var first = before.AddDays(1);
                var provisional = period.Unit == PeriodUnit.WorkingDays && AnyProvisional(calendar, first, end);
                return new PeriodResult(ChinaTime.EndOf(end), end, first, provisional, calendar.Version);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(period), period.Kind, "Unknown period kind.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a period that cannot be counted (with a reason).</summary>
    public static void Validate(Period period)
    {
        var problem = Problem(period);
        if (problem is not null) throw new ArgumentException(problem, nameof(period));
    }

    /// <summary>Why a period cannot be counted, or null when it can.</summary>
    public static string? Problem(Period period)
    {
        if (period.Length < 1 || period.Length > MaxLength)
            return $"length must be a positive integer ≤ {MaxLength}";
        if (!Enum.IsDefined(period.Unit) || !Enum.IsDefined(period.Kind)) return "unknown unit or kind";
        if (period.Unit == PeriodUnit.Hours && period.Kind != PeriodKind.Deadline)
            return $"a period in hours is always a deadline (exact instant + N hours); kind {period.Kind} is meaningless for hours";
        if (period.Unit == PeriodUnit.WorkingDays && period.Kind is PeriodKind.Term or PeriodKind.RenewalTerm)
            return "a term of validity is counted in days, months or years, not working days";
        return null;
    }

    /// <summary>
    /// Working days still left on a working-day clock suspended at <paramref name="suspendedAt"/>: the working days
    /// after the suspension day up to and including <paramref name="lastDay"/> (the suspension day itself is used up). Never negative.
    /// </summary>
    public static int RemainingWorkingDays(IStatutoryCalendar calendar, DateTimeOffset suspendedAt, DateOnly lastDay)
    {
        var count = 0;
        for (var d = ChinaTime.DateOf(suspendedAt).AddDays(1); d <= lastDay; d = d.AddDays(1))
            if (calendar.IsWorkingDay(d)) count++;
        return count;
    }

    /// <summary>
    /// The new working-day deadline when a suspended clock resumes at <paramref name="resumedAt"/> with
    /// <paramref name="remainingWorkingDays"/> left, counted as a fresh working-day deadline from the resumption event.
    /// With none left, the last day is the resumption day itself (or the next working day if it is a rest day).
    /// </summary>
    public static PeriodResult Resume(IStatutoryCalendar calendar, DateTimeOffset resumedAt, int remainingWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remainingWorkingDays);
        if (remainingWorkingDays > 0)
            return Compute(calendar, resumedAt, new Period(remainingWorkingDays, PeriodUnit.WorkingDays));
        var day = ChinaTime.DateOf(resumedAt);
        return DayResult(calendar, day, NextWorkingDayOnOrAfter(calendar, day), null, true);
    }

    /// <summary>
    /// Extends a deadline whose last day is <paramref name="currentLastDay"/> by <paramref name="extension"/>
    /// (贵州 art.9: "+5 working days"): counted after the current last day, by the rules of a deadline.
    /// </summary>
    public static PeriodResult Extend(IStatutoryCalendar calendar, DateOnly currentLastDay, Period extension)
    {
        if (extension.Kind != PeriodKind.Deadline || extension.Unit == PeriodUnit.Hours)
            throw new ArgumentException("An extension is a day-based deadline period.", nameof(extension));
        return Compute(calendar, ChinaTime.StartOf(currentLastDay), extension);
    }

    /// <summary>The Nth working day after <paramref name="eventDay"/> (the event day is not counted).</summary>
    public static DateOnly AddWorkingDays(IStatutoryCalendar calendar, DateOnly eventDay, int n)
    {
        var d = eventDay;
        for (var counted = 0; counted < n;)
        {
            d = d.AddDays(1);
            if (calendar.IsWorkingDay(d)) counted++;
        }
        return d;
    }

    private static DateOnly SubtractWorkingDays(IStatutoryCalendar calendar, DateOnly end, int n)
    {
        var d = end;
        for (var counted = 0; counted < n;)
        {
            d = d.AddDays(-1);
            if (calendar.IsWorkingDay(d)) counted++;
        }
        return d;
    }

    /// <summary>The day itself if it is a working day, else the next working day (rest-day extension).</summary>
    public static DateOnly NextWorkingDayOnOrAfter(IStatutoryCalendar calendar, DateOnly day)
    {
        var d = day;
        while (!calendar.IsWorkingDay(d)) d = d.AddDays(1);
        return d;
    }

    /// <summary>
    /// The anniversary of <paramref name="start"/> after <paramref name="months"/> months: the corresponding day,
    /// or, when the ending month has no such day (29 Feb in a common year), the first day of the next month.
    /// </summary>
    public static DateOnly Anniversary(DateOnly start, int months)
    {
        var clamped = start.AddMonths(months);
        return clamped.Day < start.Day ? clamped.AddDays(1) : clamped;
    }

    private static DateOnly TermEnd(DateOnly firstDay, Period period) => period.Unit switch
    {
        PeriodUnit.Days => firstDay.AddDays(period.Length - 1),
        PeriodUnit.Months => Anniversary(firstDay, period.Length).AddDays(-1),
        PeriodUnit.Years => Anniversary(firstDay, checked(12 * period.Length)).AddDays(-1),
        _ => throw new ArgumentException($"A term cannot be counted in {period.Unit}.", nameof(period)),
    };

    private static PeriodResult DayResult(IStatutoryCalendar calendar, DateOnly startDate, DateOnly last, DateOnly? windowStart, bool usesCalendar)
        => new(ChinaTime.EndOf(last), last, windowStart, usesCalendar && AnyProvisional(calendar, startDate, last), calendar.Version);

    private static bool AnyProvisional(IStatutoryCalendar calendar, DateOnly from, DateOnly to)
    {
        for (var y = from.Year; y <= to.Year; y++)
            if (calendar.IsProvisional(y)) return true;
        return false;
    }
}
