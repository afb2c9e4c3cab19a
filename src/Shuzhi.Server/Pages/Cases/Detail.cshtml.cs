using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Server.Api;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Cases;

/// <summary>/cases/{id}: steps with their clocks, the timeline, attachments; comment and attachment forms.</summary>
[Authorize(Policy = "cases-read")]
public sealed class DetailModel(GetCase get, AddComment comment, AddAttachment attach) : PageModel
{
    public CaseDetail Case { get; private set; } = null!;
    public ProblemException? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? text, CancellationToken ct)
    {
        try
        {
            await comment.Handle(HttpContext.Actor(), id, new AddComment.Command(text), ct);
            return Redirect($"/cases/{id}#timeline");
        }
        catch (ProblemException p) when (p.Status != 404)
        {
            Problem = p;
            return await LoadAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostAttachmentAsync(Guid id, IFormFile? file, string? note, CancellationToken ct)
    {
        try
        {
            await attach.Handle(HttpContext.Actor(), id, await AttachmentUpload.ReadAsync(file, note, ct), ct);
            return Redirect($"/cases/{id}#attachments");
        }
        catch (ProblemException p) when (p.Status != 404)
        {
            Problem = p;
            return await LoadAsync(id, ct);
        }
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            Case = await get.Handle(HttpContext.Actor(), id, ct);
            return Page();
        }
        catch (NotFoundProblem)
        {
            return NotFound();
        }
    }
}
