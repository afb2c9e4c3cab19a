using System.Net;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>
/// A row filter written as text in the row API's syntax — "region=520102&amp;reg_date__gte=2020-01-01" — as a sharing
/// grant stores it (docs/sharing.md "Row filters"). Only conditions: no q, sort, fields, limit, next or count.
/// </summary>
public static class RowFilterText
{
    public const int MaxLength = 2000;

    /// <summary>The parameter pairs of <paramref name="text"/> (percent-decoded; '+' is not a space).</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Pairs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Trim().TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var eq = part.IndexOf('=');
            var key = WebUtility.UrlDecode((eq < 0 ? part : part[..eq]).Replace("+", "%2B")).Trim();
            var value = eq < 0 ? "" : WebUtility.UrlDecode(part[(eq + 1)..].Replace("+", "%2B"));
            return new KeyValuePair<string, string?>(key, value);
        }).ToList();
    }

    /// <summary>Problems with <paramref name="text"/> as a filter over <paramref name="schema"/> (empty when it is fine).</summary>
    public static IReadOnlyList<QueryError> Check(string? text, RowSchema schema)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (text.Length > MaxLength) return [new("rowFilter", "max-length", $"a row filter has at most {MaxLength} characters")];
        var pairs = Pairs(text);
        var controls = pairs.Where(p => p.Key is "q" or "sort" or "fields" or "limit" or "next" or "count" or "version" or "grant").Select(p => p.Key).ToList();
        if (controls.Count > 0)
            return [new("rowFilter", "conditions-only", $"a row filter is conditions on fields only, not '{controls[0]}'")];
        RowQueryParser.Parse(pairs, schema, _ => true, out var errors);
        return errors.Select(e => e with { Parameter = "rowFilter." + e.Parameter }).ToList();
    }
}
