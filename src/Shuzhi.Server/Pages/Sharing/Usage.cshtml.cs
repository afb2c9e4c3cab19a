using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/usage?entry=CODE or ?grant=ID: the log of every call on an entry's data (reads, downloads, refusals, sealed
/// extracts) as <see cref="SharingGrants.Usage"/> gives it — the provider and the bureau see every caller, a consumer its own.
/// </summary>
[Authorize(Policy = "sharing-read")]
public sealed class UsageModel(SharingGrants grants) : SharingPage
{
    [BindProperty(SupportsGet = true)] public string? Entry { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Grant { get; set; }

    public IReadOnlyList<UsageLine> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Entry) && Grant is null) return Page(); // the form only
        try
        {
            Lines = await grants.Usage(Me, Entry, Grant, 500, ct);
        }
        catch (NotFoundProblem)
        {
            return NotFound();
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
        return Page();
    }

    /// <summary>A property of the record's details as text ("" when absent).</summary>
    public static string Detail(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString() ?? "", JsonValueKind.Null => "", _ => v.GetRawText() }
            : "";
}
