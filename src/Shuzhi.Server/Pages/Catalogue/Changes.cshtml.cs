using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Catalogue;

[Authorize(Policy = "government-user")]
public sealed class ChangesModel(ListChanges changes, ListConflicts conflicts) : PageModel
{
    public IReadOnlyList<ChangeInfo> Changes { get; private set; } = [];
    public IReadOnlyList<ConflictInfo> Conflicts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Changes = await changes.Handle(HttpContext.Actor(), ct);
        Conflicts = await conflicts.Handle(HttpContext.Actor(), null, ct);
    }
}
