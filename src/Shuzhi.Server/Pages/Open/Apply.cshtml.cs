using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// /open/apply/{code}: a signed-in citizen or market entity applies for conditionally open data (贵州 art.31) — purpose,
/// the fields of the package, the period of use — through the same <see cref="OpenApplications.Apply"/> as the API.
/// Only listed conditional packages have the form (404 otherwise, like the portal).
/// </summary>
[Authorize(Policy = "open-apply")]
public sealed class ApplyModel(OpenCatalogue catalogue, OpenApplications applications) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    public OpenPackage Package { get; private set; } = null!;
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public List<string> Fields { get; set; } = [];
    [BindProperty] public string? ValidFrom { get; set; }
    [BindProperty] public string? ValidUntil { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return await ActAsync(async me =>
        {
            var view = await applications.Apply(me, new OpenApplicationInput(Code, Purpose, Fields,
                SharingUi.ParseDate(ValidFrom, "validFrom"), SharingUi.ParseDate(ValidUntil, "validUntil")), ct);
            return $"/open/me/applications/{view.Id}";
        }, "Opening.Done.Applied", () => Task.FromResult<IActionResult>(Page()));
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await catalogue.FindAsync(Code.Trim(), ct) is not { OpenType: OpenType.Conditional } p) return false;
        Package = p;
        return true;
    }
}
