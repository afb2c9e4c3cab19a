using System.Text.Json;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;

namespace Shuzhi.Platform.Portal;

/// <summary>The CKAN <c>package_search</c> parameters (CKAN 2.10 action API), already split from the query string.</summary>
public sealed record PackageSearchInput(string? Q, string? Fq, string? Rows, string? Start, string? Sort, string? FacetField);

public sealed record PackageSearchResult(int Count, IReadOnlyList<OpenPackage> Results, string Sort,
    IReadOnlyDictionary<string, IReadOnlyList<(string Name, string DisplayName, int Count)>> Facets);

/// <summary>
/// package_search over the open catalogue — THE search of the portal (the API, /open/search and /open/catalogue):
/// q is one or more words separated by spaces (ASCII or the full-width U+3000), ANDed, each a substring of the title,
/// summary, code, department, domain or a field name, with full-width forms read as ASCII and case folded (<see cref="Fold"/>;
/// Chinese works without a tokenizer); fq takes <c>organization:</c>, <c>groups:</c> (domain), <c>res_format:</c>,
/// <c>level:</c> (Province/City/County), <c>open_type:</c> (Unconditional/Conditional) and <c>update_cycle:</c>
/// (Daily, Monthly, …; the Chinese labels work too) terms, ANDed; sort <c>metadata_modified desc</c> (default) or
/// <c>name asc</c>/<c>title_string asc</c>; facets over each fq field. The open catalogue is small enough (thousands) to
/// filter in memory.
/// </summary>
public static class PackageSearch
{
    public const int MaxRows = 1000, DefaultRows = 10, MaxStart = 100_000;
    public static readonly string[] FacetFields = ["organization", "groups", "res_format", "level", "open_type", "update_cycle"];

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
        var words = Words(input.Q);
        if (words.Count > 0) hits = hits.Where(p => Matches(p, words));
        foreach (var (field, value) in terms)
            hits = field switch
            {
                "organization" => hits.Where(p => p.ProviderCode == value),
                "groups" => hits.Where(p => p.Domain == value),
                "level" => hits.Where(p => Is(p.Level, value)),
                "open_type" => hits.Where(p => Is(p.OpenType, value)),
                "update_cycle" => hits.Where(p => Is(Cycle(p), value)),
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
                "level" => matched.GroupBy(p => p.Level).Select(g => (g.Key.ToString(), g.Key.ToString(), g.Count())),
                "open_type" => matched.GroupBy(p => p.OpenType).Select(g => (g.Key.ToString(), CatalogueRules.EnumLabel<OpenType>(g.Key), g.Count())),
                "update_cycle" => matched.GroupBy(Cycle).Select(g => (g.Key.ToString(), CatalogueRules.EnumLabel<UpdateCycle>(g.Key), g.Count())),
                _ => matched.SelectMany(Formats).GroupBy(x => x).Select(g => (g.Key, g.Key, g.Count())),
            }).OrderByDescending(x => x.Item3).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();
        return new PackageSearchResult(matched.Count, matched.Skip(start).Take(rows).ToList(), sort, facets);
    }

    /// <summary>The words of a query: split at spaces (ASCII or full-width) after folding; "*" and "*:*" (CKAN's "everything") are no words.</summary>
    public static IReadOnlyList<string> Words(string? q) =>
        string.IsNullOrWhiteSpace(q) || q.Trim() is "*:*" or "*" ? [] : Fold(q).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Search form of a text: full-width ASCII forms and U+3000 read as ASCII (TextNormaliser.Map), lower case.</summary>
    public static string Fold(string s) => string.Create(s.Length, s, (d, src) =>
    {
        for (var i = 0; i < src.Length; i++) d[i] = char.ToLowerInvariant(TextNormaliser.Map(src[i]));
    });

    /// <summary>Does every word occur in the package's title, summary, code, department, domain or field names?</summary>
    public static bool Matches(OpenPackage p, IReadOnlyList<string> words)
    {
        var text = Fold(string.Join('\n', new[] { p.Title, p.Summary, p.Code, p.ProviderName, p.Domain }.Concat(p.Fields.Select(f => f.Name))));
        return words.All(w => text.Contains(w, StringComparison.Ordinal));
    }

    private static UpdateCycle Cycle(OpenPackage p) => Enum.TryParse<UpdateCycle>(p.UpdateCycle, out var c) ? c : UpdateCycle.Irregular;

    /// <summary>An fq value names this enum value: its English name in any case, or its Chinese label (the catalogue's).</summary>
    private static bool Is<T>(T value, string term) where T : struct, Enum =>
        value.ToString().Equals(term, StringComparison.OrdinalIgnoreCase) || CatalogueRules.EnumLabel<T>(value) == term;

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
            if (!FacetFields.Contains(field))
                v.Add("fq", "unknown-field", $"fq takes the fields {string.Join(", ", FacetFields)}");
            else terms.Add((field, value));
        }
        return terms;
    }
}
