using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

[Authorize(Policy = "catalogue-review")]
public sealed class ReviewModel(SearchEntries search) : PageModel
{
    public SearchEntries.Result Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
        => Result = await search.Handle(HttpContext.Actor(), new SearchEntries.Query(PageSize: 500, ReviewQueue: true), ct);
}
