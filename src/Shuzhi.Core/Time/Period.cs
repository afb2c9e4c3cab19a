namespace Shuzhi.Core.Time;

/// <summary>The unit a statutory period is counted in (01-time.md "Kinds of period").</summary>
public enum PeriodUnit
{
    /// <summary>工作日: "N个工作日内".</summary>
    WorkingDays,
    /// <summary>日 (natural days): "N日内".</summary>
    Days,
    /// <summary>小时: "72小时内"; exact instant, never extended.</summary>
    Hours,
    /// <summary>月: "一个月内".</summary>
    Months,
    /// <summary>年.</summary>
    Years,
}

/// <summary>What the period is used for, which decides how it is counted.</summary>
public enum PeriodKind
{
    /// <summary>A deadline for an act: the day of the event is not counted; rest-day extension applies (except hours).</summary>
    Deadline,
    /// <summary>A term of validity (有效期): the start day is day one; ends the day before the Nth anniversary; never extended.</summary>
    Term,
    /// <summary>A renewal term (自上一届有效期满次日起计算): starts the day after expiry.</summary>
    RenewalTerm,
    /// <summary>A window before an end (期满前一个月内): from the day after the corresponding day before the end, to the end.</summary>
    Window,
}

/// <summary>A statutory period: length, unit and kind.</summary>
public sealed record Period(int Length, PeriodUnit Unit, PeriodKind Kind = PeriodKind.Deadline)
{
    public override string ToString() => $"{Length} {Unit} ({Kind})";
}

/// <summary>
/// The result of counting a period.
/// For day-based deadlines <see cref="LastDay"/> is the last statutory day and <see cref="Due"/> is 24:00 of it.
/// For hours, <see cref="Due"/> is the exact instant and <see cref="LastDay"/> the date on which it falls.
/// For a term, <see cref="LastDay"/> is the last day of validity. For a window, <see cref="WindowStart"/> is
/// the first day and <see cref="LastDay"/> the last.
/// </summary>
public sealed record PeriodResult(
    DateTimeOffset Due,
    DateOnly LastDay,
    DateOnly? WindowStart,
    bool Provisional,
    string CalendarVersion);
