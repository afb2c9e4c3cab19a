using System.Buffers;
using System.Collections.Frozen;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shuzhi.Platform.Datasets.Storage;

/// <summary>One refused query parameter: which parameter, which rule (kebab-case), in words. Never echoes a value.</summary>
public sealed record QueryError(string Parameter, string Rule, string Message);

/// <summary>
/// Turns the row API's query string into a <see cref="RowQuery"/>, so the endpoint stays thin. Syntax (after Datasette):
/// <list type="table">
/// <item><term><c>field=value</c></term><description>equal (<c>field__eq=value</c> says the same; use it for a field named like a parameter below)</description></item>
/// <item><term><c>field__ne=value</c></term><description>not equal (SQL semantics: rows whose field is null do not match)</description></item>
/// <item><term><c>field__in=a,b,c</c></term><description>one of the values, split at commas, or a JSON array <c>["a,b","c"]</c> when a value holds a comma; 1–100 values</description></item>
/// <item><term><c>field__gt= / __gte= / __lt= / __lte=</c></term><description>ranges (text compares by code point)</description></item>
/// <item><term><c>field__isnull=true|false</c></term><description>null / not null</description></item>
/// <item><term><c>q=text</c></term><description>case-insensitive substring (at most 100 characters) in any Searchable field the caller may see raw; empty = no search</description></item>
/// <item><term><c>sort=field</c>, <c>sort=-field</c></term><description>ascending (nulls first) / descending (nulls last); ties by row order</description></item>
/// <item><term><c>fields=a,b</c></term><description>the fields to return, in that order (default all)</description></item>
/// <item><term><c>limit=</c></term><description>rows per page, 1–1000 (default 100)</description></item>
/// <item><term><c>next=TOKEN</c></term><description>the previous page's <c>next</c>; refused with different filters, search or sort</description></item>
/// <item><term><c>count=exact|estimate|none</c></term><description>total matching rows (default none)</description></item>
/// </list>
/// Values are typed by the field: Integer <c>-12</c>; Decimal <c>-12.5</c> (invariant, no thousands separators);
/// Date <c>2023-05-01</c>; DateTime <c>2023-05-01T08:30:00</c> or <c>2023-05-01 08:30:00</c> (seconds optional; a date alone is midnight);
/// Boolean <c>true|false|1|0</c>; Text as given (empty is the empty text).
/// Refused: unknown parameters and fields, unparsable values, repeated control parameters, and any filter, sort or search on a
/// field the caller sees masked (<c>canUseRaw(i) == false</c>) — masked fields are left out of <c>q</c> and cannot be named in
/// filters or <c>sort</c>; they may be listed in <c>fields</c> (the caller receives them masked). Error messages name the
/// parameter and the rule and never repeat a value. Reserved and ignored (for the endpoint): <see cref="IgnoredParameters"/>.
/// </summary>
public static class RowQueryParser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxInValues = 100;
    public const int MaxSearchLength = 100;
    private const int MaxTokenLength = 4096;

    /// <summary>Parameters the endpoint may use itself; the parser ignores them: <c>format</c> (download format) and <c>_</c> (cache buster).</summary>
    public static readonly FrozenSet<string> IgnoredParameters = new[] { "format", "_" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] Controls = ["q", "sort", "fields", "limit", "next", "count"];

    private static readonly (string Suffix, FilterOp Op)[] Suffixes =
    [
        ("__eq", FilterOp.Eq), ("__ne", FilterOp.Ne), ("__in", FilterOp.In), ("__gt", FilterOp.Gt), ("__gte", FilterOp.Gte),
        ("__lt", FilterOp.Lt), ("__lte", FilterOp.Lte), ("__isnull", FilterOp.IsNull),
    ];

    /// <summary>Parses <paramref name="query"/>; returns null with <paramref name="errors"/> when anything is refused.</summary>
    public static RowQuery? Parse(IEnumerable<KeyValuePair<string, string?>> query, RowSchema schema, Func<int, bool> canUseRaw,
        out IReadOnlyList<QueryError> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(canUseRaw);
        var errs = new List<QueryError>();
        var filters = new List<RowFilter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? search = null, token = null;
        int? sort = null;
        var descending = false;
        var columns = new List<int>();
        var limit = DefaultLimit;
        var count = CountMode.None;

        foreach (var (rawKey, rawValue) in query)
        {
            var key = rawKey ?? "";
            var value = rawValue ?? "";
            if (IgnoredParameters.Contains(key)) continue;
            if (Array.IndexOf(Controls, key) >= 0)
            {
                if (!seen.Add(key)) { errs.Add(new(key, "duplicate-parameter", $"'{key}' may be given once.")); continue; }
                switch (key)
                {
                    case "q":
                        if (value.Length == 0) break;
                        if (RowSql.RuneCount(value) > MaxSearchLength)
                            errs.Add(new(key, "max-length", $"'q' may have at most {MaxSearchLength} characters."));
                        else search = value;
                        break;
                    case "sort":
                        descending = value.StartsWith('-');
                        var name = descending ? value[1..] : value;
                        var s = Field(schema, name, key, errs);
                        if (s < 0) break;
                        if (!canUseRaw(s)) { errs.Add(Masked(key, "sort")); break; }
                        sort = s;
                        break;
                    case "fields":
                        foreach (var f in value.Split(','))
                        {
                            var i = Field(schema, f, key, errs);
                            if (i < 0) continue;
                            if (columns.Contains(i)) errs.Add(new(key, "duplicate-field", $"'fields' names field '{Short(f)}' twice."));
                            else columns.Add(i);
                        }
                        break;
                    case "limit":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit)
                        {
                            errs.Add(new(key, "range", $"'limit' must be a whole number from 1 to {MaxLimit}."));
                            limit = DefaultLimit;
                        }
                        break;
                    case "next":
                        token = value;
                        break;
                    case "count":
                        switch (value)
                        {
                            case "exact": count = CountMode.Exact; break;
                            case "estimate": count = CountMode.Estimate; break;
                            case "none" or "": count = CountMode.None; break;
                            default: errs.Add(new(key, "one-of", "'count' must be exact, estimate or none.")); break;
                        }
                        break;
                }
                continue;
            }
            ParseFilter(key, value, schema, canUseRaw, filters, errs);
        }

        IReadOnlyList<int> searchColumns = [];
        if (search is not null)
        {
            var usable = new List<int>();
            for (var i = 0; i < schema.Columns.Count; i++)
                if (schema.Columns[i].Searchable && schema.Columns[i].Type == StoredType.Text && canUseRaw(i)) usable.Add(i);
            if (usable.Count == 0) errs.Add(new("q", "not-searchable", "This dataset has no field you may search."));
            searchColumns = usable;
        }

        var result = new RowQuery
        {
            Filters = filters,
            Search = search,
            SearchColumns = searchColumns,
            SortColumn = sort,
            Descending = descending,
            Columns = columns,
            Limit = limit,
            Count = count,
        };
        if (errs.Count == 0 && !string.IsNullOrEmpty(token))
        {
            var after = ReadToken(token, result, schema, errs);
            if (after is not null) result = result with { After = after };
        }
        errors = errs;
        return errs.Count == 0 ? result : null;
    }

    private static void ParseFilter(string key, string value, RowSchema schema, Func<int, bool> canUseRaw, List<RowFilter> filters, List<QueryError> errs)
    {
        var column = schema.IndexOf(key);
        var op = FilterOp.Eq;
        if (column < 0)
        {
            foreach (var (suffix, o) in Suffixes)
            {
                if (!key.EndsWith(suffix, StringComparison.Ordinal) || key.Length == suffix.Length) continue;
                var c = schema.IndexOf(key[..^suffix.Length]);
                if (c < 0)
                {
                    errs.Add(new(key, "unknown-field", $"There is no field '{Short(key[..^suffix.Length])}'."));
                    return;
                }
                column = c;
                op = o;
                break;
            }
        }
        if (column < 0)
        {
            errs.Add(new(key, "unknown-parameter", $"'{Short(key)}' is neither a query parameter nor a field."));
            return;
        }
        // Masked: refuse before looking at the value, so no answer ever depends on it.
        if (!canUseRaw(column)) { errs.Add(Masked(key, "filter")); return; }
        var type = schema.Columns[column].Type;
        switch (op)
        {
            case FilterOp.IsNull:
                if (value is "true" or "1") filters.Add(new RowFilter(column, FilterOp.IsNull, []));
                else if (value is "false" or "0") filters.Add(new RowFilter(column, FilterOp.NotNull, []));
                else errs.Add(new(key, "boolean", $"'{Short(key)}' must be true or false."));
                return;
            case FilterOp.In:
                var items = SplitList(value);
                if (items is null) { errs.Add(new(key, "list", $"'{Short(key)}' must be comma-separated values or a JSON array of strings or numbers.")); return; }
                if (items.Count is 0 or > MaxInValues) { errs.Add(new(key, "list-length", $"'{Short(key)}' takes 1 to {MaxInValues} values.")); return; }
                var values = new List<object>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    if (TryValue(items[i], type, out var v)) values.Add(v);
                    else { errs.Add(new(key, TypeRule(type), $"Value {i + 1} of '{Short(key)}' is not {TypeWords(type)}.")); return; }
                }
                filters.Add(new RowFilter(column, FilterOp.In, values));
                return;
            default:
                if (TryValue(value, type, out var one)) filters.Add(new RowFilter(column, op, [one]));
                else errs.Add(new(key, TypeRule(type), $"The value of '{Short(key)}' is not {TypeWords(type)}."));
                return;
        }
    }

    private static QueryError Masked(string parameter, string use)
        => new(parameter, "masked-field", $"'{Short(parameter)}' names a field you receive masked; it cannot be used to {use}.");

    private static int Field(RowSchema schema, string name, string parameter, List<QueryError> errs)
    {
        var i = schema.IndexOf(name);
        if (i < 0) errs.Add(new(parameter, "unknown-field", $"There is no field '{Short(name)}'."));
        return i;
    }

    private static string Short(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private static List<string>? SplitList(string value)
    {
        if (!value.StartsWith('[')) return value.Length == 0 ? [] : [.. value.Split(',')];
        try
        {
            using var doc = JsonDocument.Parse(value);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var list = new List<string>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.String) list.Add(e.GetString()!);
                else if (e.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) list.Add(e.GetRawText());
                else return null;
            }
            return list;
        }
        catch (JsonException) { return null; }
    }

    private static string TypeRule(StoredType t) => t switch
    {
        StoredType.Integer => "integer",
        StoredType.Decimal => "decimal",
        StoredType.Date => "date",
        StoredType.DateTime => "date-time",
        StoredType.Boolean => "boolean",
        _ => "text",
    };

    private static string TypeWords(StoredType t) => t switch
    {
        StoredType.Integer => "a whole number",
        StoredType.Decimal => "a decimal number such as -12.5",
        StoredType.Date => "a date in the form yyyy-MM-dd",
        StoredType.DateTime => "a date-time in the form yyyy-MM-ddTHH:mm:ss",
        StoredType.Boolean => "true or false",
        _ => "text",
    };

    private static readonly string[] DateTimeForms =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>A query-string value as the column's CLR type.</summary>
    public static bool TryValue(string s, StoredType type, out object value)
    {
        value = null!;
        switch (type)
        {
            case StoredType.Text:
                value = s;
                return true;
            case StoredType.Integer:
                if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return false;
                value = l;
                return true;
            case StoredType.Decimal:
                if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)) return false;
                value = d;
                return true;
            case StoredType.Date:
                if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
                value = date;
                return true;
            case StoredType.DateTime:
                if (!DateTime.TryParseExact(s, DateTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return false;
                value = DateTime.SpecifyKind(dt, DateTimeKind.Unspecified);
                return true;
            default:
                if (s is "true" or "1") value = true;
                else if (s is "false" or "0") value = false;
                else return false;
                return true;
        }
    }

    // ---- next token ------------------------------------------------------------------------------------------

    /// <summary>
    /// The <c>next</c> token for the page after <paramref name="position"/>: base64url of <c>{"h":shape,"r":row,"v":value}</c>,
    /// where shape is a short hash of the query's filters, search and sort (not of fields, limit or count, which may change
    /// between pages).
    /// </summary>
    public static string NextToken(RowQuery query, KeysetPosition position)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(position);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("h", ShapeHash(query));
            w.WriteNumber("r", position.Row);
            switch (position.SortValue)
            {
                case null: break;
                case long l: w.WriteNumber("v", l); break;
                case bool b: w.WriteBoolean("v", b); break;
                default: w.WriteString("v", Canonical(position.SortValue)); break;
            }
            w.WriteEndObject();
        }
        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    private static KeysetPosition? ReadToken(string token, RowQuery query, RowSchema schema, List<QueryError> errs)
    {
        const string Malformed = "The 'next' token is malformed; start again from the first page.";
        if (token.Length > MaxTokenLength) { errs.Add(new("next", "invalid-token", Malformed)); return null; }
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(token); }
        catch (FormatException) { errs.Add(new("next", "invalid-token", Malformed)); return null; }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("h", out var h) || h.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("r", out var r) || !r.TryGetInt64(out var row) || row < 0)
            {
                errs.Add(new("next", "invalid-token", Malformed));
                return null;
            }
            if (!string.Equals(h.GetString(), ShapeHash(query), StringComparison.Ordinal))
            {
                errs.Add(new("next", "foreign-token", "The 'next' token belongs to a query with other filters, search or sort."));
                return null;
            }
            if (!root.TryGetProperty("v", out var v) || v.ValueKind == JsonValueKind.Null) return new KeysetPosition(null, row);
            if (query.SortColumn is not { } sort) { errs.Add(new("next", "invalid-token", Malformed)); return null; }
            var type = schema.Columns[sort].Type;
            object? value = null;
            var ok = type switch
            {
                StoredType.Integer => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
                StoredType.Boolean => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
                _ => v.ValueKind == JsonValueKind.String && TryValue(v.GetString()!, type, out value),
            };
            if (!ok) { errs.Add(new("next", "invalid-token", Malformed)); return null; }
            value = type switch
            {
                StoredType.Integer => v.GetInt64(),
                StoredType.Boolean => v.GetBoolean(),
                _ => value,
            };
            return new KeysetPosition(value, row);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            errs.Add(new("next", "invalid-token", Malformed));
            return null;
        }
    }

    /// <summary>8 characters of SHA-256 over the canonical filters (order-independent), search, search fields and sort.</summary>
    internal static string ShapeHash(RowQuery q)
    {
        var parts = new List<string>(q.Filters.Count);
        foreach (var f in q.Filters)
        {
            var b = new StringBuilder().Append(f.Column).Append(',').Append((int)f.Op);
            foreach (var v in f.Values)
            {
                var c = Canonical(v);
                b.Append(',').Append(c.Length).Append(':').Append(c);
            }
            parts.Add(b.ToString());
        }
        parts.Sort(StringComparer.Ordinal);
        var all = new StringBuilder();
        all.Append("s=").Append(q.SortColumn?.ToString(CultureInfo.InvariantCulture) ?? "-").Append(q.Descending ? 'd' : 'a');
        if (!string.IsNullOrEmpty(q.Search))
        {
            all.Append(";q=").Append(q.Search.Length).Append(':').Append(q.Search).Append(";in=");
            var cols = new List<int>(q.SearchColumns);
            cols.Sort();
            all.AppendJoin(',', cols);
        }
        all.Append(";f=").AppendJoin(';', parts);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString()), hash);
        return Base64Url.EncodeToString(hash[..6]);
    }

    private static string Canonical(object v) => v switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
