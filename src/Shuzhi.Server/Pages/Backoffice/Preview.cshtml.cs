using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>/backoffice/preview/{code}?version=N: the publish preview (发布预览) — see <see cref="PublishPreview"/>.</summary>
[Authorize(Policy = "open-backoffice")]
public sealed class PreviewModel(PublishPreview preview) : PageModel
{
    public PublishPreview.Result? Result { get; private set; }
    public ProblemException? Problem { get; private set; }
    /// <summary>The department head or the bureau may publish the previewed version with findings, giving a reason.</summary>
    public bool CanConfirm { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, int? version, CancellationToken ct)
    {
        try
        {
            Result = await preview.Handle(HttpContext.Actor(), code, version, ct);
            var a = HttpContext.Actor();
            CanConfirm = Result.DataState == "Loaded" && Result.Findings.Count > 0 && Result.WillOpen && a.Satisfies(Policies.DatasetGateOverride);
            return Page();
        }
        catch (NotFoundProblem)
        {
            return NotFound();
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
            return Page();
        }
    }
}
