using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

[Authorize(Policy = "government-user")]
public sealed class DetailModel(GetEntry get, Shuzhi.Platform.Cases.GetCase getCase) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? V { get; set; }
    [TempData] public string? Done { get; set; }
    public EntryDetail Entry { get; private set; } = null!;
    public ProblemException? Problem { get; private set; }
    /// <summary>The update clock of each registered change (from its case): due text, clock state, citation.</summary>
    public Dictionary<Guid, Shuzhi.Platform.Cases.StepView> Clocks { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try { Entry = await get.Handle(HttpContext.Actor(), Code, V, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        foreach (var c in Entry.Changes.Where(c => c.CaseId is not null))
        {
            try
            {
                var kase = await getCase.Handle(HttpContext.Actor(), c.CaseId!.Value, ct);
                if (kase.Steps.Count > 0) Clocks[c.Id] = kase.Steps[0];
            }
            catch (ProblemException) { /* the case is not visible to this user: show no clock */ }
        }
        return Page();
    }

    private async Task<IActionResult> Act(Func<Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act();
            Done = done;
            return RedirectToPage(new { Code });
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            return await OnGetAsync(ct);
        }
    }

    public Task<IActionResult> OnPostSubmitAsync([FromServices] SubmitEntry h, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new SubmitEntry.Command(Code), ct), "Catalogue.Done.Submitted", ct);

    public Task<IActionResult> OnPostReviewAsync([FromServices] ReviewEntry h, string? decision, string? reasons, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new ReviewEntry.Command(Code, decision, reasons), ct), "Catalogue.Done.Reviewed", ct);

    public Task<IActionResult> OnPostWithdrawAsync([FromServices] WithdrawEntry h, string? reason, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new WithdrawEntry.Command(Code, reason), ct), "Catalogue.Done.Withdrawn", ct);

    public Task<IActionResult> OnPostChangeAsync([FromServices] RegisterChange h, string? kind, DateOnly? changeDate, string? description, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new RegisterChange.Command(kind, changeDate, description, [Code]), ct), "Catalogue.Done.ChangeRegistered", ct);

    public Task<IActionResult> OnPostExtendAsync([FromServices] ExtendUpdate h, Guid changeId, string? reason, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new ExtendUpdate.Command(changeId, reason), ct), "Catalogue.Done.Extended", ct);

    public Task<IActionResult> OnPostDecideAsync([FromServices] DecideConflict h, Guid conflictId, string? authoritativeEntry, string? reason, CancellationToken ct)
        => Act(() => h.Handle(HttpContext.Actor(), new DecideConflict.Command(conflictId, authoritativeEntry, reason), ct), "Catalogue.Done.Decided", ct);
}
