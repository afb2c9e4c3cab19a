using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/demands: the supply–demand list (供需对接清单, 贵州 art.38) — open lines or all; a consumer department files a
/// demand for data it cannot find; the bureau meets a line (naming the catalogue entry) or closes it with a reason.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class DemandsModel(SupplyDemandList list) : SharingPage
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public IReadOnlyList<DemandLine> Lines { get; private set; } = [];
    public bool CanFile { get; private set; }
    public bool CanResolve { get; private set; }
    /// <summary>The form the problem came from: "file", or the id of the line being resolved.</summary>
    public string? ProblemForm { get; private set; }
    public DemandInput Filed { get; private set; } = new(null, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanFile = Me.Satisfies(Policies.SharingApply);
        CanResolve = Me.Satisfies(Policies.SharingCoordinate);
        Lines = await list.List(Me, !All, ct);
        return Page();
    }

    private string Back => All ? "/sharing/demands?all=true" : "/sharing/demands";

    public Task<IActionResult> OnPostFileAsync(string? description, string? providerCode, CancellationToken ct)
    {
        ProblemForm = "file";
        Filed = new DemandInput(description, providerCode);
        return ActAsync(async me => { await list.File(me, new DemandInput(description, providerCode), ct); return Back; }, "Sharing.Done.Filed", () => OnGetAsync(ct));
    }

    public Task<IActionResult> OnPostResolveAsync(Guid id, string? outcome, string? resolution, string? entryCode, CancellationToken ct)
    {
        ProblemForm = id.ToString();
        return ActAsync(async me => { await list.Resolve(me, id, new ResolveInput(outcome, resolution, entryCode), ct); return Back + "#line-" + id; },
            "Sharing.Done.Resolved", () => OnGetAsync(ct));
    }
}
