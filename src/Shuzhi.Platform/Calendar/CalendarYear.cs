using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Time;

namespace Shuzhi.Platform.Calendar;

/// <summary>
/// A year of the State Council General Office notice loaded by an administrator (01-time.md "Calendar"):
/// holidays and adjusted working days, the notice it comes from, who loaded it and when.
/// The years 2023–2026 ship with the platform (<see cref="StatutoryCalendar.Shipped"/>) and are not stored here
/// unless an administrator explicitly replaced one (<see cref="ReplacesShipped"/>).
/// </summary>
public sealed class CalendarYear
{
    public int Year { get; set; }
    /// <summary>Holidays, ISO dates separated by commas.</summary>
    public required string OffDates { get; set; }
    /// <summary>Adjusted working days (调休上班), ISO dates separated by commas.</summary>
    public required string WorkDates { get; set; }
    /// <summary>Holiday names by date (JSON object), optional.</summary>
    public string? Names { get; set; }
    /// <summary>The notice, e.g. 国办发明电〔2026〕X号 or its URL on gov.cn.</summary>
    public required string NoticeReference { get; set; }
    /// <summary>True when this year replaces a year shipped with the platform.</summary>
    public bool ReplacesShipped { get; set; }
    public required string LoadedBy { get; set; }
    public DateTimeOffset LoadedAt { get; set; }

    public CalendarYearData ToData() => new(Year, Parse(OffDates), Parse(WorkDates), NoticeReference,
        string.IsNullOrEmpty(Names) ? null
            : JsonSerializer.Deserialize<Dictionary<string, string>>(Names)!
                .ToDictionary(p => DateOnly.ParseExact(p.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), p => p.Value));

    public static string Join(IEnumerable<DateOnly> dates)
        => string.Join(',', dates.Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static List<DateOnly> Parse(string s)
        => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => DateOnly.ParseExact(x, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
}

internal sealed class CalendarYearConfig : IEntityTypeConfiguration<CalendarYear>
{
    public void Configure(EntityTypeBuilder<CalendarYear> b)
    {
        b.ToTable("calendar_years");
        b.HasKey(y => y.Year);
        b.Property(y => y.Year).ValueGeneratedNever();
        b.Property(y => y.OffDates).HasMaxLength(4000);
        b.Property(y => y.WorkDates).HasMaxLength(4000);
        b.Property(y => y.Names).HasMaxLength(8000);
        b.Property(y => y.NoticeReference).HasMaxLength(500);
        b.Property(y => y.LoadedBy).HasMaxLength(64);
    }
}
