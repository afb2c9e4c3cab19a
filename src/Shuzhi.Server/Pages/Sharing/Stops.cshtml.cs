using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/stops[/{id}]: stops of supply (贵州 art.24). The provider files and cancels; the bureau lists the filings of
/// its division; a grantee opens the one its notice points to. Same handlers as the API.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class StopsModel(ListSupplyStops list, FileSupplyStop file, CancelSupplyStop cancel) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [TempData] public string? Done { get; set; }

    public IReadOnlyList<SupplyStopView> Items { get; private set; } = [];
    public SupplyStopView? Selected { get; private set; }
    public bool CanFile { get; private set; }
    public ProblemException? Problem { get; private set; }

    // The filing form, shown again with a problem.
    [BindProperty] public string? Entry { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public DateOnly? StopDate { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        CanFile = actor.Satisfies(Policies.SharingProvide);
        Items = await list.Handle(actor, ct);
        if (Id is { } id)
        {
            try { Selected = await list.Get(actor, id, ct); }
            catch (NotFoundProblem) { return NotFound(); }
        }
        return Page();
    }

    private async Task<IActionResult> Act(Func<Actor, Task<SupplyStopView>> act, string done, CancellationToken ct)
    {
        try
        {
            var s = await act(HttpContext.Actor());
            Done = done;
            return Redirect($"/sharing/stops/{s.Id}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await OnGetAsync(ct);
            Problem = p;
            Response.StatusCode = p.Status;
            return result;
        }
    }

    public Task<IActionResult> OnPostFileAsync(CancellationToken ct)
        => Act(a => file.Handle(a, new FileSupplyStop.Command(Entry, Reason, StopDate), ct), "Stops.Done.Filed", ct);

    public Task<IActionResult> OnPostCancelAsync(Guid stopId, string? cancelReason, CancellationToken ct)
        => Act(a => cancel.Handle(a, stopId, new CancelSupplyStop.Command(cancelReason), ct), "Stops.Done.Cancelled", ct);
}
