using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Shuzhi.Server.Pages.Open;

/// <summary>Text of the data-request, objection and rating pages (Resources/Pages/Open/RequestsText(.en).resx, zh-CN first).</summary>
public sealed class RequestsText;

/// <summary>Labels of the data-request pages (/open/requests…, /open/me/requests).</summary>
public static class RequestsUi
{
    public static string Label(IStringLocalizer r, string prefix, string? key)
    {
        if (key is null) return "";
        var v = r[prefix + key];
        return v.ResourceNotFound ? key : v.Value;
    }

    public static string Status(IStringLocalizer r, string status) => Label(r, "Req.Status.", status);
    public static string Outcome(IStringLocalizer r, string? outcome) => Label(r, "Req.Outcome.", outcome);
    public static string ObjectionOutcome(IStringLocalizer r, string? outcome) => Label(r, "Obj.Outcome.", outcome);

    public static string StatusTag(string status) => status switch { "answered" => "met", "routing" => "extended", _ => "running" };

    public static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";

    public static string Size(long bytes) => bytes < 1024 ? $"{bytes} B" : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
