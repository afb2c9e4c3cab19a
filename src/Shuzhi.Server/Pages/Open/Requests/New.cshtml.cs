using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Platform.Persistence;
using Shuzhi.Server.Api;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open.Requests;

/// <summary>
/// /open/requests/new?entry=CODE: a public user or market entity submits a data request with attachments (无锡 item 4);
/// <c>entry</c> (optional) names the catalogue entry it concerns. Anonymous visitors are sent to sign in and back.
/// </summary>
[Authorize(Policy = "open-request")]
[RequestFormLimits(MultipartBodyLengthLimit = OpenRequestsApi.MaxSubmissionBytes)]
[RequestSizeLimit(OpenRequestsApi.MaxSubmissionBytes)]
public sealed class NewModel(SubmitDataRequest submit, ShuzhiDb db) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string? Entry { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    /// <summary>The entry's published name, when <see cref="Entry"/> names a published entry.</summary>
    public string? EntryName { get; private set; }
    public IReadOnlyList<(string Code, string Name)> Departments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) => ActAsync(async actor =>
    {
        var command = await OpenRequestsApi.FormAsync(Files, Title, Description, Purpose, Entry, string.IsNullOrWhiteSpace(Entry) ? Department : null, ct);
        var r = await submit.Handle(actor, command, ct);
        return $"/open/requests/{r.Id}";
    }, "Req.SubmittedDone", async () => { await LoadAsync(ct); return Page(); });

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Entry)) EntryName = (await SubmitDataRequest.PublishedEntryAsync(db, Entry, ct))?.Name;
        Departments = await SubmitDataRequest.DepartmentsAsync(db, ct);
    }
}
