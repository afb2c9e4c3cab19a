using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/applications/{id}: one application (贵州 art.23) — its terms, every answer so far, the step it waits on
/// with its clock, the case's timeline link — and only the forms the caller may use now (<see cref="SharingActs"/>);
/// each form posts to the same <see cref="SharingApplications"/> act as the API.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class ApplicationModel(ApplicationQueries queries, SharingApplications applications, SharingActs acts, GetEntry getEntry) : SharingPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ApplicationView App { get; private set; } = null!;
    public IReadOnlySet<string> Acts { get; private set; } = new HashSet<string>();
    /// <summary>The resubmit form: the application's terms, or what was posted.</summary>
    public ApplicationForm Terms { get; private set; } = new();
    /// <summary>The fields of the entry's published catalogue version (for the resubmit form).</summary>
    public IReadOnlyList<string> EntryFields { get; private set; } = [];
    /// <summary>Which form the problem came from (so its errors show beside that form).</summary>
    public string? ProblemForm { get; private set; }

    public bool May(string act) => Acts.Contains(act);

    /// <summary>The problem is shown beside its form when that form is on the page; otherwise at the top.</summary>
    public bool ProblemShownAtForm => ProblemForm is not null && May(ProblemForm.Split('-')[0]);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(null, ct);

    private async Task<IActionResult> LoadAsync(ApplicationForm? posted, CancellationToken ct)
    {
        try
        {
            App = await queries.Get(Me, Id, ct);
        }
        catch (NotFoundProblem)
        {
            return NotFound();
        }
        Acts = await acts.OnApplication(Me, Id, ct);
        Terms = posted ?? ApplicationForm.From(App);
        if (May(SharingActs.Resubmit))
        {
            try { EntryFields = ((await getEntry.Handle(Me, App.EntryCode, null, ct)).Attributes.Fields ?? []).Select(f => f.Name ?? "").ToList(); }
            catch (NotFoundProblem) { EntryFields = App.Fields; }
        }
        return Page();
    }

    private async Task<IActionResult> Act(string form, Func<Task> act, string done, CancellationToken ct, ApplicationForm? posted = null)
    {
        try
        {
            await act();
            Done = done;
            return Redirect($"/sharing/applications/{Id}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await LoadAsync(posted, ct);
            (Problem, ProblemForm) = (p, form);
            Response.StatusCode = p.Status;
            return result;
        }
    }

    /// <summary>The narrower terms an agreeing party may set: all fields checked means "as applied for".</summary>
    private ApplicationAct Narrowed(string? decision, string? reasons, List<string>? fields, string? rowFilter, string? validUntil, IReadOnlyList<string> asked) =>
        new(decision, reasons, fields is { Count: > 0 } f && !asked.All(f.Contains) ? f : null, rowFilter, SharingUi.ParseDate(validUntil, "validUntil"));

    public Task<IActionResult> OnPostReviewAsync(string? decision, string? reasons, CancellationToken ct) =>
        Act("review", () => applications.Review(Me, Id, new ApplicationAct(decision, reasons), ct), "Sharing.Done.Reviewed", ct);

    public Task<IActionResult> OnPostResubmitAsync([FromForm] ApplicationForm form, CancellationToken ct) =>
        Act("resubmit", () => applications.Resubmit(Me, Id, form.Input(null), ct), "Sharing.Done.Resubmitted", ct, form);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        Act("withdraw", () => applications.Withdraw(Me, Id, ct), "Sharing.Done.Withdrawn", ct);

    public Task<IActionResult> OnPostObjectAsync(string? reasons, CancellationToken ct) =>
        Act("object", () => applications.Object(Me, Id, new ApplicationAct("object", reasons), ct), "Sharing.Done.Objected", ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) =>
        Act("accept", () => applications.AcceptRefusal(Me, Id, ct), "Sharing.Done.Accepted", ct);

    public Task<IActionResult> OnPostReplyAsync(string? decision, string? reasons, List<string>? fields, string? rowFilter, string? validUntil, CancellationToken ct) =>
        Act("reply-" + decision, async () =>
        {
            var asked = decision == "agree" ? (await queries.Get(Me, Id, ct)).Fields : [];
            await applications.Reply(Me, Id, decision == "agree" ? Narrowed(decision, reasons, fields, rowFilter, validUntil, asked) : new ApplicationAct(decision, reasons), ct);
        }, "Sharing.Done.Replied", ct);

    public Task<IActionResult> OnPostNegotiateAsync(string? decision, string? reasons, List<string>? fields, string? rowFilter, string? validUntil, CancellationToken ct) =>
        Act("negotiate", async () =>
        {
            var asked = (await queries.Get(Me, Id, ct)).Fields;
            await applications.Negotiate(Me, Id, Narrowed(decision, reasons, fields, rowFilter, validUntil, asked), ct);
        }, "Sharing.Done.Negotiated", ct);

    public Task<IActionResult> OnPostDecideAsync(string? decision, string? reasons, CancellationToken ct) =>
        Act("decide", () => applications.Decide(Me, Id, new ApplicationAct(decision, reasons), ct), "Sharing.Done.Decided", ct);
}
