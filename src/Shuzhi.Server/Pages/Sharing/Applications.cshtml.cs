using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/applications?tab=…: the applications by the part the caller plays — 我的申请 (consumer), 待我答复 (provider),
/// 规范性审核与协商 (bureau), 待政府决定 (government); only the tabs the caller's policies allow.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class ApplicationsModel(ApplicationQueries queries) : SharingPage
{
    public static readonly (string Tab, Policy Policy)[] AllTabs =
        [("consumer", Policies.SharingApply), ("provider", Policies.SharingProvide), ("bureau", Policies.SharingCoordinate), ("government", Policies.SharingDecide)];

    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }

    public IReadOnlyList<string> Tabs { get; private set; } = [];
    public IReadOnlyList<ApplicationView> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        Tabs = AllTabs.Where(t => me.Satisfies(t.Policy)).Select(t => t.Tab).ToList();
        if (Tabs.Count == 0) Tabs = ["consumer"]; // staff without an acting role see their department's applications
        if (Tab is null || !Tabs.Contains(Tab)) Tab = Tabs[0];
        try
        {
            Items = await queries.List(me, Tab, null, ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
        return Page();
    }
}
