using Microsoft.Extensions.Localization;

namespace Shuzhi.Server.Pages.Cases;

/// <summary>Display names of step and case types: "Cases.StepType.{type}" / "Cases.CaseType.{type}" when the resources have one, else the type itself.</summary>
public static class CaseLabels
{
    public static string Step(IStringLocalizer t, string? type) => Label(t, "Cases.StepType.", type);
    public static string Case(IStringLocalizer t, string? type) => Label(t, "Cases.CaseType.", type);

    private static string Label(IStringLocalizer t, string prefix, string? type)
    {
        if (string.IsNullOrEmpty(type)) return "";
        var s = t[prefix + type];
        return s.ResourceNotFound ? type : s.Value;
    }
}
