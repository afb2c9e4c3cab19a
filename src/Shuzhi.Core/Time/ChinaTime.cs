namespace Shuzhi.Core.Time;

/// <summary>
/// Statutory dates are dates in Asia/Shanghai (UTC+08:00, no daylight saving since 1991).
/// Instants are stored in UTC; this converts at the edge.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The statutory date on which an instant falls.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>00:00 of a date in China time.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);

    /// <summary>"24:00" of a date: the instant the date ends (00:00 of the next day), China time.</summary>
    public static DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));

    /// <summary>The instant in China time (offset +08:00), for display.</summary>
    public static DateTimeOffset ToChina(DateTimeOffset instant) => instant.ToOffset(Offset);
}
