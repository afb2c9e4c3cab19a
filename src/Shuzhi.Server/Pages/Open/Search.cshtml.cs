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
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? OpenType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cycle { get; set; }

    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public PackageSearchResult? Result { get; private set; }
    public ProblemException? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = DiscoveryUi.PageNumber(Request);
        var fq = DiscoveryUi.Fq(("organization", Organization), ("groups", Group), ("res_format", Format), ("level", Level), ("open_type", OpenType), ("update_cycle", Cycle));
        try
        {
            Result = PackageSearch.Run(await catalogue.ListAsync(ct), new(Q, fq, OpenUi.PageSize.ToString(CultureInfo.InvariantCulture),
                ((PageNumber - 1) * OpenUi.PageSize).ToString(CultureInfo.InvariantCulture), null, Facets));
            Pages = Math.Max(1, (Result.Count + OpenUi.PageSize - 1) / OpenUi.PageSize);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            Problem = p;
            Response.StatusCode = p.Status;
        }
    }

    /// <summary>The facets shown, in this order (package_search's facet.field).</summary>
    public const string Facets = "[\"groups\",\"organization\",\"level\",\"open_type\",\"update_cycle\",\"res_format\"]";

    /// <summary>This search with one parameter changed (paging and facet links keep the others).</summary>
    public string With(string? q = null, string? organization = null, string? group = null, string? format = null, int page = 1,
        string? level = null, string? openType = null, string? cycle = null) =>
        OpenUi.Search(q ?? Q, organization ?? Organization, group ?? Group, format ?? Format, page, level ?? Level, openType ?? OpenType, cycle ?? Cycle);

    /// <summary>This search with one facet (by its package_search field name) set to a value.</summary>
    public string WithFacet(string field, string value) => field switch
    {
        "groups" => With(group: value),
        "organization" => With(organization: value),
        "level" => With(level: value),
        "open_type" => With(openType: value),
        "update_cycle" => With(cycle: value),
        _ => With(format: value),
    };

    /// <summary>The filters in force: (facet field, value).</summary>
    public IEnumerable<(string Field, string Value)> Filters() =>
        new[] { ("groups", Group), ("organization", Organization), ("level", Level), ("open_type", OpenType), ("update_cycle", Cycle), ("res_format", Format) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (f.Item1, f.Item2!.Trim()));
}
