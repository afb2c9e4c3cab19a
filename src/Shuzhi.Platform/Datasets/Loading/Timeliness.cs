using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>How a load stands against the entry's update cycle (更新周期).</summary>
public enum TimelinessStatus : byte
{
    /// <summary>Loaded on or before the due date.</summary>
    OnTime,
    /// <summary>Loaded after the due date.</summary>
    Late,
    /// <summary>The first load of the entry: there is nothing to be late against (the dimension is not scored).</summary>
    FirstLoad,
    /// <summary>The cycle is 不定期 (irregular): any load is on time.</summary>
    Irregular,
}

/// <param name="Cycle">the entry's update cycle.</param>
/// <param name="Status">on time, late, first load or irregular.</param>
/// <param name="PreviousLoad">when the previous version was loaded (null on the first load).</param>
/// <param name="DueDate">the last China-time calendar date on which this load was on time (null: first load or irregular).</param>
/// <param name="DaysLate">calendar days after <paramref name="DueDate"/> (0 when on time).</param>
/// <param name="Score">the timeliness dimension score 0–100, or null when not scored (first load).</param>
public sealed record TimelinessAssessment(UpdateCycle Cycle, TimelinessStatus Status, DateTimeOffset? PreviousLoad,
    DateOnly? DueDate, int DaysLate, double? Score);

/// <summary>
/// Timeliness against the update cycle — the one place that says how long each cycle allows between two loads.
/// Why: 贵州 art.24 — departments "明确数据更新周期、方式，确保数据及时更新" (seed 001 L342); 无锡 2023 item 3 —
/// "保障开放数据、尤其是高频访问数据的及时更新 … 确保数据的 … 时效性" (seed 002 L464); 福建 一体化公共数据体系 —
/// 目录"动态更新机制常态化运行" (seed 000 L559) and T31 "更新完善数据、提高数据质量" (seed 003 L625); 苏州 task 10 names
/// "数据更新滞后" as a problem to inspect (seed 001 L932). Spec 10 §2: "each load is measured against the entry's update
/// cycle, so a late update is visible".
/// Rule: counted in China-time calendar dates. The load is on time when it falls on or before
/// <c>date(previous load) + interval</c>; RealTime and Daily 1 calendar day, Weekly 7 days, Monthly 1 month,
/// Quarterly 3 months, Yearly 1 year (month arithmetic clamps to the month's last day: 31 Jan + 1 month = 28/29 Feb);
/// Irregular is always on time. Score: 100 on time; when late, falls linearly to 0 at one whole interval past the due date.
/// </summary>
public static class Timeliness
{
    /// <summary>The due date after a load on <paramref name="previous"/> (China date), or null for Irregular.</summary>
    public static DateOnly? DueDate(UpdateCycle cycle, DateOnly previous) => cycle switch
    {
        UpdateCycle.RealTime or UpdateCycle.Daily => previous.AddDays(1),
        UpdateCycle.Weekly => previous.AddDays(7),
        UpdateCycle.Monthly => previous.AddMonths(1),
        UpdateCycle.Quarterly => previous.AddMonths(3),
        UpdateCycle.Yearly => previous.AddYears(1),
        UpdateCycle.Irregular => null,
        _ => throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "unknown update cycle"),
    };

    /// <summary>The cycle's name and its allowed interval in words (Chinese, English), for the report and the documentation.</summary>
    public static (string NameZh, string IntervalZh, string NameEn, string IntervalEn) Describe(UpdateCycle cycle) => cycle switch
    {
        UpdateCycle.RealTime => ("实时", "1 个自然日", "real-time", "1 calendar day"),
        UpdateCycle.Daily => ("每日", "1 个自然日", "daily", "1 calendar day"),
        UpdateCycle.Weekly => ("每周", "7 个自然日", "weekly", "7 calendar days"),
        UpdateCycle.Monthly => ("每月", "1 个月", "monthly", "1 month"),
        UpdateCycle.Quarterly => ("每季度", "3 个月", "quarterly", "3 months"),
        UpdateCycle.Yearly => ("每年", "1 年", "yearly", "1 year"),
        UpdateCycle.Irregular => ("不定期", "不限", "irregular", "none"),
        _ => throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "unknown update cycle"),
    };

    /// <summary>Assesses a load made at <paramref name="now"/> after the previous load (null = first load).</summary>
    public static TimelinessAssessment Assess(UpdateCycle cycle, DateTimeOffset? previousLoad, DateTimeOffset now)
    {
        if (cycle == UpdateCycle.Irregular) return new(cycle, TimelinessStatus.Irregular, previousLoad, null, 0, 100);
        if (previousLoad is not { } prev) return new(cycle, TimelinessStatus.FirstLoad, null, null, 0, null);
        var from = ChinaTime.DateOf(prev);
        var due = DueDate(cycle, from)!.Value;
        var today = ChinaTime.DateOf(now);
        var late = today.DayNumber - due.DayNumber;
        if (late <= 0) return new(cycle, TimelinessStatus.OnTime, prev, due, 0, 100);
        var interval = due.DayNumber - from.DayNumber;
        var score = Math.Max(0, 100.0 * (1 - (double)late / interval));
        return new(cycle, TimelinessStatus.Late, prev, due, late, Math.Round(score, 1));
    }
}
