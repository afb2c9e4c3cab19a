using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Supervision;

/// <summary>/supervision: the bureau's board of open breaches (贵州 art.43), missed service targets, and the service targets.</summary>
[Authorize(Policy = "supervise")]
public sealed class IndexModel(SupervisionBoard board, ServiceTargets targets, DetectOverdue detect) : PageModel
{
    public SupervisionBoard.Board Board { get; private set; } = null!;
    public IReadOnlyList<ServiceTargets.Item> Targets { get; private set; } = [];
    public ProblemException? Problem { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDetectAsync(CancellationToken ct)
    {
        var r = await detect.Handle(HttpContext.Actor(), ct);
        Message = $"{r.Overdue} / {r.TargetsMissed} / {r.Notices}";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTargetAsync(string? ruleId, int? length, string? unit, CancellationToken ct)
    {
        try
        {
            await targets.Set(HttpContext.Actor(), new ServiceTargets.Command(ruleId, length, unit), ct);
            return Redirect("/supervision#targets");
        }
        catch (ProblemException p)
        {
            Problem = p;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Board = await board.Handle(HttpContext.Actor(), ct);
        Targets = await targets.List(HttpContext.Actor(), ct);
    }
}
