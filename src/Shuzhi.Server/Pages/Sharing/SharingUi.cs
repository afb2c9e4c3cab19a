using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// Text of the sharing pages (Resources/Pages/Sharing/SharingText(.en).resx, zh-CN first): its own resource, so the
/// sharing helpers' pages do not all edit SharedResource.
/// </summary>
public sealed class SharingText;

/// <summary>Labels and small helpers shared by the sharing pages (/sharing…).</summary>
public static class SharingUi
{
    /// <summary>An application state as the API spells it (e.g. "providerreply") in Chinese or English.</summary>
    public static string State(IStringLocalizer s, string state) => Label(s, "Sharing.State.", state);

    public static string Access(IStringLocalizer s, string access) => Label(s, "Sharing.Access.", access);

    public static string GrantStatus(IStringLocalizer s, string status) => Label(s, "Sharing.GrantStatus.", status);

    public static string Step(IStringLocalizer s, string step) => Label(s, "Sharing.Step.", step);

    public static string Action(IStringLocalizer s, string action) => Label(s, "Sharing.Action.", action);

    public static string Delivery(IStringLocalizer s, string delivery) => Label(s, "Sharing.Delivery.", delivery);

    /// <summary>The tag colour of an application state.</summary>
    public static string StateTag(string state) => state switch
    {
        "granted" => "met", "returned" or "refused" => "suspended", "rejected" or "closed" or "withdrawn" => "", "negotiation" or "referred" => "extended",
        _ => "running",
    };

    public static string StatusTag(string status) => status switch { "active" => "met", "revoked" => "overdue", "pending" => "running", _ => "" };

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The errors of a problem that name <paramref name="field"/>.</summary>
    public static IEnumerable<FieldError> ErrorsFor(ProblemException? p, string field)
        => p is null ? [] : p.Errors.Where(e => e.Field == field || e.Field.StartsWith(field + ".", StringComparison.Ordinal));

    /// <summary>A date typed into a form: blank is null; anything else must be yyyy-mm-dd (a 422 naming the field otherwise).</summary>
    public static DateOnly? ParseDate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new ValidationProblem(field, "date", $"「{text}」不是日期（yyyy-mm-dd） / not a date (yyyy-mm-dd)");
    }

    private static string Label(IStringLocalizer s, string prefix, string key)
    {
        var v = s[prefix + key];
        return v.ResourceNotFound ? key : v.Value;
    }
}

/// <summary>
/// A sharing page with forms: an act runs its handler; success redirects (with a "done" message), a problem (RFC 9457)
/// shows the page again with the problem beside the form, answered with the problem's status.
/// </summary>
public abstract class SharingPage : PageModel
{
    [TempData] public string? Done { get; set; }

    /// <summary>A form's problem (the page is shown again with it).</summary>
    public ProblemException? Problem { get; protected set; }

    public Actor Me => HttpContext.Actor();

    protected async Task<IActionResult> ActAsync(Func<Actor, Task<string>> act, string done, Func<Task<IActionResult>> reload)
    {
        try
        {
            var to = await act(HttpContext.Actor());
            Done = done;
            return Redirect(to);
        }
        catch (ProblemException p) when (p.Status < 500)
        {
            var result = await reload();
            Problem = p;
            Response.StatusCode = p.Status;
            return result;
        }
    }
}
