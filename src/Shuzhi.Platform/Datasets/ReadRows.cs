using System.Globalization;
using System.Text.Json;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Datasets;

/// <summary>A page of rows as the caller may see them (masking is applied when the page is written: <see cref="RowCells"/>).</summary>
public sealed record RowsResult(DatasetView View, RowQuery Query, RowPage Page, string? NextToken);

/// <summary>
/// GET /api/v1/datasets/{entryCode}/rows (issue 3 item 5). Parses the query (docs/datasets.md "Row API"), refuses
/// filters, sorts and searches on fields the caller sees masked (without echoing the value), reads one page and records
/// the access in the buffered access log (who, which query, how many rows).
/// </summary>
public sealed class ReadRows(DatasetDirectory directory, IRowStore store, AccessLog log)
{
    /// <summary>Query parameters that are not row filters.</summary>
    public static readonly string[] Reserved = ["version", "format"];

    public async Task<RowsResult> Handle(Actor actor, string entryCode, IReadOnlyList<KeyValuePair<string, string?>> query, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRead);
        var view = await directory.OpenAsync(actor, entryCode, VersionOf(query), ct);
        var q = Parse(view, query);
        var page = await store.QueryAsync(view.Version.Storage, view.RowSchema, q, ct);
        var next = page.Next is null ? null : RowQueryParser.NextToken(q, page.Next);
        log.Record(actor, "dataset.rows", LoadDataset.Subject(entryCode, view.Version.Number), new { query = QueryText(view, query), rows = page.Rows.Count });
        return new RowsResult(view, q, page, next);
    }

    internal static int? VersionOf(IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        var v = query.FirstOrDefault(p => p.Key == "version").Value;
        if (v is null) return null;
        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new BadRequestProblem("version", "positive-integer", "version must be a positive whole number");
    }

    internal static RowQuery Parse(DatasetView view, IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        var q = RowQueryParser.Parse(query.Where(p => !Reserved.Contains(p.Key)), view.RowSchema, view.CanUseRaw, out var errors);
        if (errors.Count > 0 || q is null)
            throw new ValidationProblem(errors.Select(e => new FieldError(e.Parameter, e.Rule, e.Message)).ToList());
        return q;
    }

    /// <summary>
    /// The query as written, for the access record — except that a value compared with a field that is masked by
    /// default (an ID number someone with a grant looked up) is recorded as its keyed hash ("hmac:…"): the audit log is
    /// read by people who see that field masked, and the hash still lets an investigator match a known value.
    /// </summary>
    internal static string QueryText(DatasetView view, IReadOnlyList<KeyValuePair<string, string?>> query) =>
        string.Join("&", query.Where(p => p.Key != "next").Select(p =>
        {
            var field = p.Key.Split("__")[0];
            var f = view.Schema.Find(field);
            var masked = f is not null && (view.Snapshot.MaskOverrides.TryGetValue(field, out var o) ? o : f.Mask) != "none";
            return p.Key + "=" + (masked && p.Value is { Length: > 0 } v ? "hmac:" + view.Hasher.Hash(v)[..16] : p.Value);
        }));
}

/// <summary>
/// THE place where a stored value becomes what the caller sees: the typed value when the caller may see it raw (or the
/// field has no mask), otherwise the mask applied to its text form. A cell that could not be typed at load time
/// (_bad) is shown as its raw text — masked the same way.
/// </summary>
public static class RowCells
{
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The _bad raw texts of a row by field name (null when the row had none).</summary>
    public static Dictionary<string, string>? Bad(string? bad) =>
        bad is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(bad);

    /// <summary>What the caller receives for column <paramref name="column"/>: a typed value (raw) or a string/null (masked).</summary>
    public static object? Visible(DatasetView view, int column, object? value, Dictionary<string, string>? bad)
    {
        if (value is null && bad is not null && bad.TryGetValue(view.Schema.Fields[column].Name, out var raw)) value = raw;
        var mask = view.Masks[column];
        if (mask.Kind == MaskKind.None) return value;
        return mask.Apply(Text(value), view.Hasher);
    }

    public static void WriteJson(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case decimal m: w.WriteNumberValue(m); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            default: w.WriteStringValue(Text(v)); break;
        }
    }

    /// <summary>Writes one row as a JSON object of the selected columns.</summary>
    public static void WriteRow(Utf8JsonWriter w, DatasetView view, IReadOnlyList<int> columns, StoredRow row)
    {
        var bad = Bad(row.Bad);
        w.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            w.WritePropertyName(view.Schema.Fields[c].Name);
            WriteJson(w, Visible(view, c, row.Values[i], bad));
        }
        w.WriteEndObject();
    }

    public static IReadOnlyList<int> Selected(DatasetView view, RowQuery q) =>
        q.Columns.Count > 0 ? q.Columns : Enumerable.Range(0, view.Schema.Fields.Count).ToArray();
}
