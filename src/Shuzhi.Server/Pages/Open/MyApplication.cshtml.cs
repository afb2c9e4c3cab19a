using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Pages.Sharing;

namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// /open/me/applications/{id}: one of the signed-in applicant's applications — its terms, answers, the step it waits
/// on — and, once opened to them, the data: the first rows through <see cref="ReadRows"/> (the row API: the personal
/// grant's fields and period, masking as the provider set) and the CSV download of the same API. Anyone else: 404.
/// </summary>
[Authorize(Policy = "open-apply")]
public sealed class MyApplicationModel(OpenApplicationQueries queries, OpenApplications applications, ReadRows rows) : SharingPage
{
    public const int PreviewRows = 20;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public OpenApplicationView App { get; private set; } = null!;
    public IReadOnlySet<string> Acts { get; private set; } = new HashSet<string>();
    public IReadOnlyList<string> Columns { get; private set; } = [];
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; private set; } = [];
    public long? TotalRows { get; private set; }
    /// <summary>Why the data cannot be read now (revoked, expired, …), when a grant exists.</summary>
    public string? NoAccess { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        ActAsync(async me => { await applications.Withdraw(me, Id, ct); return $"/open/me/applications/{Id}"; }, "Opening.Done.Withdrawn", () => LoadAsync(ct));

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        try { (App, Acts) = await queries.Get(Me, Id, ct); }
        catch (NotFoundProblem) { return NotFound(); }
        if (App.GrantId is { } grant)
        {
            try
            {
                var r = await rows.Handle(Me, App.EntryCode, [new("limit", PreviewRows.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("grant", grant.ToString()), new("count", "exact")], ct);
                var view = r.View;
                var columns = RowCells.Selected(view, r.Query);
                Columns = columns.Select(c => view.Schema.Fields[c].Name).ToList();
                Rows = r.Page.Rows.Select(row =>
                {
                    var bad = RowCells.Bad(row.Bad);
                    return (IReadOnlyList<string?>)columns.Select((c, i) => RowCells.Text(RowCells.Visible(view, c, row.Values[i], bad))).ToList();
                }).ToList();
                TotalRows = r.Page.Count;
            }
            catch (ProblemException p) when (p.Status is 403 or 404) { NoAccess = p.Message; }
        }
        return Page();
    }
}
