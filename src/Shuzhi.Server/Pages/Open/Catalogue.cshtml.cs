using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// /open/catalogue: advanced search over catalogued data the public cannot read yet (可开放数据的高级搜索, spec 20) —
/// RequestableCatalogue's entries, searched with PackageSearch (words, department, domain, open type), each with a link
/// to request the data. Catalogue metadata only; never data.
/// </summary>
public sealed class CatalogueModel(RequestableCatalogue catalogue) : OpenPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Organization { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? OpenType { get; set; }

    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public PackageSearchResult? Result { get; private set; }
    /// <summary>Every requestable entry (for the filter choices), unfiltered.</summary>
    public PackageSearchResult? All { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = DiscoveryUi.PageNumber(Request);
        var fq = DiscoveryUi.Fq(("organization", Organization), ("groups", Group), ("open_type", OpenType));
        const string facets = "[\"organization\",\"groups\",\"open_type\"]";
        try
        {
            var entries = await catalogue.ListAsync(ct);
            All = PackageSearch.Run(entries, new(null, null, "0", null, null, facets));
            Result = PackageSearch.Run(entries, new(Q, fq, OpenUi.PageSize.ToString(CultureInfo.InvariantCulture),
                ((PageNumber - 1) * OpenUi.PageSize).ToString(CultureInfo.InvariantCulture), "title_string asc", facets));
            Pages = Math.Max(1, (Result.Count + OpenUi.PageSize - 1) / OpenUi.PageSize);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
    }

    public string With(int page) => DiscoveryUi.Requestable(Q, Organization, Group, OpenType, page);
}
