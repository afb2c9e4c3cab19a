using Microsoft.Extensions.Localization;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>Text of the conditional-opening pages (Resources/Pages/Open/OpeningText(.en).resx, zh-CN first; docs/portal-opening.md).</summary>
public sealed class OpeningText;

/// <summary>Labels shared by the conditional-opening pages (portal, "my applications", the bureau's and department's pages).</summary>
public static class OpeningUi
{
    public static string State(IStringLocalizer t, string state) => Label(t, "Opening.State.", state);
    public static string Step(IStringLocalizer t, string step) => Label(t, "Opening.Step.", step);
    public static string GrantStatus(IStringLocalizer t, string status) => Label(t, "Opening.GrantStatus.", status);

    public static string StateTag(string state) => state switch
    {
        "granted" => "met", "refused" or "rejected" => "suspended", "withdrawn" => "", _ => "running",
    };

    /// <summary>The step an application waits on: what, who, by when, under which article.</summary>
    public static string Waiting(IStringLocalizer t, OpenApplicationView a) => a.Waiting is { } w
        ? $"{Step(t, w.StepType)} · {w.ActingOrganisation} · {t["Opening.DueBy"]} {w.DueText}"
        : t["Opening.NoStep"].Value;

    private static string Label(IStringLocalizer t, string prefix, string key)
    {
        var v = t[prefix + key];
        return v.ResourceNotFound ? key : v.Value;
    }
}
