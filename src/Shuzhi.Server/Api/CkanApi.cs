using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Api;

/// <summary>
/// The open data portal's machine interfaces (spec 20; issue 5 item 8; docs/portal.md): the CKAN Action API v3 at
/// /api/3/action/… (CKAN 2.10's URLs, parameters and <c>{"help","success","result"}</c> envelope; errors as CKAN writes
/// them: <c>{"success":false,"error":{"__type":"Not Found Error"|"Validation Error","message"}}</c> with 404/409), the
/// downloads the resources point to, and the DCAT export (/catalog.jsonld, /catalog.ttl). Anonymous by design
/// (policy open-data); only open data (DatasetAccess.IsOpen), every field masked.
/// </summary>
public static class CkanApi
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    public static void MapCkanApi(this WebApplication app)
    {
        var open = Policies.OpenData.Name;
        var a = app.MapGroup("/api/3/action");

        a.MapGet("/package_list", (HttpContext http, OpenCatalogue catalogue, string? limit, string? offset, CancellationToken ct) => Action(http, "package_list", async () =>
        {
            var v = new Validator();
            var take = Int(limit, int.MaxValue, 0, int.MaxValue, "limit", v);
            var skip = Int(offset, 0, 0, int.MaxValue, "offset", v);
            v.ThrowIfAny();
            return new JsonArray((await catalogue.ListAsync(ct)).Skip(skip).Take(take).Select(p => (JsonNode?)p.Code).ToArray());
        })).RequireAuthorization(open);

        a.MapGet("/package_show", (HttpContext http, OpenCatalogue catalogue, OpenUsage usage, string? id, CancellationToken ct) => Action(http, "package_show", async () =>
        {
            var p = await Find(catalogue, id, ct);
            usage.Record(p.Code, UsageKind.Api);
            return Package(Base(http), p);
        })).RequireAuthorization(open);

        a.MapGet("/package_search", (HttpContext http, OpenCatalogue catalogue, string? q, string? fq, string? rows, string? start, string? sort, CancellationToken ct) =>
            Action(http, "package_search", async () =>
            {
                var r = PackageSearch.Run(await catalogue.ListAsync(ct), new(q, fq, rows, start, sort, http.Request.Query["facet.field"].FirstOrDefault()));
                var facets = new JsonObject();
                var searchFacets = new JsonObject();
                foreach (var (field, items) in r.Facets)
                {
                    var counts = new JsonObject();
                    foreach (var (name, _, count) in items) counts[name] = count;
                    facets[field] = counts;
                    searchFacets[field] = new JsonObject
                    {
                        ["title"] = field,
                        ["items"] = new JsonArray(items.Select(i => (JsonNode?)new JsonObject { ["name"] = i.Name, ["display_name"] = i.DisplayName, ["count"] = i.Count }).ToArray()),
                    };
                }
                return new JsonObject
                {
                    ["count"] = r.Count,
                    ["sort"] = r.Sort,
                    ["facets"] = facets,
                    ["search_facets"] = searchFacets,
                    ["results"] = new JsonArray(r.Results.Select(p => (JsonNode?)Package(Base(http), p)).ToArray()),
                };
            })).RequireAuthorization(open);

        a.MapGet("/organization_list", (HttpContext http, OpenCatalogue catalogue, string? all_fields, CancellationToken ct) => Action(http, "organization_list", async () =>
        {
            var orgs = OpenCatalogue.Organisations(await catalogue.ListAsync(ct));
            return IsTrue(all_fields)
                ? new JsonArray(orgs.Select(o => (JsonNode?)Organisation(o)).ToArray())
                : new JsonArray(orgs.Select(o => (JsonNode?)o.Code).ToArray());
        })).RequireAuthorization(open);

        a.MapGet("/organization_show", (HttpContext http, OpenCatalogue catalogue, string? id, string? include_datasets, CancellationToken ct) => Action(http, "organization_show", async () =>
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ValidationProblem("id", "required", "Missing value");
            var all = await catalogue.ListAsync(ct);
            var org = OpenCatalogue.Organisations(all).FirstOrDefault(o => o.Code == id.Trim()) ?? throw new NotFoundProblem("organization", id);
            var node = Organisation(org);
            if (IsTrue(include_datasets))
                node["packages"] = new JsonArray(all.Where(p => p.ProviderCode == org.Code).Select(p => (JsonNode?)Package(Base(http), p)).ToArray());
            return node;
        })).RequireAuthorization(open);

        a.MapGet("/group_list", (HttpContext http, OpenCatalogue catalogue, string? all_fields, CancellationToken ct) => Action(http, "group_list", async () =>
        {
            var groups = OpenCatalogue.Domains(await catalogue.ListAsync(ct));
            return IsTrue(all_fields)
                ? new JsonArray(groups.Select(g => (JsonNode?)Group(g.Domain, g.Count)).ToArray())
                : new JsonArray(groups.Select(g => (JsonNode?)g.Domain).ToArray());
        })).RequireAuthorization(open);

        a.MapGet("/resource_show", (HttpContext http, OpenCatalogue catalogue, OpenUsage usage, string? id, CancellationToken ct) => Action(http, "resource_show", async () =>
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ValidationProblem("id", "required", "Missing value");
            var p = await catalogue.FindAsync(OpenResources.EntryOf(id), ct);
            var resource = p is null ? null : Resources(Base(http), p).FirstOrDefault(r => (string?)r["id"] == id.Trim());
            if (resource is null) throw new NotFoundProblem("resource", id);
            usage.Record(p!.Code, UsageKind.Api);
            return resource;
        })).RequireAuthorization(open);

        a.MapGet("/datastore_search", (HttpContext http, DatastoreSearch search, OpenUsage usage, string? resource_id, string? filters, string? q, string? fields, string? sort,
                string? limit, string? offset, CancellationToken ct) => Action(http, "datastore_search", async () =>
        {
            var r = await search.Handle(new(resource_id, filters, q, fields, sort, limit, offset), ct);
            var view = r.View;
            usage.Record(view.Snapshot.EntryCode, UsageKind.Api);
            var fieldNodes = new JsonArray(new JsonObject { ["id"] = "_id", ["type"] = "int" });
            foreach (var c in r.Columns) fieldNodes.Add(new JsonObject { ["id"] = view.Schema.Fields[c].Name, ["type"] = DatastoreSearch.CkanType(view, c) });
            var records = new JsonArray();
            foreach (var row in r.Records)
            {
                var bad = RowCells.Bad(row.Bad);
                var record = new JsonObject { ["_id"] = row.Row };
                for (var i = 0; i < r.Columns.Count; i++)
                    record[view.Schema.Fields[r.Columns[i]].Name] = Node(RowCells.Visible(view, r.Columns[i], row.Values[i], bad));
                records.Add(record);
            }
            var self = "/api/3/action/datastore_search" + http.Request.QueryString;
            var next = QueryWith(http, "offset", (r.Offset + Math.Max(r.Limit, 1)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new JsonObject
            {
                ["resource_id"] = resource_id!.Trim(),
                ["fields"] = fieldNodes,
                ["records"] = records,
                ["total"] = r.Total,
                ["limit"] = r.Limit,
                ["offset"] = r.Offset,
                ["_links"] = new JsonObject { ["start"] = QueryWith(http, "offset", null), ["next"] = next },
            };
        })).RequireAuthorization(open);

        // The files the CSV/JSON/XLSX resources point to: the published version, masked as the public sees it.
        app.MapGet("/api/3/download/{file}", async (HttpContext http, DatasetDirectory directory, IRowStore store, Shuzhi.Platform.Audit.AccessLog log, OpenUsage usage,
            string file, CancellationToken ct) =>
        {
            var format = OpenResources.FormatOf(file);
            if (format is null) return Error(http, new NotFoundProblem("resource", file));
            DatasetView view;
            try { view = await directory.OpenPublicAsync(OpenResources.EntryOf(file), ct); }
            catch (ProblemException p) { return Error(http, p); }
            var q = new RowQuery();
            var columns = RowCells.Selected(view, q);
            var name = $"{view.Snapshot.EntryCode}-v{view.Version.Number}.{format}";
            http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = name, FileNameStar = name }.ToString();
            log.Record(OpenResources.Public, "opendata.download", $"dataset:{view.Snapshot.EntryCode}/v{view.Version.Number}", new { format });
            usage.Record(view.Snapshot.EntryCode, UsageKind.Download);
            var rows = store.ScanAsync(view.Version.Storage, view.RowSchema, q, ct);
            switch (format)
            {
                case "csv":
                    http.Response.ContentType = "text/csv; charset=utf-8";
                    await ExportRows.WriteCsvAsync(http.Response.Body, view, columns, rows, ct);
                    break;
                case "json":
                    http.Response.ContentType = "application/json; charset=utf-8";
                    await ExportRows.WriteJsonAsync(http.Response.Body, view, columns, rows, ct);
                    break;
                default:
                    await using (var temp = new FileStream(Path.Combine(Path.GetTempPath(), "shuzhi-open-" + Guid.NewGuid().ToString("N") + ".xlsx"),
                                     FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
                    {
                        await ExportRows.WriteXlsxAsync(temp, view, columns, rows, ct);
                        temp.Position = 0;
                        http.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                        await temp.CopyToAsync(http.Response.Body, ct);
                    }
                    break;
            }
            return Results.Empty;
        }).RequireAuthorization(open);

        // DCAT (W3C Data Catalog Vocabulary) for harvesters.
        app.MapGet("/catalog.jsonld", async (HttpContext http, OpenCatalogue catalogue, TimeProvider clock, CancellationToken ct) =>
            Results.Text(DcatCatalog.JsonLd(Base(http), await catalogue.ListAsync(ct), clock.GetUtcNow()).ToJsonString(Json), "application/ld+json; charset=utf-8"))
            .RequireAuthorization(open);
        app.MapGet("/catalog.ttl", async (HttpContext http, OpenCatalogue catalogue, TimeProvider clock, CancellationToken ct) =>
            Results.Text(DcatCatalog.Turtle(Base(http), await catalogue.ListAsync(ct), clock.GetUtcNow()), "text/turtle; charset=utf-8"))
            .RequireAuthorization(open);
    }

    // ---- envelope ----------------------------------------------------------------------------------------------

    private static async Task<IResult> Action(HttpContext http, string action, Func<Task<JsonNode>> run)
    {
        try
        {
            var result = await run();
            var body = new JsonObject { ["help"] = Help(http, action), ["success"] = true, ["result"] = result };
            return Results.Text(body.ToJsonString(Json), "application/json; charset=utf-8");
        }
        catch (ProblemException p) { return Error(http, p, action); }
    }

    /// <summary>CKAN's error shape: 404 Not Found Error; anything the caller must change is a 409 Validation Error naming the fields.</summary>
    private static IResult Error(HttpContext http, ProblemException p, string? action = null)
    {
        var notFound = p.Status == 404;
        var error = new JsonObject
        {
            ["__type"] = notFound ? "Not Found Error" : "Validation Error",
            ["message"] = notFound ? $"Not found: {p.Message}" : p.Message,
        };
        if (!notFound)
            foreach (var e in p.Errors)
                error[e.Field] = error[e.Field] is JsonArray existing ? Append(existing, e.Detail) : new JsonArray(e.Detail);
        var body = new JsonObject { ["help"] = Help(http, action ?? "help_show"), ["success"] = false, ["error"] = error };
        return Results.Text(body.ToJsonString(Json), "application/json; charset=utf-8", statusCode: notFound ? 404 : 409);
    }

    private static JsonArray Append(JsonArray a, string s) { a.Add(s); return a; }

    private static string Help(HttpContext http, string action) => $"{Base(http)}/api/3/action/help_show?name={action}";

    private static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static string QueryWith(HttpContext http, string key, string? value)
    {
        var pairs = http.Request.Query.Where(p => p.Key != key).SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}")).ToList();
        if (value is not null) pairs.Add($"{key}={value}");
        return "/api/3/action/datastore_search" + (pairs.Count > 0 ? "?" + string.Join("&", pairs) : "");
    }

    private static bool IsTrue(string? s) => s is not null && (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1");

    private static int Int(string? s, int fallback, int min, int max, string name, Validator v)
    {
        if (string.IsNullOrWhiteSpace(s)) return fallback;
        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        v.Add(name, "range", $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }

    private static async Task<OpenPackage> Find(OpenCatalogue catalogue, string? id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ValidationProblem("id", "required", "Missing value");
        return await catalogue.FindAsync(id.Trim(), ct) ?? throw new NotFoundProblem("package", id);
    }

    private static JsonNode? Node(object? v) => v switch
    {
        null => null,
        string s => s,
        long l => l,
        decimal m => m,
        double d => d,
        bool b => b,
        _ => RowCells.Text(v),
    };

    // ---- CKAN dictionaries ---------------------------------------------------------------------------------------

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Organisation(OpenOrganisation o) => new()
    {
        ["id"] = o.Code, ["name"] = o.Code, ["title"] = o.Name, ["display_name"] = o.Name, ["type"] = "organization",
        ["is_organization"] = true, ["state"] = "active", ["approval_status"] = "approved", ["package_count"] = o.PackageCount,
    };

    private static JsonObject Group(string domain, int count) => new()
    {
        ["id"] = domain, ["name"] = domain, ["title"] = domain, ["display_name"] = domain, ["type"] = "group",
        ["is_organization"] = false, ["state"] = "active", ["package_count"] = count,
    };

    private static IEnumerable<JsonObject> Resources(string baseUrl, OpenPackage p)
    {
        if (p.DataVersion is null) yield break;
        var position = 0;
        foreach (var f in OpenResources.DownloadFormats)
            yield return new JsonObject
            {
                ["id"] = $"{p.Code}.{f}", ["package_id"] = p.Code, ["name"] = $"{p.Title}（{f.ToUpperInvariant()}）", ["format"] = f.ToUpperInvariant(),
                ["url"] = DcatCatalog.DownloadUrl(baseUrl, p.Code, f), ["url_type"] = null, ["datastore_active"] = false,
                ["mimetype"] = f switch { "csv" => "text/csv", "json" => "application/json", _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
                ["description"] = $"数据版本 {p.DataVersion}，{p.Rows} 行；字段按开放规则脱敏", ["last_modified"] = Iso(p.Modified), ["created"] = Iso(p.Modified),
                ["position"] = position++, ["state"] = "active",
            };
        yield return new JsonObject
        {
            ["id"] = p.Code, ["package_id"] = p.Code, ["name"] = $"{p.Title}（数据接口）", ["format"] = "API",
            ["url"] = $"{baseUrl}/api/3/action/datastore_search?resource_id={Uri.EscapeDataString(p.Code)}", ["url_type"] = "datastore", ["datastore_active"] = true,
            ["mimetype"] = "application/json", ["description"] = $"datastore_search；数据版本 {p.DataVersion}，{p.Rows} 行",
            ["last_modified"] = Iso(p.Modified), ["created"] = Iso(p.Modified), ["position"] = position, ["state"] = "active",
        };
    }

    private static JsonObject Package(string baseUrl, OpenPackage p)
    {
        var resources = Resources(baseUrl, p).ToList();
        return new JsonObject
        {
            ["id"] = p.Code, ["name"] = p.Code, ["title"] = p.Title, ["notes"] = p.Summary, ["type"] = "dataset", ["state"] = "active",
            ["private"] = false, ["metadata_created"] = Iso(p.Created), ["metadata_modified"] = Iso(p.Modified),
            ["owner_org"] = p.ProviderCode,
            ["organization"] = new JsonObject
            {
                ["id"] = p.ProviderCode, ["name"] = p.ProviderCode, ["title"] = p.ProviderName, ["type"] = "organization",
                ["is_organization"] = true, ["state"] = "active", ["approval_status"] = "approved",
            },
            ["groups"] = new JsonArray(new JsonObject { ["id"] = p.Domain, ["name"] = p.Domain, ["title"] = p.Domain, ["display_name"] = p.Domain }),
            ["tags"] = new JsonArray(new JsonObject { ["name"] = p.Domain, ["display_name"] = p.Domain, ["state"] = "active" }),
            ["num_tags"] = 1,
            ["resources"] = new JsonArray(resources.Select(r => (JsonNode?)r).ToArray()),
            ["num_resources"] = resources.Count,
            ["version"] = p.CatalogueVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["license_id"] = OpenLicence.Id, ["license_title"] = OpenLicence.Title, ["license_url"] = baseUrl + OpenLicence.Path,
            ["extras"] = new JsonArray(
                Extra("category", p.Category), Extra("update_cycle", p.UpdateCycle), Extra("formats", string.Join(",", p.Formats)),
                Extra("open_type", p.OpenType.ToString()), Extra("fields", string.Join(",", p.Fields.Select(f => $"{f.Name}:{f.Type}")))),
        };
    }

    private static JsonNode Extra(string key, string value) => new JsonObject { ["key"] = key, ["value"] = value };
}
