using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Shuzhi.Server.Pages.Backoffice;

/// <summary>Text of the back-office pages (Resources/Pages/Backoffice/BackofficeText(.en).resx, zh-CN first).</summary>
public sealed class BackofficeText;

/// <summary>
/// Server-side SVG bar charts for the back office: no script; <c>role="img"</c> with a title and a description that states
/// every value, so a screen reader gets the data (each chart is also shown as a table next to it).
/// </summary>
public static class SvgChart
{
    public sealed record Bar(string Label, double Value, double? Target = null);

    public static IHtmlContent Bars(string id, string title, IReadOnlyList<Bar> bars, string unit, double? max = null)
    {
        var e = HtmlEncoder.Default;
        const int w = 720, left = 8, top = 10, barH = 22, gap = 10, labelW = 240;
        var h = top * 2 + Math.Max(1, bars.Count) * (barH + gap);
        var top0 = max ?? Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => Math.Max(b.Value, b.Target ?? 0)));
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var desc = string.Join("; ", bars.Select(b => $"{b.Label}: {N(b.Value)}{unit}" + (b.Target is { } t ? $" (target {N(t)}{unit})" : "")));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" data-test=\"chart-{e.Encode(id)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" width=\"100%\" style=\"max-width:{w}px\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{e.Encode(title)}</title><desc id=\"{id}-d\">{e.Encode(desc)}</desc>");
        var y = top;
        var plot = w - labelW - left - 70;
        foreach (var b in bars)
        {
            var len = top0 <= 0 ? 0 : Math.Max(0, Math.Min(1, b.Value / top0)) * plot;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{y + 16}\" font-size=\"13\">{e.Encode(b.Label.Length > 22 ? b.Label[..22] + "…" : b.Label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelW}\" y=\"{y}\" width=\"{len:0.#}\" height=\"{barH}\" fill=\"#2b6cb0\" />");
            if (b.Target is { } t)
            {
                var tx = labelW + Math.Min(1, t / top0) * plot;
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{tx:0.#}\" x2=\"{tx:0.#}\" y1=\"{y - 3}\" y2=\"{y + barH + 3}\" stroke=\"#c53030\" stroke-width=\"3\" />");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW + len + 6:0.#}\" y=\"{y + 16}\" font-size=\"13\">{N(b.Value)}{e.Encode(unit)}</text>");
            y += barH + gap;
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }
}
