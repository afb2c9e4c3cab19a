using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>
/// /backoffice/plans?year=: the annual openable-data plan (年度可开放数据指标) — a department edits and submits its own;
/// the bureau sees its division's with progress and returns one with a remark.
/// </summary>
[Authorize(Policy = "open-backoffice")]
public sealed class PlansModel(OpenPlans plans, TimeProvider clock) : PageModel
{
    public const int BlankRows = 5;
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public List<OpenPlans.ItemInput> Items { get; set; } = [];
    [TempData] public string? Done { get; set; }
    public OpenPlans.PlanView? Own { get; private set; }
    public IReadOnlyList<OpenPlans.PlanView>? Division { get; private set; }
    public ProblemException? Problem { get; private set; }
    public int TheYear => Year ?? ChinaTime.DateOf(clock.GetUtcNow()).Year;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            var a = HttpContext.Actor();
            if (a.Satisfies(Policies.OpenPlanReport)) Own = await plans.Get(a, TheYear, ct);
            if (a.Satisfies(Policies.OpenOversight)) Division = await plans.Division(a, TheYear, ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
        return Page();
    }

    private async Task<IActionResult> Act(Func<Actor, Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act(HttpContext.Actor());
            Done = done;
            return RedirectToPage(new { year = TheYear });
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            await OnGetAsync(ct);
            Problem = p;
            Response.StatusCode = p.Status;
            return Page();
        }
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => Act(a => plans.Save(a, TheYear,
        new OpenPlans.SaveInput(Items.Where(i => !string.IsNullOrWhiteSpace(i.Name) || !string.IsNullOrWhiteSpace(i.Domain) || i.Month is not null
            || !string.IsNullOrWhiteSpace(i.EntryCode)).ToList()), ct), "Plans.Saved", ct);

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => Act(a => plans.Submit(a, TheYear, ct), "Plans.Submitted", ct);

    public Task<IActionResult> OnPostReturnAsync(string organisation, string? remark, CancellationToken ct) =>
        Act(a => plans.Return(a, organisation, TheYear, new OpenPlans.ReturnInput(remark), ct), "Plans.Returned", ct);
}
