using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Datasets.Reading;

namespace Shuzhi.Platform.Datasets.Loading;

/// <summary>
/// Collects the quality report of one load, row by row, after <see cref="RowChecker.Check"/> on the same row:
/// <code>
/// var checker = new RowChecker(fields, mapping, today);
/// var quality = new QualityCollector(fields, mapping, hasher);
/// while (source.Read()) { var bad = checker.Check(source, values); quality.Add(source, checker); … }
/// var report = quality.Complete(source, Timeliness.Assess(cycle, previousLoad, now));
/// </code>
/// Memory is bounded: counters per field and problem, at most five examples each, and one 64-bit hash per distinct
/// key (open addressing, ≈ 24 MB for 1,000,000 keys; two different keys share a hash with probability ≈ n²/2⁶⁵,
/// 3·10⁻⁸ for a million rows). Examples are masked with each field's <see cref="TargetField.Mask"/>
/// (<paramref name="hasher"/> is needed when a mask is <c>hash</c>): personal data never appears raw in a report.
/// </summary>
public sealed class QualityCollector
{
    private const int Slots = 48, NoteBase = 32, MaxExamples = 5, FormSlots = 8;

    private readonly IReadOnlyList<TargetField> fields;
    private readonly SchemaMapping mapping;
    private readonly KeyedHasher? hasher;
    private readonly int[] mapped;
    private readonly long[] counts;
    private readonly List<ProblemExample>?[] examples;
    private readonly long[] filled, nulls, invalid, readability;
    private readonly long[] forms;
    private readonly List<ProblemExample>?[] formExamples;
    private readonly int[] keyFields;
    private readonly KeySet? keys;
    private long rows, rowsWithInvalid, tooFew, tooMany, duplicates, keyless;
    private readonly List<ProblemExample> tooFewExamples = [], tooManyExamples = [], duplicateExamples = [], keylessExamples = [];
    private ITabularSource? lastSource;
    private bool checkFew, checkMany;

    public QualityCollector(IReadOnlyList<TargetField> fields, SchemaMapping mapping, KeyedHasher? hasher = null)
    {
        if (mapping.Fields.Count != fields.Count) throw new ArgumentException("the mapping does not match the fields", nameof(mapping));
        foreach (var f in fields)
            if (f.Mask.Kind == MaskKind.Hash && hasher is null)
                throw new ArgumentException($"field '{f.Name}' is masked with a keyed hash: a KeyedHasher is needed for report examples", nameof(hasher));
        this.fields = fields;
        this.mapping = mapping;
        this.hasher = hasher;
        mapped = Enumerable.Range(0, fields.Count).Where(i => mapping.Fields[i].IsMapped).ToArray();
        counts = new long[fields.Count * Slots];
        examples = new List<ProblemExample>?[fields.Count * Slots];
        filled = new long[fields.Count];
        nulls = new long[fields.Count];
        invalid = new long[fields.Count];
        readability = new long[fields.Count];
        forms = new long[fields.Count * FormSlots];
        formExamples = new List<ProblemExample>?[fields.Count * FormSlots];
        keyFields = Enumerable.Range(0, fields.Count).Where(i => fields[i].IsKey).ToArray();
        if (keyFields.Length > 0) keys = new KeySet();
    }

    /// <summary>Rows added so far.</summary>
    public long Rows => rows;

    /// <summary>Counts the current row of <paramref name="source"/>, which <paramref name="checker"/> has just checked.</summary>
    public void Add(ITabularSource source, RowChecker checker)
    {
        if (!ReferenceEquals(source, lastSource))
        {
            lastSource = source;
            // JSON objects may omit keys and Excel rows end at their last non-empty cell: only CSV rows can be short
            checkFew = source.Detection.Format == SourceFormat.Csv;
            checkMany = source.Detection.Format is SourceFormat.Csv or SourceFormat.Xlsx or SourceFormat.Xls;
        }
        rows++;
        var width = source.FieldCount;
        var raw = source.RawFieldCount;
        if (raw < width && checkFew)
        {
            if (++tooFew <= MaxExamples) tooFewExamples.Add(new ProblemExample(source.RowNumber, source.SourceLine, null));
        }
        else if (raw > width && checkMany)
        {
            if (++tooMany <= MaxExamples) tooManyExamples.Add(new ProblemExample(source.RowNumber, source.SourceLine, null));
        }

        var outcomes = checker.Outcomes;
        if (outcomes.Length != fields.Count) throw new ArgumentException("the checker is for other fields", nameof(checker));
        foreach (var f in mapped)
        {
            var o = outcomes[f];
            if (o.Empty)
            {
                nulls[f]++;
                Hit(f, 0, source, withValue: false);
                continue;
            }
            filled[f]++;
            if (o.Issue != CellIssue.None)
            {
                invalid[f]++;
                Hit(f, (int)o.Issue, source, withValue: true);
            }
            if (o.Issue == CellIssue.ScientificNotation || (o.Notes & QualityCodes.ReadabilityNotes) != 0) readability[f]++;
            var notes = (uint)o.Notes;
            while (notes != 0)
            {
                var bit = BitOperations.TrailingZeroCount(notes);
                notes &= notes - 1;
                Hit(f, NoteBase + bit, source, withValue: true);
            }
            if (o.DateForm != DateForm.None)
            {
                var k = f * FormSlots + (int)o.DateForm;
                if (++forms[k] <= MaxExamples) (formExamples[k] ??= new(MaxExamples)).Add(Example(f, source, true));
            }
        }
        if (checker.InvalidCells > 0) rowsWithInvalid++;
        if (keys is not null) CountKey(source, checker.Values!);
    }

    private void Hit(int f, int slot, ITabularSource source, bool withValue)
    {
        var i = f * Slots + slot;
        if (++counts[i] <= MaxExamples) (examples[i] ??= new(MaxExamples)).Add(Example(f, source, withValue));
    }

    private ProblemExample Example(int f, ITabularSource source, bool withValue)
    {
        string? value = null;
        if (withValue)
        {
            var t = TextNormaliser.Trim(source.GetSpan(mapping.Fields[f].Column));
            if (t.Length > 0) value = fields[f].Mask.Apply(new string(t), hasher);
        }
        return new ProblemExample(source.RowNumber, source.SourceLine, value);
    }

    // ------------------------------------------------------------------ keys

    private void CountKey(ITabularSource source, object?[] values)
    {
        var h = 0x243F6A8885A308D3UL;
        foreach (var f in keyFields)
        {
            var v = values[f];
            if (v is null)
            {
                if (++keyless <= MaxExamples) keylessExamples.Add(new ProblemExample(source.RowNumber, source.SourceLine, MaskedKey(values)));
                return;
            }
            h = KeySet.Combine(h, KeySet.HashValue(v));
        }
        var first = keys!.AddOrGetFirst(h, source.RowNumber);
        if (first == 0) return;
        if (++duplicates <= MaxExamples)
            duplicateExamples.Add(new ProblemExample(source.RowNumber, source.SourceLine, MaskedKey(values), first));
    }

    private string MaskedKey(object?[] values)
    {
        var parts = new string[keyFields.Length];
        for (var i = 0; i < keyFields.Length; i++)
        {
            var v = values[keyFields[i]];
            parts[i] = v is null ? "∅" : fields[keyFields[i]].Mask.Apply(Format(v), hasher) ?? "***";
        }
        return string.Join(" | ", parts);
    }

    private static string Format(object v) => v switch
    {
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    // ------------------------------------------------------------------ report

    /// <summary>Completes the report from a source that has been read to the end.</summary>
    public QualityReport Complete(ITabularSource source, TimelinessAssessment timeliness) =>
        Complete(source.Warnings, source.SkippedBlankRows, timeliness);

    /// <summary>
    /// Completes the report. <paramref name="warnings"/> and <paramref name="blankRows"/> come from the reader
    /// (<see cref="ITabularSource.Warnings"/>, <see cref="ITabularSource.SkippedBlankRows"/>) after the last row.
    /// </summary>
    public QualityReport Complete(IReadOnlyList<ReadWarning> warnings, long blankRows, TimelinessAssessment timeliness)
    {
        var found = new List<(int Rank, int Field, int Def, QualityProblem P)>();
        void Add(ProblemDefinition d, int field, QualityProblem p) =>
            found.Add((DimensionRank(d.Dimension), field, IndexOf(d), p));

        // consistency
        for (var f = 0; f < fields.Count; f++)
        {
            var m = mapping.Fields[f];
            if (m.IsMapped) continue;
            var excluded = m.Match == MappingMatch.ExcludedByUser;
            Add(QualityCodes.FieldMissing, f, QualityCodes.FieldMissing.Make(fields[f].Name, null, 1, [],
                excluded ? "（按映射设置不导入）" : "", excluded ? " (excluded by the mapping)" : ""));
        }
        foreach (var c in mapping.UnmappedColumns)
            Add(QualityCodes.ExtraColumn, fields.Count + c.Index, QualityCodes.ExtraColumn.Make(null, c.Name, 1, []));
        var width = mapping.ColumnCount.ToString(CultureInfo.InvariantCulture);
        if (tooFew > 0) Add(QualityCodes.RowTooFewFields, -1, QualityCodes.RowTooFewFields.Make(null, null, tooFew, tooFewExamples, width));
        if (tooMany > 0) Add(QualityCodes.RowTooManyFields, -1, QualityCodes.RowTooManyFields.Make(null, null, tooMany, tooManyExamples, width));
        foreach (var g in warnings.GroupBy(w => w.Code))
        {
            var def = g.Key switch
            {
                "header.title_skipped" => QualityCodes.TitleRows,
                "header.blank" => QualityCodes.HeaderBlank,
                "header.duplicate" => QualityCodes.HeaderDuplicate,
                "json.unknown_key" => QualityCodes.JsonUnknownKey,
                "json.not_object" => QualityCodes.JsonNotObject,
                "encoding.invalid" => QualityCodes.EncodingInvalid,
                "format.disguised_text" => QualityCodes.DisguisedFormat,
                "row.too_few_fields" or "row.too_many_fields" => null, // counted row by row above, with row numbers
                _ => QualityCodes.ReaderWarning,
            };
            if (def is null) continue;
            var lines = g.SelectMany(w => w.ExampleLines).Take(MaxExamples).Select(l => new ProblemExample(null, l, null)).ToArray();
            // title rows hold free text: their message (which quotes it) is not copied into the report
            var detail = def == QualityCodes.TitleRows ? null
                : def == QualityCodes.ReaderWarning ? string.Join("; ", g.Take(MaxExamples).Select(w => $"{w.Code}: {w.Message}"))
                : string.Join("; ", g.Take(MaxExamples).Select(w => w.Message));
            Add(def, -1, def.Make(null, null, g.Sum(w => w.Count), lines, detail));
        }

        if (rows == 0) Add(QualityCodes.NoRows, -1, QualityCodes.NoRows.Make(null, null, 1, []));

        // per field: completeness, validity, notes
        for (var f = 0; f < fields.Count; f++)
        {
            if (!mapping.Fields[f].IsMapped) continue;
            var name = fields[f].Name;
            var column = mapping.Fields[f].ColumnName;
            for (var slot = 0; slot < Slots; slot++)
            {
                var n = counts[f * Slots + slot];
                if (n == 0) continue;
                var def = slot == 0 ? QualityCodes.Null
                    : slot < NoteBase ? QualityCodes.For((CellIssue)slot)
                    : QualityCodes.For((CellNotes)(1 << (slot - NoteBase)));
                Add(def, f, def.Make(name, column, n, (IReadOnlyList<ProblemExample>?)examples[f * Slots + slot] ?? []));
            }
            var mixed = MixedForms(f);
            if (mixed is not null) Add(QualityCodes.MixedDateForms, f, mixed);
        }

        // uniqueness
        if (keyFields.Length > 0)
        {
            var keyNames = string.Join(" + ", keyFields.Select(k => fields[k].Name));
            if (duplicates > 0) Add(QualityCodes.DuplicateKey, -1, QualityCodes.DuplicateKey.Make(null, null, duplicates, duplicateExamples, keyNames));
            if (keyless > 0) Add(QualityCodes.KeyMissing, -1, QualityCodes.KeyMissing.Make(null, null, keyless, keylessExamples, keyNames));
        }

        // timeliness
        if (timeliness.Status == TimelinessStatus.Late)
        {
            var (nameZh, intervalZh, nameEn, intervalEn) = Timeliness.Describe(timeliness.Cycle);
            var prev = Core.Time.ChinaTime.DateOf(timeliness.PreviousLoad!.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var due = timeliness.DueDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Add(QualityCodes.Late, -1, QualityCodes.Late.Make(null, null, timeliness.DaysLate, [],
                $"更新周期为{nameZh}（间隔 {intervalZh}），上次更新于 {prev}，应在 {due}（含）前更新，晚了 {timeliness.DaysLate} 天",
                $"the update cycle is {nameEn} ({intervalEn}); previous load {prev}, due by {due}, {timeliness.DaysLate} days late"));
        }

        if (blankRows > 0) Add(QualityCodes.BlankRows, -1, QualityCodes.BlankRows.Make(null, null, blankRows, []));

        var problems = found.OrderBy(p => p.Rank).ThenBy(p => p.Field).ThenBy(p => p.Def).Select(p => p.P).ToArray();

        var fieldStats = new FieldQuality[fields.Count];
        long filledCells = 0, readabilityCells = 0;
        for (var f = 0; f < fields.Count; f++)
        {
            var m = mapping.Fields[f];
            fieldStats[f] = new FieldQuality(fields[f].Name, m.ColumnName, m.Match, filled[f], m.IsMapped ? nulls[f] : rows, invalid[f], readability[f]);
            filledCells += filled[f];
            readabilityCells += readability[f];
        }
        // cells in a minority date form count against machine-readability too (at most once per cell: capped)
        foreach (var p in problems)
            if (p.Code == QualityCodes.MixedDateForms.Code) readabilityCells += p.Count;
        readabilityCells = Math.Min(readabilityCells, filledCells);

        var (score, dims) = QualityScore.Compute(new QualityScore.Inputs
        {
            Rows = rows,
            CatalogueFields = fields.Count,
            MappedFields = mapped.Length,
            ExtraColumns = mapping.UnmappedColumns.Count,
            FilledCells = filledCells,
            RowsWithInvalidCells = rowsWithInvalid,
            HasKey = keyFields.Length > 0,
            DuplicateKeyRows = duplicates,
            KeylessRows = keyless,
            RaggedRows = tooFew + tooMany,
            ReadabilityCells = readabilityCells,
            Timeliness = timeliness.Score,
        });
        return new QualityReport(QualityReport.CurrentFormat, score, rows, dims, problems, fieldStats, timeliness);
    }

    private QualityProblem? MixedForms(int f)
    {
        var present = new List<(DateForm Form, long Count)>();
        for (var k = 1; k < FormSlots; k++)
            if (forms[f * FormSlots + k] > 0) present.Add(((DateForm)k, forms[f * FormSlots + k]));
        if (present.Count < 2) return null;
        var dominant = present.MaxBy(p => p.Count).Form;
        var total = present.Sum(p => p.Count);
        var minority = present.Where(p => p.Form != dominant).ToList();
        // examples: take from each minority form in turn, so every form shows
        var lists = minority.Select(p => formExamples[f * FormSlots + (int)p.Form] ?? []).ToList();
        var ex = new List<ProblemExample>();
        for (var i = 0; ex.Count < MaxExamples && lists.Any(l => i < l.Count); i++)
            foreach (var l in lists)
                if (i < l.Count && ex.Count < MaxExamples) ex.Add(l[i]);
        ex.Sort((a, b) => Nullable.Compare(a.Row, b.Row));
        var detail = string.Join(", ", present.OrderByDescending(p => p.Count).Select(p => $"{FormName(p.Form)} ×{p.Count}"));
        return QualityCodes.MixedDateForms.Make(fields[f].Name, mapping.Fields[f].ColumnName, total - present.First(p => p.Form == dominant).Count, ex, detail);
    }

    private static string FormName(DateForm form) => form switch
    {
        DateForm.Dash => "2023-05-01",
        DateForm.Slash => "2023/5/1",
        DateForm.Dot => "2023.5.1",
        DateForm.Chinese => "2023年5月1日",
        DateForm.Compact => "20230501",
        DateForm.ExcelSerial => "Excel 45047",
        _ => form.ToString(),
    };

    private static int DimensionRank(QualityDimension d) => d switch
    {
        QualityDimension.Consistency => 0,
        QualityDimension.Completeness => 1,
        QualityDimension.Validity => 2,
        QualityDimension.Uniqueness => 3,
        QualityDimension.Timeliness => 4,
        _ => 5,
    };

    private static int IndexOf(ProblemDefinition d)
    {
        for (var i = 0; i < QualityCodes.All.Count; i++)
            if (ReferenceEquals(QualityCodes.All[i], d)) return i;
        return int.MaxValue;
    }

    /// <summary>A set of 64-bit key hashes with the first row of each (open addressing, linear probing, 12 bytes a slot).</summary>
    private sealed class KeySet
    {
        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        private struct Slot
        {
            public ulong Hash;
            public uint Row;
        }

        private Slot[] slots = new Slot[1 << 16];
        private int count;

        /// <summary>Adds the hash; returns 0 when new, else the first row that had it.</summary>
        public long AddOrGetFirst(ulong h, long row)
        {
            if (h == 0) h = 1; // 0 marks an empty slot
            if (count >= slots.Length - (slots.Length >> 2)) Grow();
            var mask = slots.Length - 1;
            var i = (int)(h >> 32) & mask;
            while (true)
            {
                ref var s = ref slots[i];
                if (s.Hash == 0)
                {
                    s.Hash = h;
                    s.Row = (uint)Math.Min(row, uint.MaxValue);
                    count++;
                    return 0;
                }
                if (s.Hash == h) return s.Row;
                i = (i + 1) & mask;
            }
        }

        private void Grow()
        {
            var old = slots;
            slots = new Slot[old.Length * 2];
            var mask = slots.Length - 1;
            foreach (var s in old)
            {
                if (s.Hash == 0) continue;
                var i = (int)(s.Hash >> 32) & mask;
                while (slots[i].Hash != 0) i = (i + 1) & mask;
                slots[i] = s;
            }
        }

        private const ulong P1 = 0x9E3779B185EBCA87UL, P2 = 0xC2B2AE3D27D4EB4FUL;

        public static ulong Combine(ulong h, ulong part) => Fmix((BitOperations.RotateLeft(h, 27) ^ part) * P1 + 0x52DCE729UL);

        public static ulong HashValue(object v) => v switch
        {
            string s => HashChars(s),
            long l => Fmix((ulong)l ^ P2),
            decimal d => Fmix((ulong)d.GetHashCode() << 32 ^ (ulong)BitConverter.DoubleToInt64Bits((double)d)), // equal values, equal hash, whatever the scale
            DateOnly d => Fmix((ulong)d.DayNumber ^ P1),
            DateTime t => Fmix((ulong)t.Ticks ^ P2),
            bool b => b ? P1 : P2,
            _ => HashChars(v.ToString() ?? ""),
        };

        public static ulong HashChars(ReadOnlySpan<char> s)
        {
            var h = P1 ^ ((ulong)s.Length * P2);
            var bytes = MemoryMarshal.AsBytes(s);
            while (bytes.Length >= 8)
            {
                h ^= BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(bytes) * P2, 31) * P1;
                h = BitOperations.RotateLeft(h, 27) * P1 + 0x52DCE729UL;
                bytes = bytes[8..];
            }
            if (bytes.Length > 0)
            {
                ulong k = 0;
                for (var i = 0; i < bytes.Length; i++) k |= (ulong)bytes[i] << (8 * i);
                h ^= BitOperations.RotateLeft(k * P2, 31) * P1;
            }
            return Fmix(h);
        }

        private static ulong Fmix(ulong k)
        {
            k ^= k >> 33;
            k *= 0xFF51AFD7ED558CCDUL;
            k ^= k >> 33;
            k *= 0xC4CEB9FE1A85EC53UL;
            k ^= k >> 33;
            return k;
        }
    }
}
