using System.Globalization;
using System.Text.Json;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Portal;

/// <summary>The CKAN <c>datastore_search</c> parameters as sent (query string).</summary>
public sealed record DatastoreSearchInput(string? ResourceId, string? Filters, string? Q, string? Fields, string? Sort, string? Limit, string? Offset);

/// <summary>One page of open rows: the view (masks), the selected columns, the rows (cells still stored values: write them through <see cref="RowCells.Visible"/>).</summary>
public sealed record DatastoreResult(DatasetView View, IReadOnlyList<int> Columns, IReadOnlyList<StoredRow> Records, long Total, int Limit, int Offset);

/// <summary>
/// datastore_search (CKAN 2.10) over open data: translated to the row API's query (<see cref="RowQueryParser"/>), so the
/// rules of docs/datasets.md hold unchanged — every cell masked as the public sees it (<see cref="DatasetDirectory.OpenPublicAsync"/>),
/// and a filter, sort or search on a field the public receives masked refused before its value is looked at (the
/// message names the field, never the value). Offset is done by skipping in one store scan, capped at <see cref="MaxOffset"/>.
/// </summary>
public sealed class DatastoreSearch(DatasetDirectory directory, IRowStore store, Audit.AccessLog log)
{
    public const int MaxOffset = 100_000, MaxLimit = RowQueryParser.MaxLimit, DefaultLimit = 100;

    public async Task<DatastoreResult> Handle(DatastoreSearchInput input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.ResourceId))
            throw new ValidationProblem("resource_id", "required", "Missing value");
        var view = await directory.OpenPublicAsync(OpenResources.EntryOf(input.ResourceId), ct);

        var v = new Validator();
        var limit = Int(input.Limit, DefaultLimit, 0, MaxLimit, "limit", v);
        var offset = Int(input.Offset, 0, 0, MaxOffset, "offset", v);
        var pairs = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrWhiteSpace(input.Filters)) Filters(input.Filters, pairs, v);
        if (!string.IsNullOrWhiteSpace(input.Q)) pairs.Add(new("q", input.Q));
        if (!string.IsNullOrWhiteSpace(input.Fields))
            pairs.Add(new("fields", string.Join(',', input.Fields.Split(',').Select(f => f.Trim()).Where(f => f is not ("" or "_id")))));
        if (!string.IsNullOrWhiteSpace(input.Sort)) Sort(input.Sort, view, pairs, v);
        v.ThrowIfAny();

        var q = RowQueryParser.Parse(pairs, view.RowSchema, view.CanUseRaw, out var errors);
        if (errors.Count > 0 || q is null)
            throw new ValidationProblem(errors.Select(e => new FieldError(Parameter(e.Parameter), e.Rule, e.Message)).ToList());

        var total = (await store.QueryAsync(view.Version.Storage, view.RowSchema, q with { Limit = 1, Count = CountMode.Exact, Columns = [0] }, ct)).Count ?? 0;
        var records = new List<StoredRow>(limit);
        if (limit > 0 && offset < total)
        {
            var skipped = 0;
            await foreach (var row in store.ScanAsync(view.Version.Storage, view.RowSchema, q with { Limit = offset + limit, Count = CountMode.None }, ct))
            {
                if (skipped++ < offset) continue;
                records.Add(row);
            }
        }
        log.Record(OpenResources.Public, "opendata.rows", Datasets.LoadDataset.Subject(view.Snapshot.EntryCode, view.Version.Number),
            new { query = ReadRows.QueryText(view, pairs), offset, rows = records.Count });
        return new DatastoreResult(view, RowCells.Selected(view, q), records, total, limit, offset);
    }

    /// <summary>Names a row-API parameter the CKAN way: a field in a filter is <c>filters.字段</c>.</summary>
    private static string Parameter(string p) => p is "q" or "sort" or "fields" or "limit" ? p : "filters." + p;

    /// <summary>filters: a JSON object field → value or list of values (equality / in).</summary>
    private static void Filters(string json, List<KeyValuePair<string, string?>> pairs, Validator v)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException) { v.Add("filters", "json-object", "filters must be a JSON object, e.g. {\"登记日期\":\"2026-01-11\"}"); return; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { v.Add("filters", "json-object", "filters must be a JSON object"); return; }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name.Contains("__", StringComparison.Ordinal) || p.Name is "q" or "sort" or "fields" or "limit" or "next" or "count")
                { v.Add("filters", "unknown-field", $"filters names no field '{Short(p.Name)}'"); continue; }
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.Array: pairs.Add(new(p.Name + "__in", p.Value.GetRawText())); break;
                    case JsonValueKind.String: pairs.Add(new(p.Name, p.Value.GetString())); break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: pairs.Add(new(p.Name, p.Value.GetRawText())); break;
                    case JsonValueKind.Null: pairs.Add(new(p.Name + "__isnull", "true")); break;
                    default: v.Add("filters." + Short(p.Name), "value", "a filter value is a string, number, boolean, null or a list of them"); break;
                }
            }
        }
    }

    /// <summary>sort: "field", "field asc" or "field desc" (one field; the row store orders by one column then load order).</summary>
    private static void Sort(string sort, DatasetView view, List<KeyValuePair<string, string?>> pairs, Validator v)
    {
        var parts = sort.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && parts[1].ToLowerInvariant() is not ("asc" or "desc")) || sort.Contains(','))
        {
            v.Add("sort", "syntax", "sort takes one field, optionally followed by asc or desc");
            return;
        }
        var field = parts[0].Trim('"');
        if (field == "_id") { if (parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase)) v.Add("sort", "syntax", "_id sorts ascending only"); return; }
        // Named here (the row parser says only "sort"): a field name is no secret; its values are.
        var column = view.RowSchema.IndexOf(field);
        if (column >= 0 && !view.CanUseRaw(column)) { v.Add("sort", "masked-field", $"'{Short(field)}' is a field you receive masked; it cannot be used to sort"); return; }
        pairs.Add(new("sort", (parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase) ? "-" : "") + field));
    }

    private static int Int(string? s, int fallback, int min, int max, string name, Validator v)
    {
        if (string.IsNullOrWhiteSpace(s)) return fallback;
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        v.Add(name, "range", $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }

    private static string Short(string s) => s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>CKAN datastore field types for the stored types (a masked column is text: the public receives strings).</summary>
    public static string CkanType(DatasetView view, int column) =>
        view.Masks[column].Kind != MaskKind.None ? "text" : view.RowSchema.Columns[column].Type switch
        {
            StoredType.Integer => "int",
            StoredType.Decimal => "numeric",
            StoredType.Date => "date",
            StoredType.DateTime => "timestamp",
            StoredType.Boolean => "bool",
            _ => "text",
        };
}

/// <summary>
/// Resource ids of open packages: <c>{code}</c> is the datastore (the rows through datastore_search), <c>{code}.csv</c>,
/// <c>{code}.json</c>, <c>{code}.xlsx</c> the downloads of the published version.
/// </summary>
public static class OpenResources
{
    public static readonly string[] DownloadFormats = ["csv", "json", "xlsx"];

    /// <summary>Who the access log names for a read through the portal: the public, signed in or not (no personal data recorded).</summary>
    public static readonly Identity.Actor Public = new(new Guid("00000000-0000-0000-0000-00000000000a"), "public", "公众 / the public",
        new HashSet<Identity.Role>(), Guid.Empty, "公众 / the public", Identity.OrganisationKind.External, "000000", Identity.AdminLevel.Province);

    public static string EntryOf(string resourceId)
    {
        var id = resourceId.Trim();
        foreach (var f in DownloadFormats)
            if (id.EndsWith("." + f, StringComparison.OrdinalIgnoreCase)) return id[..^(f.Length + 1)];
        return id;
    }

    /// <summary>The download format a resource id names, or null for the datastore resource.</summary>
    public static string? FormatOf(string resourceId)
    {
        var id = resourceId.Trim();
        return DownloadFormats.FirstOrDefault(f => id.EndsWith("." + f, StringComparison.OrdinalIgnoreCase));
    }
}
