using System.Text.Json;
using Shuzhi.Platform.Common;

namespace Shuzhi.Platform.Portal;

/// <summary>The CKAN <c>package_search</c> parameters (CKAN 2.10 action API), already split from the query string.</summary>
public sealed record PackageSearchInput(string? Q, string? Fq, string? Rows, string? Start, string? Sort, string? FacetField);

public sealed record PackageSearchResult(int Count, IReadOnlyList<OpenPackage> Results, string Sort,
    IReadOnlyDictionary<string, IReadOnlyList<(string Name, string DisplayName, int Count)>> Facets);

/// <summary>
/// package_search over the open catalogue: q is a case-insensitive substring of the title, summary or code (so Chinese
/// works without a tokenizer); fq takes <c>organization:</c>, <c>groups:</c> (domain) and <c>res_format:</c> terms, ANDed;
/// sort <c>metadata_modified desc</c> (default) or <c>name asc</c>/<c>title_string asc</c>; facets over organization,
/// groups and res_format. The open catalogue is small enough (thousands) to filter in memory.
/// </summary>
public static class PackageSearch
{
    public const int MaxRows = 1000, DefaultRows = 10, MaxStart = 100_000;
    public static readonly string[] FacetFields = ["organization", "groups", "res_format"];

    /// <summary>Resource formats of a package: the downloads exist only when it has open data.</summary>
    public static IReadOnlyList<string> Formats(OpenPackage p) => p.DataVersion is null ? [] : ["CSV", "JSON", "XLSX"];

    public static PackageSearchResult Run(IReadOnlyList<OpenPackage> all, PackageSearchInput input)
    {
        var v = new Validator();
        var rows = Int(input.Rows, DefaultRows, 0, MaxRows, "rows", v);
        var start = Int(input.Start, 0, 0, MaxStart, "start", v);
        var sort = string.IsNullOrWhiteSpace(input.Sort) ? "metadata_modified desc" : string.Join(' ', input.Sort.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        if (sort is not ("metadata_modified desc" or "metadata_modified asc" or "name asc" or "name desc" or "title_string asc" or "title_string desc"))
            v.Add("sort", "one-of", "sort must be 'metadata_modified desc|asc', 'name asc|desc' or 'title_string asc|desc'");
        var facetFields = FacetList(input.FacetField, v);
        var terms = FilterTerms(input.Fq, v);
        v.ThrowIfAny();

        IEnumerable<OpenPackage> hits = all;
        if (!string.IsNullOrWhiteSpace(input.Q) && input.Q.Trim() is not ("*:*" or "*"))
        {
            var q = input.Q.Trim();
            hits = hits.Where(p => p.Title.Contains(q, StringComparison.OrdinalIgnoreCase) || p.Summary.Contains(q, StringComparison.OrdinalIgnoreCase)
                                   || p.Code.Contains(q, StringComparison.OrdinalIgnoreCase));
        }
        foreach (var (field, value) in terms)
            hits = field switch
            {
                "organization" => hits.Where(p => p.ProviderCode == value),
                "groups" => hits.Where(p => p.Domain == value),
                _ => hits.Where(p => Formats(p).Contains(value.ToUpperInvariant())),
            };
        var matched = hits.ToList();
        matched = sort switch
        {
            "metadata_modified asc" => matched.OrderBy(p => p.Modified).ThenBy(p => p.Code, StringComparer.Ordinal).ToList(),
            "name asc" => matched.OrderBy(p => p.Code, StringComparer.Ordinal).ToList(),
            "name desc" => matched.OrderByDescending(p => p.Code, StringComparer.Ordinal).ToList(),
            "title_string asc" => matched.OrderBy(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.Code, StringComparer.Ordinal).ToList(),
            "title_string desc" => matched.OrderByDescending(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.Code, StringComparer.Ordinal).ToList(),
            _ => matched.OrderByDescending(p => p.Modified).ThenBy(p => p.Code, StringComparer.Ordinal).ToList(),
        };
        var facets = new Dictionary<string, IReadOnlyList<(string, string, int)>>();
        foreach (var f in facetFields)
            facets[f] = (f switch
            {
                "organization" => matched.GroupBy(p => p.ProviderCode).Select(g => (g.Key, g.First().ProviderName, g.Count())),
                "groups" => matched.GroupBy(p => p.Domain).Select(g => (g.Key, g.Key, g.Count())),
                _ => matched.SelectMany(Formats).GroupBy(x => x).Select(g => (g.Key, g.Key, g.Count())),
            }).OrderByDescending(x => x.Item3).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();
        return new PackageSearchResult(matched.Count, matched.Skip(start).Take(rows).ToList(), sort, facets);
    }

    private static int Int(string? s, int fallback, int min, int max, string name, Validator v)
    {
        if (string.IsNullOrWhiteSpace(s)) return fallback;
        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        v.Add(name, "range", $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }

    private static List<string> FacetList(string? s, Validator v)
    {
        if (string.IsNullOrWhiteSpace(s)) return [];
        try
        {
            var list = JsonSerializer.Deserialize<List<string>>(s) ?? [];
            foreach (var f in list.Where(f => !FacetFields.Contains(f)))
                v.Add("facet.field", "one-of", $"facet.field takes {string.Join(", ", FacetFields)}");
            return list.Where(FacetFields.Contains).Distinct().ToList();
        }
        catch (JsonException)
        {
            v.Add("facet.field", "json-list", "facet.field must be a JSON list of strings, e.g. [\"organization\",\"groups\"]");
            return [];
        }
    }

    /// <summary>Splits fq into field:value terms; values may be quoted ("…"). Unknown fields are refused, not ignored.</summary>
    internal static List<(string Field, string Value)> FilterTerms(string? fq, Validator v)
    {
        var terms = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(fq)) return terms;
        var i = 0;
        while (i < fq.Length)
        {
            while (i < fq.Length && char.IsWhiteSpace(fq[i])) i++;
            if (i >= fq.Length) break;
            var colon = fq.IndexOf(':', i);
            if (colon < 0) { v.Add("fq", "syntax", "fq takes terms field:value, e.g. organization:520000-GA groups:公共安全 res_format:CSV"); break; }
            var field = fq[i..colon].Trim().TrimStart('+');
            i = colon + 1;
            string value;
            if (i < fq.Length && fq[i] == '"')
            {
                var end = fq.IndexOf('"', i + 1);
                if (end < 0) { v.Add("fq", "syntax", "fq has an unclosed quote"); break; }
                value = fq[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < fq.Length && !char.IsWhiteSpace(fq[end])) end++;
                value = fq[i..end];
                i = end;
            }
            if (field is not ("organization" or "groups" or "res_format"))
                v.Add("fq", "unknown-field", "fq takes the fields organization, groups and res_format");
            else terms.Add((field, value));
        }
        return terms;
    }
}
