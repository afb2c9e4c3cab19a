using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>/backoffice/indicators: the bureau's dashboard of spec 20's indicators, computed live.</summary>
[Authorize(Policy = "open-oversight")]
public sealed class IndicatorsModel(OpenIndicators indicators) : PageModel
{
    public OpenIndicators.Dashboard Dashboard { get; private set; } = null!;
    public async Task OnGetAsync(CancellationToken ct) => Dashboard = await indicators.Handle(HttpContext.Actor(), ct);
}
