using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Evidence;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Audit;

/// <summary>
/// /audit: the most recent audit records and the signing keys (provincial bureau staff, platform administrators).
/// Walking and re-hashing the whole chain is an explicit act ("verify now", a POST), not done on every view.
/// </summary>
[Authorize(Policy = "audit-read")]
public sealed class IndexModel(ListAuditRecords list, VerifyAuditChain verify, ListSigningKeys keys) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    /// <summary>The verification result, only after "verify now".</summary>
    public AuditChainReport? Report { get; private set; }
    public ListAuditRecords.Page Records { get; private set; } = new([], null);
    public IReadOnlyList<SigningKeyInfo> Keys { get; private set; } = [];
    public string? Problem { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>"Verify now": walks the whole chain and the signed checkpoint.</summary>
    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Report = await verify.Handle(HttpContext.Actor(), ct);
        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        Keys = keys.Handle(actor);
        try
        {
            Records = await list.Handle(actor, new ListAuditRecords.Query(Subject, ActionName, 50, Before), ct);
        }
        catch (ValidationProblem p)
        {
            Problem = p.Message;
        }
    }
}
