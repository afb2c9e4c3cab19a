using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Evidence;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Audit;

/// <summary>/audit: the chain status and the most recent audit records (bureau staff, platform administrators).</summary>
[Authorize(Policy = "audit-read")]
public sealed class IndexModel(ListAuditRecords list, VerifyAuditChain verify, ListSigningKeys keys) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActionName { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public AuditChainReport Report { get; private set; } = null!;
    public ListAuditRecords.Page Records { get; private set; } = new([], null);
    public IReadOnlyList<SigningKeyInfo> Keys { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        Report = await verify.Handle(actor, ct);
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
