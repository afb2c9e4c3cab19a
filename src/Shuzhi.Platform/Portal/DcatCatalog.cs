using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Shuzhi.Platform.Portal;

/// <summary>
/// The open catalogue in the W3C Data Catalog Vocabulary (DCAT 2, https://www.w3.org/TR/vocab-dcat-2/) for harvesters:
/// one dcat:Catalog, a dcat:Dataset per open package (dct:identifier, dct:title, dct:description, dct:publisher as a
/// foaf:Organization, dcat:theme and dcat:keyword from the domain, dct:modified) and a dcat:Distribution per download
/// (dcat:accessURL, dcat:downloadURL, dct:format). The same graph as JSON-LD (<see cref="JsonLd"/>) and Turtle (<see cref="Turtle"/>).
/// </summary>
public static class DcatCatalog
{
    public const string Dcat = "http://www.w3.org/ns/dcat#", Dct = "http://purl.org/dc/terms/", Foaf = "http://xmlns.com/foaf/0.1/",
        Xsd = "http://www.w3.org/2001/XMLSchema#";

    public const string CatalogTitle = "公共数据开放目录";

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static string DatasetIri(string baseUrl, OpenPackage p) => $"{baseUrl}/api/3/action/package_show?id={Uri.EscapeDataString(p.Code)}";
    private static string OrgIri(string baseUrl, OpenPackage p) => $"{baseUrl}/api/3/action/organization_show?id={Uri.EscapeDataString(p.ProviderCode)}";
    public static string DownloadUrl(string baseUrl, string code, string format) => $"{baseUrl}/api/3/download/{Uri.EscapeDataString(code)}.{format}";

    private static readonly (string Format, string Media)[] Media =
        [("csv", "text/csv"), ("json", "application/json"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")];

    public static JsonObject JsonLd(string baseUrl, IReadOnlyList<OpenPackage> packages, DateTimeOffset now)
    {
        var datasets = new JsonArray();
        foreach (var p in packages)
        {
            var distributions = new JsonArray();
            if (p.DataVersion is not null)
                foreach (var (f, media) in Media)
                    distributions.Add(new JsonObject
                    {
                        ["@id"] = DownloadUrl(baseUrl, p.Code, f),
                        ["@type"] = "dcat:Distribution",
                        ["dct:title"] = $"{p.Title} ({f.ToUpperInvariant()})",
                        ["dcat:accessURL"] = new JsonObject { ["@id"] = DatasetIri(baseUrl, p) },
                        ["dcat:downloadURL"] = new JsonObject { ["@id"] = DownloadUrl(baseUrl, p.Code, f) },
                        ["dct:format"] = f.ToUpperInvariant(),
                        ["dcat:mediaType"] = media,
                    });
            datasets.Add(new JsonObject
            {
                ["@id"] = DatasetIri(baseUrl, p),
                ["@type"] = "dcat:Dataset",
                ["dct:identifier"] = p.Code,
                ["dct:title"] = new JsonObject { ["@value"] = p.Title, ["@language"] = "zh-CN" },
                ["dct:description"] = new JsonObject { ["@value"] = p.Summary, ["@language"] = "zh-CN" },
                ["dct:publisher"] = new JsonObject
                {
                    ["@id"] = OrgIri(baseUrl, p), ["@type"] = "foaf:Organization",
                    ["foaf:name"] = p.ProviderName, ["dct:identifier"] = p.ProviderCode,
                },
                ["dcat:theme"] = p.Domain,
                ["dcat:keyword"] = p.Domain,
                ["dct:issued"] = new JsonObject { ["@value"] = Iso(p.Created), ["@type"] = "xsd:dateTime" },
                ["dct:modified"] = new JsonObject { ["@value"] = Iso(p.Modified), ["@type"] = "xsd:dateTime" },
                ["dcat:distribution"] = distributions,
            });
        }
        return new JsonObject
        {
            ["@context"] = new JsonObject { ["dcat"] = Dcat, ["dct"] = Dct, ["foaf"] = Foaf, ["xsd"] = Xsd },
            ["@id"] = baseUrl + "/catalog.jsonld",
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = new JsonObject { ["@value"] = CatalogTitle, ["@language"] = "zh-CN" },
            ["dct:modified"] = new JsonObject { ["@value"] = Iso(now), ["@type"] = "xsd:dateTime" },
            ["dcat:dataset"] = datasets,
        };
    }

    public static string Turtle(string baseUrl, IReadOnlyList<OpenPackage> packages, DateTimeOffset now)
    {
        var t = new StringBuilder();
        t.Append("@prefix dcat: <").Append(Dcat).Append("> .\n")
         .Append("@prefix dct: <").Append(Dct).Append("> .\n")
         .Append("@prefix foaf: <").Append(Foaf).Append("> .\n")
         .Append("@prefix xsd: <").Append(Xsd).Append("> .\n\n");
        t.Append(Iri(baseUrl + "/catalog.ttl")).Append(" a dcat:Catalog ;\n")
         .Append("    dct:title ").Append(Lit(CatalogTitle)).Append("@zh-CN ;\n")
         .Append("    dct:modified ").Append(Lit(Iso(now))).Append("^^xsd:dateTime");
        foreach (var p in packages) t.Append(" ;\n    dcat:dataset ").Append(Iri(DatasetIri(baseUrl, p)));
        t.Append(" .\n");
        foreach (var p in packages)
        {
            t.Append('\n').Append(Iri(DatasetIri(baseUrl, p))).Append(" a dcat:Dataset ;\n")
             .Append("    dct:identifier ").Append(Lit(p.Code)).Append(" ;\n")
             .Append("    dct:title ").Append(Lit(p.Title)).Append("@zh-CN ;\n")
             .Append("    dct:description ").Append(Lit(p.Summary)).Append("@zh-CN ;\n")
             .Append("    dct:publisher ").Append(Iri(OrgIri(baseUrl, p))).Append(" ;\n")
             .Append("    dcat:theme ").Append(Lit(p.Domain)).Append(" ;\n")
             .Append("    dcat:keyword ").Append(Lit(p.Domain)).Append(" ;\n")
             .Append("    dct:issued ").Append(Lit(Iso(p.Created))).Append("^^xsd:dateTime ;\n")
             .Append("    dct:modified ").Append(Lit(Iso(p.Modified))).Append("^^xsd:dateTime");
            if (p.DataVersion is not null)
                foreach (var (f, _) in Media) t.Append(" ;\n    dcat:distribution ").Append(Iri(DownloadUrl(baseUrl, p.Code, f)));
            t.Append(" .\n");
            t.Append(Iri(OrgIri(baseUrl, p))).Append(" a foaf:Organization ;\n    foaf:name ").Append(Lit(p.ProviderName))
             .Append(" ;\n    dct:identifier ").Append(Lit(p.ProviderCode)).Append(" .\n");
            if (p.DataVersion is null) continue;
            foreach (var (f, media) in Media)
                t.Append(Iri(DownloadUrl(baseUrl, p.Code, f))).Append(" a dcat:Distribution ;\n")
                 .Append("    dct:title ").Append(Lit($"{p.Title} ({f.ToUpperInvariant()})")).Append(" ;\n")
                 .Append("    dcat:accessURL ").Append(Iri(DatasetIri(baseUrl, p))).Append(" ;\n")
                 .Append("    dcat:downloadURL ").Append(Iri(DownloadUrl(baseUrl, p.Code, f))).Append(" ;\n")
                 .Append("    dct:format ").Append(Lit(f.ToUpperInvariant())).Append(" ;\n")
                 .Append("    dcat:mediaType ").Append(Lit(media)).Append(" .\n");
        }
        return t.ToString();
    }

    /// <summary>An IRI reference: characters Turtle forbids inside &lt;…&gt; are percent-encoded.</summary>
    private static string Iri(string iri)
    {
        var b = new StringBuilder("<");
        foreach (var c in iri)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\') b.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else b.Append(c);
        }
        return b.Append('>').ToString();
    }

    /// <summary>A Turtle string literal (STRING_LITERAL_QUOTE), escaped.</summary>
    private static string Lit(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
            b.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                _ when c < ' ' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        return b.Append('"').ToString();
    }
}
