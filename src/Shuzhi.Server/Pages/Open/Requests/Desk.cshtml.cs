using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>
/// /open/requests/desk: the work page of a department (requests routed to it, objections to its open data — answered
/// here — and the comments of ratings) and of a bureau (its division's requests, routing, the response-timeliness indicator).
/// </summary>
[Authorize(Policy = "government-user")]
public sealed class DeskModel(DataRequestQueries requests, DatasetFeedbackQueries feedback, RequestTimeliness timeliness, AnswerObjection answer) : SharingPage
{
    public IReadOnlyList<DataRequestView> Requests { get; private set; } = [];
    public IReadOnlyList<ObjectionView> Objections { get; private set; } = [];
    public IReadOnlyList<(string EntryCode, int Stars, string Comment, DateTimeOffset At)> Comments { get; private set; } = [];
    public RequestTimeliness.Result? Timeliness { get; private set; }
    public bool CanAnswer { get; private set; }
    public bool Allowed { get; private set; }

    [BindProperty] public Guid ObjectionId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanAnswer = Me.Satisfies(Policies.OpenRespond);
        var bureau = Me.Satisfies(Policies.OpenCoordinate);
        Allowed = CanAnswer || bureau;
        if (!Allowed) return Page();
        Requests = await requests.List(Me, "desk", ct);
        Objections = await feedback.List(Me, "desk", ct);
        if (CanAnswer) Comments = await feedback.Comments(Me, ct);
        if (bureau) Timeliness = await timeliness.Handle(Me, ct);
        return Page();
    }

    public Task<IActionResult> OnPostObjectionAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        await answer.Handle(actor, ObjectionId, new AnswerObjection.Command(Outcome, Reason), ct);
        return "/open/requests/desk";
    }, "Obj.Answered", () => OnGetAsync(ct));
}
