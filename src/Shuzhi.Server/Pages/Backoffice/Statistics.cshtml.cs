using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>/backoffice/statistics?from=&amp;to=: use of open data per dataset, department and day, with CSV/XLSX export.</summary>
[Authorize(Policy = "open-backoffice")]
public sealed class StatisticsModel(BackofficeStatistics statistics) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public BackofficeStatistics.Report? Report { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Report = await statistics.Handle(HttpContext.Actor(), From, To, ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
    }

    public string Export(string table, string format) =>
        $"/api/v1/portal/statistics/export?table={table}&format={format}&from={Report!.From:yyyy-MM-dd}&to={Report.To:yyyy-MM-dd}";
}
