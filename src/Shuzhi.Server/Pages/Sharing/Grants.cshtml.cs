using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/grants: the grants the caller may see (the consumer its own, the provider those on its data, the bureau its
/// division's), with the provider's revoke form and the consumer's usage report form (贵州 art.23(三)).
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class GrantsModel(SharingGrants grants, SharingActs acts) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string? Entry { get; set; }

    public IReadOnlyList<GrantLine> Lines { get; private set; } = [];
    public IReadOnlyDictionary<Guid, IReadOnlySet<string>> Acts { get; private set; } = new Dictionary<Guid, IReadOnlySet<string>>();
    /// <summary>The grant whose form the problem came from.</summary>
    public Guid? ProblemGrant { get; private set; }

    public bool May(Guid grant, string act) => Acts.TryGetValue(grant, out var a) && a.Contains(act);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Lines = await grants.List(Me, Entry, ct);
            Acts = await acts.OnGrants(Me, Lines.Select(l => l.Id).ToList(), ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
        return Page();
    }

    private async Task<IActionResult> Act(Guid id, Func<Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act();
            Done = done;
            return Redirect($"/sharing/grants#grant-{id}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            await OnGetAsync(ct);
            (Problem, ProblemGrant) = (p, id);
            Response.StatusCode = p.Status;
            return Page();
        }
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, CancellationToken ct) =>
        Act(id, () => grants.Revoke(Me, id, reason, ct), "Sharing.Done.Revoked", ct);

    public Task<IActionResult> OnPostFeedbackAsync(Guid id, string? qualityRating, string? quality, string? usage, string? results, CancellationToken ct) =>
        Act(id, () => grants.Feedback(Me, id, new FeedbackInput(int.TryParse(qualityRating, out var r) ? r : null, quality, usage, results), ct),
            "Sharing.Done.Reported", ct);
}
