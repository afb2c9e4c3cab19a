namespace Shuzhi.Core.Time;

/// <summary>
/// The official calendar of working days and rest days (01-time.md "Calendar").
/// A year with no State Council notice loaded is provisional: weekends only.
/// </summary>
public interface IStatutoryCalendar
{
    /// <summary>Identifies the set of loaded years (changes whenever a year is loaded), kept with every computed due date.</summary>
    string Version { get; }

    /// <summary>工作日: Monday–Friday that is not a holiday, or an adjusted working day (调休上班).</summary>
    bool IsWorkingDay(DateOnly date);

    /// <summary>True when no notice is loaded for the year.</summary>
    bool IsProvisional(int year);
}
