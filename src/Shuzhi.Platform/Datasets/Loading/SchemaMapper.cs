using System.Text;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Reading;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>How a catalogue field found its file column.</summary>
public enum MappingMatch : byte
{
    /// <summary>The column name equals the field name exactly.</summary>
    Exact,
    /// <summary>Equal after normalisation: case, spaces, full-width forms, a trailing unit in brackets "（万元）" and "*" markers ignored.</summary>
    Normalised,
    /// <summary>Set by the user's mapping.</summary>
    Override,
    /// <summary>No column found: the field is missing from the file (its values are null).</summary>
    Unmapped,
    /// <summary>The user's mapping says the field takes no column.</summary>
    ExcludedByUser,
}

/// <param name="Field">the catalogue field name.</param>
/// <param name="Column">the 0-based file column, or −1 when unmapped.</param>
/// <param name="ColumnName">the file column's name, or null.</param>
public sealed record FieldMapping(string Field, int Column, string? ColumnName, MappingMatch Match)
{
    public bool IsMapped => Column >= 0;
}

/// <summary>A file column (0-based index and name).</summary>
public sealed record SourceColumn(int Index, string Name);

/// <summary>
/// Which file column feeds each catalogue field (in the order of the fields), and the file columns no field takes
/// (not in the catalogue: reported by the quality check, not loaded).
/// </summary>
public sealed record SchemaMapping(IReadOnlyList<FieldMapping> Fields, IReadOnlyList<SourceColumn> UnmappedColumns, int ColumnCount)
{
    public IEnumerable<FieldMapping> Missing => Fields.Where(f => !f.IsMapped);
}

/// <summary>What a file column looks like, for the mapping screen.</summary>
/// <param name="Index">0-based column.</param>
/// <param name="Header">the column name.</param>
/// <param name="Inferred">the type inference over the sample (type, share, fits per type, scientific-notation identifiers).</param>
/// <param name="Field">the field it is mapped to, or null.</param>
/// <param name="Match">how it was mapped, or null.</param>
/// <param name="TypeFits">false when the column's values do not look like the mapped field's type (e.g. text in a date field).</param>
/// <param name="CandidateField">for an unmapped column: the one unmapped identifier field whose type its values have.</param>
public sealed record ColumnSuggestion(int Index, string Header, InferredColumn Inferred, string? Field, MappingMatch? Match,
    bool TypeFits, string? CandidateField);

/// <summary>The mapping plus what each file column looks like.</summary>
public sealed record MappingSuggestion(SchemaMapping Mapping, IReadOnlyList<ColumnSuggestion> Columns);

/// <summary>
/// Maps file columns to an entry's fields. Order: the user's overrides ({fieldName: columnName}; null or "" = take no
/// column) win and reserve their fields and columns; then exact names; then normalised names (<see cref="NameKey"/>).
/// A column feeds at most one field. An override naming an unknown field or column, or a column twice, is a
/// <see cref="ValidationProblem"/> naming the field ("mapping.{field}") and the rule.
/// </summary>
public static class SchemaMapper
{
    public static SchemaMapping Map(IReadOnlyList<TargetField> fields, IReadOnlyList<string> headers,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var result = new FieldMapping?[fields.Count];
        var taken = new bool[headers.Count];
        var fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
            if (!fieldIndex.TryAdd(fields[i].Name, i)) throw new ArgumentException($"field '{fields[i].Name}' appears twice", nameof(fields));

        if (overrides is { Count: > 0 })
        {
            var v = new Validator();
            var usedBy = new Dictionary<int, string>();
            foreach (var (field, column) in overrides.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var key = $"mapping.{field}";
                if (!fieldIndex.TryGetValue(field, out var fi))
                {
                    v.Require(false, key, "unknown-field", $"目录中没有字段「{field}」 / the catalogue entry has no field '{field}'");
                    continue;
                }
                if (string.IsNullOrEmpty(column))
                {
                    result[fi] = new FieldMapping(field, -1, null, MappingMatch.ExcludedByUser);
                    continue;
                }
                var ci = IndexOf(headers, column);
                if (ci < 0)
                {
                    v.Require(false, key, "unknown-column", $"文件中没有列「{column}」 / the file has no column '{column}'");
                    continue;
                }
                if (usedBy.TryGetValue(ci, out var other))
                {
                    v.Require(false, key, "column-used-twice", $"列「{column}」已映射到字段「{other}」 / column '{column}' is already mapped to field '{other}'");
                    continue;
                }
                usedBy[ci] = field;
                taken[ci] = true;
                result[fi] = new FieldMapping(field, ci, headers[ci], MappingMatch.Override);
            }
            v.ThrowIfAny();
        }

        // exact names
        for (var fi = 0; fi < fields.Count; fi++)
        {
            if (result[fi] is not null) continue;
            var ci = IndexOf(headers, fields[fi].Name);
            if (ci >= 0 && !taken[ci])
            {
                taken[ci] = true;
                result[fi] = new FieldMapping(fields[fi].Name, ci, headers[ci], MappingMatch.Exact);
            }
        }

        // normalised names: the leftmost free column with the same key
        var keys = new string[headers.Count];
        for (var ci = 0; ci < headers.Count; ci++) keys[ci] = NameKey(headers[ci]);
        for (var fi = 0; fi < fields.Count; fi++)
        {
            if (result[fi] is not null) continue;
            var key = NameKey(fields[fi].Name);
            for (var ci = 0; ci < headers.Count; ci++)
            {
                if (taken[ci] || key.Length == 0 || !string.Equals(keys[ci], key, StringComparison.Ordinal)) continue;
                taken[ci] = true;
                result[fi] = new FieldMapping(fields[fi].Name, ci, headers[ci], MappingMatch.Normalised);
                break;
            }
            result[fi] ??= new FieldMapping(fields[fi].Name, -1, null, MappingMatch.Unmapped);
        }

        var unmapped = new List<SourceColumn>();
        for (var ci = 0; ci < headers.Count; ci++)
            if (!taken[ci]) unmapped.Add(new SourceColumn(ci, headers[ci]));
        return new SchemaMapping(result.Select(r => r!).ToArray(), unmapped, headers.Count);
    }

    private static int IndexOf(IReadOnlyList<string> headers, string name)
    {
        for (var i = 0; i < headers.Count; i++)
            if (string.Equals(headers[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>
    /// The comparison key of a column or field name: full-width forms as ASCII (<see cref="TextNormaliser"/>), every
    /// whitespace removed, lower case, "*" required-markers removed, and a trailing unit in brackets dropped —
    /// "注册资本（万元）", "注册 资本", "*注册资本" and "注册资本" share a key, so do "ＩＤ" and "id".
    /// </summary>
    public static string NameKey(string name)
    {
        var s = TextNormaliser.Normalise(name);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c == '*') continue;
            sb.Append(char.ToLowerInvariant(c));
        }
        // a trailing "(…)" or "[…]" (full-width brackets are ASCII by now; 【】 is CJK and kept as is)
        while (sb.Length > 0 && sb[^1] is ')' or ']' or '】')
        {
            var close = sb[^1];
            var open = close switch { ')' => '(', ']' => '[', _ => '【' };
            var depth = 0;
            var at = -1;
            for (var i = sb.Length - 1; i >= 0; i--)
            {
                if (sb[i] == close) depth++;
                else if (sb[i] == open && --depth == 0) { at = i; break; }
            }
            if (at <= 0) break; // unbalanced, or the whole name is in brackets: keep it
            sb.Length = at;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The mapping for the upload screen, with the type inference of each file column over the sample rows
    /// (<see cref="TypeInference.Infer"/>): whether the values fit the mapped field's type, and for unmapped columns
    /// that clearly hold identifiers, the unmapped identifier field they probably belong to.
    /// </summary>
    public static MappingSuggestion Suggest(IReadOnlyList<TargetField> fields, IReadOnlyList<string> headers,
        IReadOnlyList<IReadOnlyList<string>> sampleRows, DateOnly today, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var mapping = Map(fields, headers, overrides);
        var byColumn = new Dictionary<int, (FieldMapping M, TargetField F)>();
        for (var i = 0; i < fields.Count; i++)
            if (mapping.Fields[i].IsMapped) byColumn[mapping.Fields[i].Column] = (mapping.Fields[i], fields[i]);

        var inferred = new InferredColumn[headers.Count];
        for (var ci = 0; ci < headers.Count; ci++)
        {
            var c = ci;
            inferred[ci] = TypeInference.Infer(headers[ci], sampleRows.Select(r => c < r.Count ? r[c] : null), today);
        }

        // an unmapped column whose values are clearly an identifier type goes to the only unmapped field of that type
        var freeFields = new List<TargetField>();
        for (var i = 0; i < fields.Count; i++)
            if (mapping.Fields[i].Match == MappingMatch.Unmapped) freeFields.Add(fields[i]);

        var columns = new ColumnSuggestion[headers.Count];
        for (var ci = 0; ci < headers.Count; ci++)
        {
            var inf = inferred[ci];
            if (byColumn.TryGetValue(ci, out var m))
            {
                columns[ci] = new ColumnSuggestion(ci, headers[ci], inf, m.M.Field, m.M.Match, Fits(m.F, inf), null);
                continue;
            }
            string? candidate = null;
            if (inf.Sampled > 0 && inf.Type is ColumnType.ResidentId or ColumnType.CreditCode or ColumnType.Mobile)
            {
                var matching = freeFields.Where(f => IdentifierType(f) == inf.Type).ToList();
                if (matching.Count == 1) candidate = matching[0].Name;
            }
            columns[ci] = new ColumnSuggestion(ci, headers[ci], inf, null, null, true, candidate);
        }
        return new MappingSuggestion(mapping, columns);
    }

    /// <summary><see cref="Suggest(IReadOnlyList{TargetField}, IReadOnlyList{string}, IReadOnlyList{IReadOnlyList{string}}, DateOnly, IReadOnlyDictionary{string, string?}?)"/> over the upload preview.</summary>
    public static MappingSuggestion Suggest(IReadOnlyList<TargetField> fields, FileInspection inspection, DateOnly today,
        IReadOnlyDictionary<string, string?>? overrides = null) =>
        Suggest(fields, inspection.Headers, inspection.Preview, today, overrides);

    private static ColumnType? IdentifierType(TargetField f) => f.Type switch
    {
        FieldType.IdCardNumber => ColumnType.ResidentId,
        FieldType.CreditCode => ColumnType.CreditCode,
        _ when f.Kind == FieldKind.Mobile && f.StoredType == Storage.StoredType.Text => ColumnType.Mobile,
        _ => null,
    };

    /// <summary>Whether values inferred as <paramref name="inferred"/> can be typed as the field's type.</summary>
    public static bool Fits(TargetField field, InferredColumn inferred)
    {
        if (inferred.Sampled == 0) return true;
        var t = inferred.Type;
        return field.Type switch
        {
            FieldType.Integer => t is ColumnType.Integer,
            FieldType.Decimal => t is ColumnType.Integer or ColumnType.Decimal,
            FieldType.Date => t is ColumnType.Date,
            FieldType.DateTime => t is ColumnType.Date or ColumnType.DateTime,
            FieldType.Boolean => t is ColumnType.Boolean || (t is ColumnType.Integer && inferred.Fits.Any(f => f.Type == ColumnType.Boolean && f.Fits == inferred.Sampled)),
            FieldType.IdCardNumber => t is ColumnType.ResidentId,
            FieldType.CreditCode => t is ColumnType.CreditCode,
            _ when field.Kind == FieldKind.Mobile => t is ColumnType.Mobile,
            _ => true,
        };
    }
}
