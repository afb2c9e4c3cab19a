namespace Shuzhi.Core.Time;

/// <summary>Counts statutory periods (01-time.md). The one place periods are computed.</summary>
public static class PeriodCalculator
{
    /// <summary>Counts <paramref name="period"/> from the triggering event at <paramref name="start"/>.</summary>
    public static PeriodResult Compute(IStatutoryCalendar calendar, DateTimeOffset start, Period period)
        => throw new NotImplementedException("time helper implements this");
}
