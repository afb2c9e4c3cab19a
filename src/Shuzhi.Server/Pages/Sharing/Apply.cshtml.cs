using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/apply/{code}: the conditional-sharing application form (贵州 art.23) — purpose, legal basis, the fields of
/// the entry's published catalogue version, a row filter, the period of use and the delivery. Posts to
/// <see cref="SharingApplications.Apply"/>; its errors are shown beside the fields they name.
/// </summary>
[Authorize(Policy = "sharing-apply")]
public sealed class ApplyModel(GetEntry getEntry, SharingApplications applications, TimeProvider clock) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    public ApplicationForm Form { get; private set; } = new();
    public string Name { get; private set; } = "";
    public string ProviderName { get; private set; } = "";
    public string ShareType { get; private set; } = "";
    public IReadOnlyList<FieldSpec> Fields { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Form = new ApplicationForm { ValidFrom = SharingUi.Date(ChinaTime.DateOf(clock.GetUtcNow())) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] ApplicationForm form, CancellationToken ct)
    {
        try
        {
            var view = await applications.Apply(Me, form.Input(Code), ct);
            Done = "Sharing.Done.Applied";
            return Redirect($"/sharing/applications/{view.Id}");
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            if (!await LoadAsync(ct)) return NotFound();
            (Form, Problem) = (form, p);
            Response.StatusCode = p.Status;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        try
        {
            var entry = await getEntry.Handle(Me, Code, null, ct);
            if (entry.PublishedVersion is null) return false;
            (Name, ProviderName, ShareType) = (entry.Attributes.Name ?? Code, entry.Department, entry.Attributes.ShareType?.ToString() ?? "");
            Fields = entry.Attributes.Fields ?? [];
            return true;
        }
        catch (NotFoundProblem)
        {
            return false;
        }
    }
}

/// <summary>The application's terms as a form posts them (dates as typed, so a bad one is an error naming its field).</summary>
public sealed class ApplicationForm
{
    public string? Purpose { get; set; }
    public string? LegalBasis { get; set; }
    public List<string> Fields { get; set; } = [];
    public string? RowFilter { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidUntil { get; set; }
    public string? Delivery { get; set; } = "api";

    public ApplicationInput Input(string? code) => new(code, Purpose, LegalBasis, Fields, RowFilter ?? "",
        SharingUi.ParseDate(ValidFrom, "validFrom"), SharingUi.ParseDate(ValidUntil, "validUntil"), Delivery);

    public static ApplicationForm From(ApplicationView a) => new()
    {
        Purpose = a.Purpose, LegalBasis = a.LegalBasis, Fields = [.. a.Fields], RowFilter = a.RowFilter,
        ValidFrom = SharingUi.Date(a.ValidFrom), ValidUntil = SharingUi.Date(a.ValidUntil), Delivery = a.Delivery,
    };
}
