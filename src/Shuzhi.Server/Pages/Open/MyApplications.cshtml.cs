using Microsoft.AspNetCore.Authorization;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open;

/// <summary>/open/me/applications: the signed-in applicant's own open-data applications (贵州 art.31), each with its step and deadline.</summary>
[Authorize(Policy = "open-apply")]
public sealed class MyApplicationsModel(OpenApplicationQueries queries) : SharingPage
{
    public IReadOnlyList<OpenApplicationView> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Applications = await queries.Mine(Me, ct);
}
