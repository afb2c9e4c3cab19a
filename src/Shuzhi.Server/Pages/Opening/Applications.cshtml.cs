using Microsoft.AspNetCore.Authorization;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Opening;

/// <summary>/opening/applications: open-data applications (贵州 art.31) the bureau reviews or that were forwarded to the department.</summary>
[Authorize(Policy = "open-applications-read")]
public sealed class ApplicationsModel(OpenApplicationQueries queries) : SharingPage
{
    public IReadOnlyList<OpenApplicationView> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Applications = await queries.Work(Me, ct);
}
