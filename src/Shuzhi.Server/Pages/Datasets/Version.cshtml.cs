using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>
/// /datasets/{code}/versions/{n}: one version — its summary, what was detected in the file, the mapping used and the
/// quality report (score and weighted dimensions, each problem with its count and masked examples, per-field
/// statistics, timeliness) — and publishing: the button when the quality gate passed, the override form (with the
/// rule) for the department head or the bureau when it did not.
/// </summary>
[Authorize(Policy = "dataset-read")]
public sealed class VersionModel(GetDataset get, PublishVersion publish, DatasetDirectory directory, GetEntry getEntry) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int N { get; set; }
    [TempData] public string? Done { get; set; }

    public string Name { get; private set; } = "";
    public GetDataset.VersionDetail? Detail { get; private set; }
    public QualityReport? Report { get; private set; }
    public SourceDetection? Detection { get; private set; }
    /// <summary>A loaded version that passed the gate, and the caller may publish it.</summary>
    public bool CanPublish { get; private set; }
    /// <summary>A loaded version held by the gate, and the caller may publish it anyway with a reason.</summary>
    public bool CanOverride { get; private set; }
    /// <summary>The caller loads this entry's data (offered "upload a corrected file" when the version failed or was held).</summary>
    public bool CanLoad { get; private set; }
    public ProblemException? Refusal { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = HttpContext.Actor();
        try
        {
            Detail = await get.Version(actor, Code, N, ct);
        }
        catch (ProblemException p) when (p.Status is 403 or 404)
        {
            if (p.Status == 404) return NotFound();
            Refusal = p;
            Response.StatusCode = p.Status;
            return Page();
        }
        try { Name = (await getEntry.Handle(actor, Code, null, ct)).Attributes.Name ?? Code; }
        catch (NotFoundProblem) { Name = Code; }
        if (Detail.Report is { } r) Report = QualityReport.FromJson(r.GetRawText());
        if (Detail.Detection is { } d) Detection = d.Deserialize<SourceDetection>(EntryAttributes.Json);

        // The same rule as PublishVersion: the provider's loaders publish a version that passed; below the threshold
        // the provider's head or the bureau of its division, with a reason.
        var s = await directory.GetAsync(Code, ct);
        var v = Detail.Version;
        CanLoad = s is not null && s.ProviderOrganisationId == actor.OrganisationId && actor.Satisfies(Policies.DatasetLoad);
        if (s is not null && v.State == nameof(DataVersionState.Loaded))
        {
            var isProvider = s.ProviderOrganisationId == actor.OrganisationId;
            var isBureau = actor.Satisfies(Policies.CatalogueReview) && actor.DivisionCode == s.ProviderDivisionCode;
            CanPublish = v.GatePassed && actor.Satisfies(Policies.DatasetPublish) && (isProvider || isBureau);
            CanOverride = !v.GatePassed && actor.Satisfies(Policies.DatasetGateOverride) && (isBureau || (isProvider && actor.Has(Role.DepartmentHead)));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(string? overrideReason, string? sensitiveReason, CancellationToken ct)
    {
        try
        {
            var v = await publish.Handle(HttpContext.Actor(), Code, N, new PublishVersion.Input(overrideReason, sensitiveReason), ct);
            Done = v.GateOverrideReason is null ? "Datasets.Done.Published" : "Datasets.Done.PublishedOverride";
            return RedirectToPage(new { Code, N });
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await OnGetAsync(ct);
            Problem = p;
            if (Refusal is null) Response.StatusCode = p.Status;
            return result;
        }
    }
}
