using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>/sharing/corrections: reports of doubtful or wrong data (贵州 art.25) — the consumer reports, everyone lists what they may see.</summary>
[Authorize(Policy = "sharing-read")]
public sealed class CorrectionsModel(ListCorrections list, ReportCorrection report) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    public IReadOnlyList<CorrectionView> Items { get; private set; } = [];
    public bool CanReport { get; private set; }
    public ProblemException? Problem { get; private set; }

    [BindProperty] public string? Entry { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Rows { get; set; }
    [BindProperty] public string? Fields { get; set; }
    [BindProperty] public string? Description { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        CanReport = actor.Satisfies(Policies.SharingApply);
        try { Items = await list.Handle(actor, State, ct); }
        catch (BadRequestProblem p) { Problem = p; Items = await list.Handle(actor, null, ct); }
        return Page();
    }

    public async Task<IActionResult> OnPostReportAsync(CancellationToken ct)
    {
        var fields = (Fields ?? "").Split([',', '，', '、', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            var r = await report.Handle(HttpContext.Actor(), new ReportCorrection.Command(Entry, Version, Rows, fields, Description), ct);
            return Redirect($"/sharing/corrections/{r.Id}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await OnGetAsync(ct);
            Problem = p;
            Response.StatusCode = p.Status;
            return result;
        }
    }
}
