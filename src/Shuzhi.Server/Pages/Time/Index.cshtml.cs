using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Time;

/// <summary>/time: period calculator, the calendar of a year, and (for platform administrators) loading a year.</summary>
[Authorize(Policy = "signed-in")]
public sealed class IndexModel(ComputePeriod compute, GetCalendar calendar, ImportCalendarYear import, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? Length { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    [BindProperty] public string? ImportJson { get; set; }
    [BindProperty] public IFormFile? ImportFile { get; set; }
    [BindProperty] public string? ImportNotice { get; set; }
    [BindProperty] public bool ImportReplace { get; set; }

    public PeriodAnswer? Answer { get; private set; }
    public ProblemException? PeriodProblem { get; private set; }
    public GetCalendar.YearInfo? YearInfo { get; private set; }
    public string CalendarVersion { get; private set; } = "";
    public ProblemException? ImportProblem { get; private set; }
    public ImportCalendarYear.Result? Imported { get; private set; }
    public bool CanImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Start) || !string.IsNullOrWhiteSpace(Length))
        {
            try
            {
                Answer = await compute.Handle(HttpContext.Actor(), new PeriodQuery(Start, Length, Unit, Kind), ct);
            }
            catch (ProblemException p)
            {
                PeriodProblem = p;
            }
        }
        await LoadYearAsync(ct);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        try
        {
            actor.Require(Policies.Administer);
            string json;
            if (ImportFile is { Length: > 0 })
            {
                if (ImportFile.Length > 200_000) throw new BadRequestProblem("file", "max-size", "the file is larger than 200 kB");
                using var reader = new StreamReader(ImportFile.OpenReadStream());
                json = await reader.ReadToEndAsync(ct);
            }
            else if (!string.IsNullOrWhiteSpace(ImportJson)) json = ImportJson;
            else throw new BadRequestProblem("json", "required", "paste the year as JSON or upload a file");
            var command = ImportCalendarYear.ParseJson(json, ImportNotice, ImportReplace);
            Imported = await import.Handle(actor, command, ct);
            Year = Imported.Year;
        }
        catch (ProblemException p)
        {
            ImportProblem = p;
        }
        await LoadYearAsync(ct);
        return Page();
    }

    private async Task LoadYearAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        CanImport = actor.Satisfies(Policies.Administer);
        var year = Year is >= 1900 and <= 2200 ? Year.Value : ChinaTime.DateOf(clock.GetUtcNow()).Year;
        Year = year;
        var answer = await calendar.Handle(actor, new GetCalendar.Query(year, year), ct);
        YearInfo = answer.Years[0];
        CalendarVersion = answer.CalendarVersion;
    }
}
