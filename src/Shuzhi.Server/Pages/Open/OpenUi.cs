using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>Text of the public portal pages (Resources/Pages/Open/OpenText(.en).resx, zh-CN first).</summary>
public sealed class OpenText;

/// <summary>
/// Base of the public portal pages (/open…; issue 5 items 1–3): anonymous through the named policy open-data, like the
/// CKAN API (Api/CkanApi.cs); they read only the open catalogue (OpenCatalogue) — every value masked as the public sees it.
/// </summary>
[Authorize(Policy = "open-data")]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = OpenPageCache.Policy)]
public abstract class OpenPage : PageModel;

/// <summary>Links of the public portal pages.</summary>
public static class OpenUi
{
    public const int PageSize = 20;

    /// <summary>/open/search with the given filters (null or blank ones left out), always page 1.</summary>
    public static string Search(string? q = null, string? organization = null, string? group = null, string? format = null, int page = 1,
        string? level = null, string? openType = null, string? cycle = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("q", q);
        Add("organization", organization);
        Add("group", group);
        Add("format", format);
        Add("level", level);
        Add("openType", openType);
        Add("cycle", cycle);
        if (page > 1) Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/open/search" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    public static string Dataset(OpenPackage p) => "/open/datasets/" + Uri.EscapeDataString(p.Code);

    public static string Date(DateTimeOffset t) =>
        Shuzhi.Core.Time.ChinaTime.DateOf(t).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
