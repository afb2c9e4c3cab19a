using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>/datasets/quality: the bureau's view of data quality across the departments of its division, lowest score first, and its publication threshold.</summary>
[Authorize(Policy = "dataset-quality-oversight")]
public sealed class QualityModel(QualityOversight oversight) : PageModel
{
    [TempData] public string? Done { get; set; }
    public QualityOversight.Board Board { get; private set; } = null!;
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Board = await oversight.Handle(HttpContext.Actor(), ct);

    public async Task<IActionResult> OnPostThresholdAsync(string? threshold, CancellationToken ct)
    {
        try
        {
            double? value = double.TryParse(threshold, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
            await oversight.SetThreshold(HttpContext.Actor(), value, ct);
            Done = "Datasets.Done.Threshold";
            return RedirectToPage();
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
            await OnGetAsync(ct);
            return Page();
        }
    }
}
