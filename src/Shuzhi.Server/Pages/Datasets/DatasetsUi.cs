using System.Globalization;
using Microsoft.Extensions.Localization;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;

namespace Shuzhi.Server.Pages.Datasets;

/// <summary>Small formatting helpers shared by the data pages.</summary>
public static class DatasetsUi
{
    public static bool Zh => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    /// <summary>An instant as China wall-clock time, minutes.</summary>
    public static string Time(DateTimeOffset? t) => t is null ? "" : ChinaTime.ToChina(t.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Score(double? s) => s is null ? "—" : s.Value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The first 12 hex characters of a file's SM3 (the full value is in the title attribute).</summary>
    public static string Short(string? sm3) => sm3 is null ? "" : sm3.Length > 12 ? sm3[..12] + "…" : sm3;

    public static string State(string? state, IStringLocalizer t) => state is null ? "" : t["Datasets.State." + state];

    public static string StateTag(string? state) => state switch
    {
        "Published" => "met", "Loaded" => "running", "Loading" => "extended", "Failed" => "overdue", "Superseded" => "", _ => "",
    };

    public static string Gate(bool passed, IStringLocalizer t) => passed ? t["Datasets.GatePassed"] : t["Datasets.GateHeld"];

    public static IEnumerable<FieldError> ErrorsFor(ProblemException? p, string field)
        => p is null ? [] : p.Errors.Where(e => e.Field == field || e.Field.StartsWith(field + ".", StringComparison.Ordinal));
}
