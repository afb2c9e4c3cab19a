using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>/sharing/corrections/{id}: one report, its clock and answer; the provider answers here (贵州 art.25).</summary>
[Authorize(Policy = "sharing-read")]
public sealed class CorrectionsDetailModel(ListCorrections list, AnswerCorrection answer) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public CorrectionView Item { get; private set; } = null!;
    public bool CanAnswer { get; private set; }
    public ProblemException? Problem { get; private set; }

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public int? CorrectedVersion { get; set; }
    [BindProperty] public string? Explanation { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        try { Item = await list.Get(actor, Id, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        CanAnswer = Item.State == "open" && actor.Satisfies(Policies.SharingProvide) && actor.OrganisationName == Item.Provider;
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        try
        {
            await answer.Handle(HttpContext.Actor(), Id, new AnswerCorrection.Command(Outcome, CorrectedVersion, Explanation), ct);
            return Redirect($"/sharing/corrections/{Id}");
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
