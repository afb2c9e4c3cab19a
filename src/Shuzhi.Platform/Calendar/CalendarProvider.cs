using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Calendar;

/// <summary>
/// Called when an administrator loads a calendar year, inside the same unit of work, before it is saved:
/// Cases recomputes the provisional due dates that the new year affects. Register implementations scoped.
/// </summary>
public interface ICalendarYearLoaded
{
    Task OnLoadedAsync(IStatutoryCalendar calendar, int year, CancellationToken ct);
}

/// <summary>
/// The current statutory calendar: the years shipped with the platform plus the years loaded into the database
/// (a loaded year adds a year, or replaces a shipped one if the administrator said so). Scoped; the database is
/// read once per scope (the table holds a handful of rows), so the server and a CLI process never disagree for long.
/// </summary>
public sealed class CalendarProvider(ShuzhiDb db)
{
    private StatutoryCalendar? current;

    /// <summary>The calendar to count periods with now.</summary>
    public async Task<StatutoryCalendar> CurrentAsync(CancellationToken ct = default)
        => current ??= Combine(await db.Set<CalendarYear>().AsNoTracking().ToListAsync(ct));

    /// <summary>Forgets the cached calendar (after a year was loaded in this scope).</summary>
    public void Invalidate() => current = null;

    /// <summary>Shipped years, with the loaded years added or (when flagged) replacing shipped ones.</summary>
    public static StatutoryCalendar Combine(IEnumerable<CalendarYear> loaded)
    {
        var years = StatutoryCalendar.ShippedYears().ToDictionary(y => y.Year);
        foreach (var row in loaded)
        {
            if (years.ContainsKey(row.Year) && !row.ReplacesShipped) continue; // never silently override the shipped notice
            years[row.Year] = row.ToData();
        }
        return new StatutoryCalendar(years.Values);
    }
}
