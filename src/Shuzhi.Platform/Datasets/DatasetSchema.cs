using System.Text.Json;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Datasets;

/// <summary>One stored field of a version: the catalogue field, how it is stored and indexed, its default mask and where it came from in the file.</summary>
public sealed record SchemaField(
    string Name, FieldType Type, bool IsKey, FieldKind Kind, string Mask, bool Indexed, bool Searchable,
    string? SourceColumn, IReadOnlyList<string>? Codes = null);

/// <summary>
/// The layout of one version (stored as <see cref="DataVersion.SchemaJson"/>). Decided once per load from the
/// catalogue's field list (docs/datasets.md "Row storage"):
/// - key = the fields marked as identifiers (IsIdentifier) — upsert matches on them, uniqueness is checked on them;
/// - indexed = key fields, identifier-typed fields, dates and date-times (the usual lookups, ranges and sorts), at most
///   <see cref="MaxIndexes"/> — every index costs load time; filters on other fields still work, by scanning;
/// - searchable = free-text (Text) fields, then String fields, whose default mask is "none" (search never runs over
///   data someone sees masked), at most <see cref="MaxSearchable"/>.
/// </summary>
public sealed record DatasetSchema(IReadOnlyList<SchemaField> Fields)
{
    public const int MaxIndexes = 6, MaxSearchable = 3;

    public static DatasetSchema From(IReadOnlyList<FieldSpec> fields)
    {
        var result = new List<SchemaField>(fields.Count);
        var indexes = 0;
        var searchable = fields.Select((f, i) => (f, i))
            .Where(x => x.f.Type is FieldType.Text or FieldType.String or null
                        && DefaultMask(KindOf(x.f.Name!, x.f.Type ?? FieldType.String), x.f.Sensitivity ?? Sensitivity.Public).Kind == MaskKind.None)
            .OrderBy(x => x.f.Type == FieldType.Text ? 0 : 1).ThenBy(x => x.i).Take(MaxSearchable).Select(x => x.i).ToHashSet();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var type = f.Type ?? FieldType.String;
            var kind = KindOf(f.Name!, type);
            var mask = DefaultMask(kind, f.Sensitivity ?? Sensitivity.Public);
            var wantsIndex = f.IsIdentifier || type is FieldType.IdCardNumber or FieldType.CreditCode or FieldType.Date or FieldType.DateTime;
            var indexed = wantsIndex && indexes < MaxIndexes;
            if (indexed) indexes++;
            result.Add(new SchemaField(f.Name!, type, f.IsIdentifier, kind, mask.ToString(), indexed, searchable.Contains(i), null));
        }
        return new DatasetSchema(result);
    }

    /// <summary>What a field holds, from its declared type first, then its name (MaskDefaults.GuessKind).</summary>
    public static FieldKind KindOf(string name, FieldType type) => type switch
    {
        FieldType.IdCardNumber => FieldKind.ResidentId,
        FieldType.CreditCode => FieldKind.CreditCode,
        _ => MaskDefaults.GuessKind(name, type switch
        {
            FieldType.Date => ColumnType.Date,
            FieldType.DateTime => ColumnType.DateTime,
            FieldType.Integer => ColumnType.Integer,
            FieldType.Decimal => ColumnType.Decimal,
            _ => TypeInference.HeaderHintFor(name) is ColumnType.Mobile ? ColumnType.Mobile : ColumnType.Text,
        }),
    };

    /// <summary>
    /// The default mask: by kind (MaskDefaults: ID keep:6,4, name → surname, mobile keep:3,4, address keep:6, birth date → year);
    /// a field of another kind that the catalogue marks 个人信息 or 敏感 is hashed (HMAC-SM3: joins still work, the value does not leak).
    /// </summary>
    public static MaskRule DefaultMask(FieldKind kind, Sensitivity sensitivity)
    {
        var byKind = MaskDefaults.For(kind);
        if (byKind.Kind == MaskKind.None && kind == FieldKind.Other && sensitivity is Sensitivity.Personal or Sensitivity.Sensitive)
            return MaskRule.Hash;
        return byKind;
    }

    public SchemaField? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);

    public IReadOnlyList<int> KeyColumns => Enumerable.Range(0, Fields.Count).Where(i => Fields[i].IsKey).ToList();

    public RowSchema ToRowSchema() => new(
        Fields.Select(f => new StoredColumn(f.Name, StoredTypeOf(f.Type), f.Indexed, f.Searchable)).ToList(), KeyColumns);

    public IReadOnlyList<TargetField> ToTargetFields() =>
        Fields.Select(f => new TargetField(f.Name, f.Type, f.IsKey, f.Kind, MaskRule.Parse(f.Mask), f.Codes)).ToList();

    private static StoredType StoredTypeOf(FieldType t) => TargetField.StoredTypeOf(t);

    /// <summary>Same stored layout (names, types, key) — the condition for append and upsert onto a previous version.</summary>
    public bool SameLayout(DatasetSchema other) =>
        Fields.Count == other.Fields.Count
        && Fields.Zip(other.Fields).All(p => p.First.Name == p.Second.Name && StoredTypeOf(p.First.Type) == StoredTypeOf(p.Second.Type)
                                            && p.First.IsKey == p.Second.IsKey && p.First.Indexed == p.Second.Indexed && p.First.Searchable == p.Second.Searchable);

    public string ToJson() => JsonSerializer.Serialize(this, EntryAttributes.Json);
    public static DatasetSchema FromJson(string json) => JsonSerializer.Deserialize<DatasetSchema>(json, EntryAttributes.Json)!;
}
