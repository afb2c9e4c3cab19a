using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>/open/search: package_search (PackageSearch) over the open catalogue with facet links and paging.</summary>
public sealed class SearchModel(OpenCatalogue catalogue) : OpenPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Organization { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public PackageSearchResult? Result { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Read from the query: "page" as a bound name would be Razor Pages' own route value (the page path).
        PageNumber = int.TryParse(Request.Query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= PackageSearch.MaxStart / OpenUi.PageSize ? n : 1;
        var fq = string.Join(' ', new[] { ("organization", Organization), ("groups", Group), ("res_format", Format) }
            .Where(t => !string.IsNullOrWhiteSpace(t.Item2))
            .Select(t => $"{t.Item1}:\"{t.Item2!.Trim().Replace("\"", "", StringComparison.Ordinal)}\""));
        try
        {
            Result = PackageSearch.Run(await catalogue.ListAsync(ct), new(Q, fq, OpenUi.PageSize.ToString(CultureInfo.InvariantCulture),
                ((PageNumber - 1) * OpenUi.PageSize).ToString(CultureInfo.InvariantCulture), null, "[\"groups\",\"organization\",\"res_format\"]"));
            Pages = Math.Max(1, (Result.Count + OpenUi.PageSize - 1) / OpenUi.PageSize);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
    }

    /// <summary>This search with one parameter changed (paging and facet links keep the others).</summary>
    public string With(string? q = null, string? organization = null, string? group = null, string? format = null, int page = 1) =>
        OpenUi.Search(q ?? Q, organization ?? Organization, group ?? Group, format ?? Format, page);
}
