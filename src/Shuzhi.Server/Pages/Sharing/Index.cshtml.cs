using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>/sharing: discovery for government users (issue 4 item 1) — shared resources with what the caller can do now.</summary>
[Authorize(Policy = "sharing-read")]
public sealed class IndexModel(SharingResources resources) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public string? ShareType { get; set; }

    public IReadOnlyList<ResourceLine> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Lines = await resources.Handle(Me, new SharingResources.Query(Q, Department, Domain, ShareType, 200), ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
    }
}
