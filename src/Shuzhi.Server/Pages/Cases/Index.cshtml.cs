using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Cases;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Cases;

/// <summary>/cases: the inbox (steps awaiting me, my applications); ?all=true: every case I may see.</summary>
[Authorize(Policy = "cases-read")]
public sealed class IndexModel(ListCases list) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }
    public IReadOnlyList<CaseItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await list.Handle(HttpContext.Actor(), !All, ct);
}
