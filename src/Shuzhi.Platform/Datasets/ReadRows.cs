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
public sealed class ReadRows(DatasetDirectory directory, IRowStore store, AccessLog log, Sharing.GrantDeliveries deliveries)
{
    /// <summary>Query parameters that are not row filters.</summary>
    public static readonly string[] Reserved = ["version", "format", "grant"];

    public async Task<RowsResult> Handle(Actor actor, string entryCode, IReadOnlyList<KeyValuePair<string, string?>> query, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRows);
        var view = await directory.OpenAsync(actor, entryCode, VersionOf(query), ct, GrantOf(query));
        if (view.Grant is { Delivery: "file" } g)
            throw directory.Refuse(actor, entryCode, $"grant {g.Id} delivers files, not the row API: download an extract", g.Id, QueryText(view, query));
        var (q, effective) = Scope(directory, actor, entryCode, view, query);
        var page = await store.QueryAsync(view.Version.Storage, view.RowSchema, effective, ct);
        // The token is bound to the query as the caller wrote it (the grant's conditions are added again on every page).
        var next = page.Next is null ? null : RowQueryParser.NextToken(q, page.Next);
        log.Record(actor, "dataset.rows", LoadDataset.Subject(entryCode, view.Version.Number),
            new { query = QueryText(view, query), rows = page.Rows.Count, grant = view.Grant?.Id });
        if (view.Grant is { FirstDeliveredAt: null } first) await deliveries.FirstAsync(first, ct);
        return new RowsResult(view, effective, page, next);
    }

    internal static Guid? GrantOf(IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        var v = query.FirstOrDefault(p => p.Key == "grant").Value;
        if (string.IsNullOrEmpty(v)) return null;
        return Guid.TryParse(v, out var id) ? id : throw new BadRequestProblem("grant", "uuid", "grant must be the id of a grant (a UUID)");
    }

    /// <summary>
    /// Holds a query to what the caller may see (docs/sharing.md "Grants"): a field outside a conditional grant may not be
    /// named anywhere (filter, sort, fields), and an equality or in-list condition on a field the grant's row filter
    /// restricts may not ask for other values — both refused (403) and logged. The result is the query to run: the
    /// grant's conditions ANDed with the caller's, and without <c>fields</c> only the visible fields.
    /// </summary>
    /// <returns>The query as the caller wrote it (its next token is bound to it) and the query to run.</returns>
    internal static (RowQuery Asked, RowQuery Effective) Scope(DatasetDirectory directory, Actor actor, string entryCode, DatasetView view,
        IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        if (view.Visible.All(v => v) && view.GrantFilters.Count == 0)
        {
            var all = Parse(view, query);
            return (all, all);
        }
        var named = Names(query);
        for (var i = 0; i < view.Schema.Fields.Count; i++)
        {
            var name = view.Schema.Fields[i].Name;
            if (!view.Visible[i] && named.Contains(name))
                throw directory.Refuse(actor, entryCode, $"field '{name}' is outside grant {view.Grant?.Id}", view.Grant?.Id, QueryText(view, query));
        }
        var q = Parse(view, query);
        foreach (var allowed in view.GrantFilters.Where(f => f.Op is FilterOp.Eq or FilterOp.In))
            foreach (var asked in q.Filters.Where(f => f.Column == allowed.Column && f.Op is FilterOp.Eq or FilterOp.In))
                if (asked.Values.Any(v => !allowed.Values.Contains(v)))
                    throw directory.Refuse(actor, entryCode,
                        $"rows with {view.Schema.Fields[asked.Column].Name} = {string.Join(",", asked.Values.Select(RowCells.Text))} are outside grant {view.Grant?.Id}",
                        view.Grant?.Id, QueryText(view, query));
        return (q, q with
        {
            Filters = [.. view.GrantFilters, .. q.Filters],
            Columns = q.Columns.Count > 0 ? q.Columns : Enumerable.Range(0, view.Visible.Length).Where(i => view.Visible[i]).ToArray(),
        });
    }

    /// <summary>Every field name a query mentions: filter keys (before "__"), sort and fields.</summary>
    private static HashSet<string> Names(IReadOnlyList<KeyValuePair<string, string?>> query)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            switch (key)
            {
                case "sort": names.Add((value ?? "").TrimStart('-')); break;
                case "fields": foreach (var f in (value ?? "").Split(',')) names.Add(f.Trim()); break;
                case "q" or "limit" or "next" or "count" or "version" or "format" or "grant" or "_": break;
                default: names.Add(key.Split("__")[0]); break;
            }
        }
        return names;
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
