using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>
/// /open/datasets/{code}/feedback: where the dataset page's rating and objection forms post. Success returns to the
/// dataset page (#feedback) with a message; a problem shows the forms again here, with the error beside the field.
/// </summary>
[Authorize(Policy = "open-request")]
public sealed class FeedbackModel(DatasetFeedbackQueries queries, RateDataset rate, RaiseObjection raise) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public int? Stars { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Field { get; set; }
    [BindProperty] public string? Rows { get; set; }
    [BindProperty] public string? Description { get; set; }
    [TempData(Key = "FeedbackDone")] public string? Done { get; set; }

    public FeedbackBlock? Block { get; private set; }
    public string? Title { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(null, ct);

    public Task<IActionResult> OnPostRateAsync(CancellationToken ct) =>
        ActAsync(() => rate.Handle(HttpContext.Actor(), Code, new RateDataset.Command(Stars, Comment), ct), "Rate.Done", ct);

    public Task<IActionResult> OnPostObjectAsync(CancellationToken ct) =>
        ActAsync(() => raise.Handle(HttpContext.Actor(), Code, new RaiseObjection.Command(Field, Rows, Description), ct), "Obj.Raised", ct);

    private async Task<IActionResult> ActAsync(Func<Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act();
            Done = done;
            return Redirect($"/open/datasets/{Uri.EscapeDataString(Code)}#feedback");
        }
        catch (NotFoundProblem) { return NotFound(); }
        catch (ProblemException p) when (p.Status < 500)
        {
            var page = await ShowAsync(p, ct);
            Response.StatusCode = p.Status;
            return page;
        }
    }

    private async Task<IActionResult> ShowAsync(ProblemException? problem, CancellationToken ct)
    {
        FeedbackSummary summary;
        try { summary = await queries.Summary(HttpContext.Actor(), Code, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        Title = Code;
        Block = new FeedbackBlock(summary, true, true, problem, Stars, Comment, Field, Rows, Description);
        return Page();
    }
}
