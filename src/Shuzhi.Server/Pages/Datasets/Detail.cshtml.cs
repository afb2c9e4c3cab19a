using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>
/// /datasets/{code}: the data of one catalogue entry — the published version, the versions, the first rows exactly as
/// the caller may see them (read through <see cref="ReadRows"/>, so masking is the row API's), downloads, and for the
/// provider department the upload button, the mask rules and the raw-field grants.
/// </summary>
[Authorize(Policy = "dataset-read")]
public sealed class DetailModel(GetDataset get, ReadRows rows, DatasetGrants grants, DatasetDirectory directory, GetEntry getEntry) : PageModel
{
    public const int PreviewRows = 20;

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public string Name { get; private set; } = "";
    public string Provider { get; private set; } = "";
    public GetDataset.Overview? Overview { get; private set; }
    /// <summary>Column headers of the preview (field name, and the mask the caller receives, if any).</summary>
    public IReadOnlyList<(string Field, string? Mask)> PreviewColumns { get; private set; } = [];
    public IReadOnlyList<string?[]> Preview { get; private set; } = [];
    public bool IsProvider { get; private set; }
    public bool CanLoad { get; private set; }
    public bool CanGrant { get; private set; }
    public IReadOnlyList<DatasetGrants.MaskView> Masks { get; private set; } = [];
    public IReadOnlyList<DatasetGrants.GrantView> Grants { get; private set; } = [];
    /// <summary>A refusal of the whole page (403 with the reason, 404).</summary>
    public ProblemException? Refusal { get; private set; }
    /// <summary>A form's problem (the page is shown again with it).</summary>
    public ProblemException? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        try
        {
            Overview = await get.Handle(actor, Code, ct);
        }
        catch (ProblemException p) when (p.Status is 403 or 404)
        {
            if (p.Status == 404) return NotFound();
            Refusal = p;
            Response.StatusCode = p.Status;
            return Page();
        }
        try
        {
            var entry = await getEntry.Handle(actor, Code, null, ct);
            (Name, Provider) = (entry.Attributes.Name ?? Code, entry.Department);
        }
        catch (NotFoundProblem) { Name = Code; }

        var snapshot = await directory.GetAsync(Code, ct);
        IsProvider = snapshot is not null && snapshot.ProviderOrganisationId == actor.OrganisationId;
        CanLoad = IsProvider && actor.Satisfies(Policies.DatasetLoad);
        CanGrant = IsProvider && actor.Satisfies(Policies.DatasetGrant);

        if (Overview.PublishedVersion is not null)
        {
            var page = await rows.Handle(actor, Code, [new("limit", PreviewRows.ToString(System.Globalization.CultureInfo.InvariantCulture))], ct);
            var view = page.View;
            var columns = RowCells.Selected(view, page.Query);
            PreviewColumns = columns.Select(c => (view.Schema.Fields[c].Name, view.Masks[c].Kind == MaskKind.None ? null : view.Masks[c].ToString())).ToList();
            Preview = page.Page.Rows.Select(r =>
            {
                var bad = RowCells.Bad(r.Bad);
                return columns.Select((c, i) => RowCells.Text(RowCells.Visible(view, c, r.Values[i], bad))).ToArray();
            }).ToList();
        }
        if (CanGrant)
        {
            Masks = await grants.Masks(actor, Code, ct);
            Grants = await grants.List(actor, Code, ct);
        }
        return Page();
    }

    private async Task<IActionResult> Act(Func<Actor, Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act(HttpContext.Actor());
            Done = done;
            return RedirectToPage(new { Code });
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await OnGetAsync(ct);
            Problem = p;
            if (Refusal is null) Response.StatusCode = p.Status;
            return result;
        }
    }

    /// <summary>
    /// Mask rules: the form shows every field's rule in force; only the fields whose text was changed are sent
    /// ("default" returns a field to its default rule).
    /// </summary>
    public Task<IActionResult> OnPostMasksAsync(CancellationToken ct) => Act(async actor =>
    {
        var current = await grants.Masks(actor, Code, ct);
        var changed = new Dictionary<string, string?>();
        for (var i = 0; i < current.Count; i++)
        {
            var posted = Request.Form[$"mask{i}"].ToString().Trim();
            if (posted.Length == 0 || string.Equals(posted, current[i].Mask, StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(posted, "default", StringComparison.OrdinalIgnoreCase) && !current[i].Overridden) continue;
            changed[current[i].Field] = posted;
        }
        if (changed.Count == 0) throw new ValidationProblem("masks", "changed", "没有修改任何脱敏规则 / no mask rule was changed");
        await grants.SetMasks(actor, Code, changed, ct);
    }, "Datasets.Done.Masks", ct);

    public Task<IActionResult> OnPostGrantAsync(string? organisation, List<string>? fields, string? reason, CancellationToken ct)
        => Act(actor => grants.Grant(actor, Code, new DatasetGrants.GrantInput(organisation, fields, reason), ct), "Datasets.Done.Granted", ct);

    public Task<IActionResult> OnPostRevokeAsync(Guid grantId, CancellationToken ct)
        => Act(actor => grants.Revoke(actor, Code, grantId, ct), "Datasets.Done.Revoked", ct);
}
