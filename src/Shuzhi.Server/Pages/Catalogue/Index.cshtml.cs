using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

[Authorize(Policy = "government-user")]
public sealed class IndexModel(SearchEntries search) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Domain { get; set; }
    [BindProperty(SupportsGet = true)] public string? ShareType { get; set; }
    [BindProperty(SupportsGet = true)] public string? OpenType { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int P { get; set; } = 1;

    public SearchEntries.Result? Result { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Result = await search.Handle(HttpContext.Actor(), new SearchEntries.Query(Q, Department, Level, Category, Domain, ShareType, OpenType, State, Math.Max(1, P), 25), ct);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
        }
    }

    public string PageUrl(int page)
    {
        var q = Request.Query.Where(kv => kv.Key != "p").Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value.ToString())}");
        return "/catalogue?" + string.Join("&", q.Append($"p={page}"));
    }
}
