using Microsoft.Extensions.Localization;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Server.Pages.Catalogue;

namespace Shuzhi.Server.Pages.Open;

/// <summary>Text of the portal's discovery parts (facets, /open/catalogue, /open/licence, the dataset page's sections): Resources/Pages/Open/DiscoveryText(.en).resx.</summary>
public sealed class DiscoveryText;

/// <summary>Labels and links of the discovery parts.</summary>
public static class DiscoveryUi
{
    /// <summary>The licence every open dataset is published under (/open/licence).</summary>
    public const string LicenceId = Shuzhi.Platform.Portal.OpenLicence.Id, LicenceUrl = Shuzhi.Platform.Portal.OpenLicence.Path;

    /// <summary>The heading of a package_search facet.</summary>
    public static string FacetTitle(string field, IStringLocalizer d) => d["Discovery.Facet." + field];

    /// <summary>How a facet value is shown: enum values by their label (Chinese first), others as they come.</summary>
    public static string FacetValue(string field, string name, string display, IStringLocalizer d) => field switch
    {
        "level" => Enum.TryParse<Shuzhi.Platform.Identity.AdminLevel>(name, true, out var l) && Enum.IsDefined(l) ? d["Discovery.Level." + l] : name,
        "open_type" => CatalogueUi.L<OpenType>(name),
        "update_cycle" => CatalogueUi.L<UpdateCycle>(name),
        _ => display,
    };

    /// <summary>/open/catalogue with the given filters (blank ones left out).</summary>
    public static string Requestable(string? q = null, string? organization = null, string? group = null, string? openType = null, int page = 1)
    {
        var query = new[] { ("q", q), ("organization", organization), ("group", group), ("openType", openType), ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!));
        return "/open/catalogue" + (query.Any() ? "?" + string.Join('&', query) : "");
    }

    /// <summary>The page asked for (?page=, 1 when absent or out of range). Read from the query: "page" as a bound name would be Razor Pages' own route value.</summary>
    public static int PageNumber(Microsoft.AspNetCore.Http.HttpRequest request) =>
        int.TryParse(request.Query["page"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n is >= 1 and <= Shuzhi.Platform.Portal.PackageSearch.MaxStart / OpenUi.PageSize ? n : 1;

    /// <summary>package_search's fq for the filters given (field, value), blank ones left out, values quoted.</summary>
    public static string Fq(params (string Field, string? Value)[] filters) =>
        string.Join(' ', filters.Where(t => !string.IsNullOrWhiteSpace(t.Value))
            .Select(t => $"{t.Field}:\"{t.Value!.Trim().Replace("\"", "", StringComparison.Ordinal)}\""));

    /// <summary>The data request form (built by the requests feature) for one catalogue entry.</summary>
    public static string Request(string code) => "/open/requests/new?entry=" + Uri.EscapeDataString(code);
}
