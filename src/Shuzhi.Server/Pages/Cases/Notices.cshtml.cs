using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Cases;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Cases;

/// <summary>/notices: my overdue notices (贵州 art.43), unread first.</summary>
[Authorize(Policy = "cases-read")]
public sealed class NoticesModel(Notices notices) : PageModel
{
    public IReadOnlyList<Notices.Notice> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await notices.Handle(HttpContext.Actor(), ct);

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        await notices.MarkRead(HttpContext.Actor(), id, ct);
        return Redirect("/notices");
    }
}
