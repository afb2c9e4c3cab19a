using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Datasets;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>/datasets: the department's own entries (to load into) and the data the caller may read.</summary>
[Authorize(Policy = "dataset-read")]
public sealed class IndexModel(ListDatasets list) : PageModel
{
    public IReadOnlyList<ListDatasets.Item> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await list.Handle(HttpContext.Actor(), ct);
}
