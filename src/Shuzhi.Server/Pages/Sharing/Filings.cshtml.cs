using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/filings (备案): a department's data commissioners (贵州 art.39), the conditional-sharing bases on file and their
/// re-assessments (art.20), and its delegations (art.44), with the forms its role allows; a bureau sees those of its
/// division and below. Every form calls the same handler as the API.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class FilingsModel(Commissioners commissioners, ShareBasisFilings filings, Reassessments reassessments, Delegations delegations) : PageModel
{
    [TempData] public string? Done { get; set; }
    public ProblemException? Problem { get; private set; }
    public IReadOnlyList<CommissionerView> CommissionerList { get; private set; } = [];
    public IReadOnlyList<BasisFilingView> Filings { get; private set; } = [];
    public IReadOnlyList<ReassessmentView> ReassessmentList { get; private set; } = [];
    public IReadOnlyList<DelegationView> DelegationList { get; private set; } = [];
    public Actor Me => HttpContext.Actor();
    public bool IsBureau => Me.Satisfies(Policies.SharingCoordinate);
    public bool MayAppoint => Me.Satisfies(Policies.SharingCommissionerAppoint);
    public bool MayProvide => Me.Satisfies(Policies.SharingProvide);

    public async Task OnGetAsync(CancellationToken ct)
    {
        CommissionerList = await commissioners.List(Me, false, ct);
        Filings = await filings.List(Me, null, null, ct);
        ReassessmentList = await reassessments.List(Me, null, ct);
        DelegationList = await delegations.List(Me, false, ct);
    }

    public Task<IActionResult> OnPostAppointAsync(string? username, string? note, CancellationToken ct)
        => Act("Filings.Done.Appointed", () => commissioners.Appoint(Me, new(username, note), ct), ct);

    public Task<IActionResult> OnPostEndAsync(string? username, string? reason, CancellationToken ct)
        => Act("Filings.Done.Ended", () => commissioners.End(Me, new(username, reason), ct), ct);

    public Task<IActionResult> OnPostStartAsync(string? entry, CancellationToken ct)
        => Act("Filings.Done.Started", () => reassessments.Start(Me, new(entry), ct), ct);

    public Task<IActionResult> OnPostRunDueAsync(CancellationToken ct)
        => Act("Filings.Done.RunDue", () => reassessments.OpenDue(Me, ct), ct);

    public Task<IActionResult> OnPostAnswerAsync(Guid id, string? outcome, string? basis, string? reason, CancellationToken ct)
        => Act("Filings.Done.Answered", () => reassessments.Answer(Me, id, new(outcome, basis, reason), ct), ct);

    public Task<IActionResult> OnPostDelegateAsync(string? entry, string? division, string? @delegate, string? note, CancellationToken ct)
        => Act("Filings.Done.Delegated", () => delegations.File(Me, new(entry, division, @delegate, note), ct), ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, string? reason, CancellationToken ct)
        => Act("Filings.Done.Revoked", () => delegations.Revoke(Me, id, new(reason), ct), ct);

    private async Task<IActionResult> Act<T>(string done, Func<Task<T>> act, CancellationToken ct)
    {
        try
        {
            await act();
            Done = done;
            return RedirectToPage();
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
            await OnGetAsync(ct);
            return Page();
        }
    }
}
