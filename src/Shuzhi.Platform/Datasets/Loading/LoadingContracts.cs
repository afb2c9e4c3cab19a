using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>
/// A catalogue field as the loader sees it: its declared type, whether it is (part of) the key, its code list
/// (null = none), its kind (for default masks and identifier checks) and the mask applied to it for anyone without a
/// grant to the raw field (also applied to quality-report examples).
/// </summary>
public sealed record TargetField(string Name, FieldType Type, bool IsKey, FieldKind Kind, MaskRule Mask, IReadOnlyList<string>? Codes = null)
{
    /// <summary>How the field is stored: String/Code/IdCardNumber/CreditCode/Text/Binary → Text; the rest by name.</summary>
    public StoredType StoredType => StoredTypeOf(Type);

    /// <summary>How a catalogue type is stored.</summary>
    public static StoredType StoredTypeOf(FieldType type) => type switch
    {
        FieldType.Integer => StoredType.Integer,
        FieldType.Decimal => StoredType.Decimal,
        FieldType.Date => StoredType.Date,
        FieldType.DateTime => StoredType.DateTime,
        FieldType.Boolean => StoredType.Boolean,
        _ => StoredType.Text,
    };
}
