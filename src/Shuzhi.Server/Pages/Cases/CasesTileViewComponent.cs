using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Cases;

/// <summary>The home tile of the Cases module: how many items are in my inbox, how many overdue, unread notices.</summary>
public sealed class CasesTileViewComponent(ListCases list, Notices notices) : ViewComponent
{
    public sealed record Counts(int Inbox, int Overdue, int UnreadNotices, bool Supervisor);

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var actor = HttpContext.FindActor();
        if (actor is null) return Content("");
        var inbox = await list.InboxAsync(actor, HttpContext.RequestAborted);
        var unread = await notices.UnreadAsync(actor, HttpContext.RequestAborted);
        return View(new Counts(inbox.Count, inbox.Count(i => i.StepState == "overdue"), unread, actor.Satisfies(Policies.Supervise)));
    }
}
