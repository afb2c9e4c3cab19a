using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Opening;

/// <summary>
/// /opening/applications/{id}: one open-data application (贵州 art.31) for the bureau (conformity review) and the provider
/// (reply: agree, agree and open now, refuse with the basis; then open) — only the forms the caller may use now
/// (<see cref="OpenApplications.ActsFor"/>), each posting to the same act as the API.
/// </summary>
[Authorize(Policy = "open-applications-read")]
public sealed class ApplicationModel(OpenApplicationQueries queries, OpenApplications applications) : SharingPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public OpenApplicationView App { get; private set; } = null!;
    public IReadOnlySet<string> Acts { get; private set; } = new HashSet<string>();
    public bool May(string act) => Acts.Contains(act);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostReviewAsync(string? decision, string? reasons, CancellationToken ct) =>
        Act(me => applications.Review(me, Id, new OpenApplicationAct(decision, reasons), ct), "Opening.Done.Reviewed", ct);

    public Task<IActionResult> OnPostReplyAsync(string? decision, string? reasons, CancellationToken ct) =>
        Act(me => applications.Reply(me, Id, new OpenApplicationAct(decision, reasons), ct), decision == "open" ? "Opening.Done.Opened" : "Opening.Done.Replied", ct);

    public Task<IActionResult> OnPostOpenAsync(string? reasons, CancellationToken ct) =>
        Act(me => applications.Open(me, Id, new OpenApplicationAct("open", reasons), ct), "Opening.Done.Opened", ct);

    private Task<IActionResult> Act(Func<Shuzhi.Platform.Identity.Actor, Task<OpenApplicationView>> act, string done, CancellationToken ct) =>
        ActAsync(async me => { await act(me); return $"/opening/applications/{Id}"; }, done, () => LoadAsync(ct));

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        try { (App, Acts) = await queries.Get(Me, Id, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        return Page();
    }
}
