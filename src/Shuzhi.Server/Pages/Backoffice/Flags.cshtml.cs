using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>/backoffice/flags: small fragmented and stale open datasets, and the regular sensitive-field scan's findings.</summary>
[Authorize(Policy = "open-backoffice")]
public sealed class FlagsModel(OpenFlags flags, SensitiveScan scan, OpenInventory inventory) : PageModel
{
    [TempData] public string? Done { get; set; }
    public OpenFlags.Board? Board { get; private set; }
    public IReadOnlyList<SensitiveFindingRecord> Findings { get; private set; } = [];
    public ProblemException? Problem { get; private set; }
    public bool IsBureau { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var a = HttpContext.Actor();
        IsBureau = a.Satisfies(Policies.OpenOversight);
        Board = await flags.Handle(a, ct);
        Findings = await scan.FindingsAsync(a, inventory, ct);
    }

    public async Task<IActionResult> OnPostSettingsAsync(string? minRows, string? minFields, CancellationToken ct)
    {
        try
        {
            await flags.SetSettings(HttpContext.Actor(), new OpenFlags.SettingsInput(
                long.TryParse(minRows, out var r) ? r : null, int.TryParse(minFields, out var f) ? f : null), ct);
            Done = "Flags.SettingsSaved";
            return RedirectToPage();
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            await OnGetAsync(ct);
            Problem = p;
            Response.StatusCode = p.Status;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        await scan.RunAsync(HttpContext.Actor(), inventory, ct);
        Done = "Flags.Scanned";
        return RedirectToPage();
    }
}
