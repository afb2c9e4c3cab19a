using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// /open/datasets/{code}: an open package — metadata, a preview of its first rows through datastore_search (DatastoreSearch:
/// masked as the public sees them, written to the access log as 'public'), the downloads and copy-ready API calls. Each
/// showing is counted as a view (OpenPageCache.UseOpenPageViews, also when the page comes from the cache).
/// Anything not open (draft, other open type, withdrawn, unknown) is 404 with the same page for all.
/// </summary>
public sealed class DatasetModel(OpenCatalogue catalogue, DatastoreSearch datastore, OpenWithdrawals withdrawals) : OpenPage
{
    public const int PreviewRows = 20;

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    public OpenPackage? Package { get; private set; }
    /// <summary>When the code is that of withdrawn open data: its announcement (贵州 art.33), shown with 410 instead of the bare 404.</summary>
    public WithdrawalNotice? Withdrawal { get; private set; }
    public IReadOnlyList<string> Columns { get; private set; } = [];
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; private set; } = [];
    public long TotalRows { get; private set; }
    public string Base { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Package = await catalogue.FindAsync(Code.Trim(), ct);
        if (Package is null)
        {
            Withdrawal = await withdrawals.FindAsync(Code.Trim(), ct);
            Response.StatusCode = Withdrawal is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
            return Page();
        }
        Base = $"{Request.Scheme}://{Request.Host}";
        if (Package.DataVersion is not null)
        {
            var r = await datastore.Handle(new(Package.Code, null, null, null, null, PreviewRows.ToString(System.Globalization.CultureInfo.InvariantCulture), null), ct);
            var view = r.View;
            Columns = r.Columns.Select(c => view.Schema.Fields[c].Name).ToList();
            Rows = r.Records.Select(row =>
            {
                var bad = Shuzhi.Platform.Datasets.RowCells.Bad(row.Bad);
                return (IReadOnlyList<string?>)r.Columns.Select((c, i) => Shuzhi.Platform.Datasets.RowCells.Text(
                    Shuzhi.Platform.Datasets.RowCells.Visible(view, c, row.Values[i], bad))).ToList();
            }).ToList();
            TotalRows = r.Total;
        }
        return Page();
    }
}
