using Microsoft.Extensions.Localization;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;

namespace Shuzhi.Server.Pages.Catalogue;

/// <summary>Labels for enum values (zh-CN from the Excel labels; English names otherwise) and error lookup for forms.</summary>
public static class CatalogueUi
{
    public static bool Zh => System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh");

    public static string L<T>(T value) where T : struct, Enum => Zh ? CatalogueRules.EnumLabel<T>(value) : value.ToString();

    /// <summary>The label of an enum name (through the catalogue's one enum parser); an unknown name is shown as it is.</summary>
    public static string L<T>(string? name) where T : struct, Enum
        => CatalogueRules.ParseEnum<T>(name, "", []) is { } v ? L(v) : name ?? "";

    public static string State(string? state, IStringLocalizer t) => state is null ? "" : t[$"Catalogue.State.{state}"];

    public static string StateTag(string? state) => state switch
    {
        "Published" => "met", "Submitted" => "running", "Returned" => "overdue", "Withdrawn" => "suspended", "Draft" => "extended", _ => "",
    };

    public static IEnumerable<FieldError> ErrorsFor(IReadOnlyList<FieldError> errors, string field)
        => errors.Where(e => e.Field == field || e.Field.StartsWith(field + "."));
}
