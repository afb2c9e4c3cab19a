using Microsoft.AspNetCore.Authorization;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Auth;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>/open/me/requests: the signed-in public user's own data requests and objections, with their status and answers.</summary>
[Authorize(Policy = "open-request")]
public sealed class MineModel(DataRequestQueries requests, DatasetFeedbackQueries feedback) : SharingPage
{
    public IReadOnlyList<DataRequestView> Requests { get; private set; } = [];
    public IReadOnlyList<ObjectionView> Objections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Requests = await requests.List(HttpContext.Actor(), "mine", ct);
        Objections = await feedback.List(HttpContext.Actor(), "mine", ct);
    }
}
