using Microsoft.AspNetCore.WebUtilities;

namespace Shuzhi.Server;

/// <summary>
/// The reader's display preferences (适老化 / 无障碍; issue 5 item 1): large text and high contrast, each switched by a link
/// in the layout (<c>?text=large|standard</c>, <c>?contrast=high|standard</c>) that works without script and is remembered
/// in a cookie for a year, like the language. They set classes on <c>&lt;html&gt;</c>; site.css does the rest.
/// </summary>
public static class DisplayPreferences
{
    public const string TextCookie = "shuzhi.text";
    public const string ContrastCookie = "shuzhi.contrast";

    private static readonly (string Query, string Cookie, string On)[] Switches =
        [("text", TextCookie, "large"), ("contrast", ContrastCookie, "high")];

    /// <summary>Is the preference on for this request (the query's value if it sets one, else the cookie's)?</summary>
    public static bool LargeText(HttpContext http) => IsOn(http, Switches[0]);
    public static bool HighContrast(HttpContext http) => IsOn(http, Switches[1]);

    /// <summary>The classes for &lt;html&gt;.</summary>
    public static string HtmlClass(HttpContext http) =>
        string.Join(' ', new[] { LargeText(http) ? "text-large" : null, HighContrast(http) ? "contrast-high" : null }.OfType<string>());

    /// <summary>Remembers a preference the query sets (valid values only) in its cookie.</summary>
    public static void Remember(HttpContext http)
    {
        foreach (var s in Switches)
        {
            var value = http.Request.Query[s.Query].ToString();
            if (value == s.On || value == "standard")
                http.Response.Cookies.Append(s.Cookie, value,
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
        }
    }

    /// <summary>This page's URL with one query parameter set (the others kept): the layout's switches use it.</summary>
    public static string With(HttpContext http, string name, string value)
    {
        var query = http.Request.Query.Where(kv => kv.Key != name)
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v))).ToList();
        query.Add(new(name, value));
        return QueryHelpers.AddQueryString(http.Request.Path.Value ?? "/", query);
    }

    private static bool IsOn(HttpContext http, (string Query, string Cookie, string On) s)
    {
        var value = http.Request.Query[s.Query].ToString();
        if (value != s.On && value != "standard") value = http.Request.Cookies[s.Cookie] ?? "";
        return value == s.On;
    }
}
