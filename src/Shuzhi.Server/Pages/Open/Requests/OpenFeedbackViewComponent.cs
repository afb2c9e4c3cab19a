using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>What the feedback block of a dataset page shows (Pages/Open/_Feedback.cshtml).</summary>
/// <param name="CanGive">A public user or market entity (who may object and rate); others see the figures only.</param>
public sealed record FeedbackBlock(FeedbackSummary Summary, bool SignedIn, bool CanGive, ProblemException? Problem = null,
    int? Stars = null, string? Comment = null, string? Field = null, string? Rows = null, string? Description = null, string? Done = null);

/// <summary>
/// The feedback block of /open/datasets/{code} (issue 5 item 3: objections and satisfaction): the average rating and
/// count, the objections handled; for a signed-in public user the rating and objection forms and their own objections;
/// for anyone else a sign-in link that returns to the page. Nothing for a dataset that is not open with data.
/// </summary>
public sealed class OpenFeedbackViewComponent(DatasetFeedbackQueries queries) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string code)
    {
        var actor = HttpContext.FindActor();
        try
        {
            var summary = await queries.Summary(actor, code, HttpContext.RequestAborted);
            return View("/Pages/Open/_Feedback.cshtml", new FeedbackBlock(summary, actor is not null, actor?.Satisfies(Policies.OpenRequest) == true && !actor.IsSystem,
                // Only a signed-in person has given feedback: an anonymous visitor's page never touches TempData, whose
                // cookie would keep the page out of the portal's page cache (OpenPageCache).
                Done: actor is null ? null : TempData["FeedbackDone"] as string));
        }
        catch (NotFoundProblem) { return Content(""); }
    }
}
