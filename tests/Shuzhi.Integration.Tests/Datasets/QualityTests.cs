using System.Text;
using System.Text.Json;
using Shuzhi.Core.Datasets;
using Shuzhi.Core.Identifiers;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Reading;
using static Shuzhi.Integration.Tests.Datasets.CsvReadingTests;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>Schema mapping, row checking and the quality report on the kind of file departments really send (no server needed).</summary>
public class QualityTests
{
    private static readonly DateOnly Today = new(2025, 5, 11);
    private static readonly DateTimeOffset Now = new(2025, 5, 11, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PreviousLoad = new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero);

    private static TargetField F(string name, FieldType type, FieldKind kind = FieldKind.Other, bool key = false, IReadOnlyList<string>? codes = null) =>
        new(name, type, key, kind, MaskDefaults.For(kind), codes);

    private static readonly TargetField[] People =
    [
        F("姓名", FieldType.String, FieldKind.PersonName),
        F("身份证号", FieldType.IdCardNumber, FieldKind.ResidentId, key: true),
        F("性别", FieldType.Code, codes: ["男", "女"]),
        F("出生日期", FieldType.Date, FieldKind.BirthDate),
        F("手机号码", FieldType.String, FieldKind.Mobile),
        F("统一社会信用代码", FieldType.CreditCode, FieldKind.CreditCode),
        F("登记日期", FieldType.Date),
        F("注册资本", FieldType.Decimal),
        F("是否在职", FieldType.Boolean),
        F("邮政编码", FieldType.String),
        F("备注", FieldType.Text),
    ];

    private static string Id(string first17) => first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    private static string BadCheck(string first17) => first17 + (ResidentIdNumber.ComputeCheckCharacter(first17) == '1' ? '2' : '1');
    private static string FullWidth(string s) => new(s.Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c).ToArray());

    private static readonly string P1 = Id("52010219900307661"), P2Bad = BadCheck("44030119851212001"), P7 = Id("33010619800101123"),
        P8 = Id("37020219751111456"), P9 = Id("21010219920202789"), P10 = Id("61010319880808147");

    /// <summary>
    /// A messy GBK file: data rows 1–10 (the blank line is not a row), file lines 2–13 (row 3's remark spans lines 4–5).
    /// Row 1 clean · 2 bad ID check digit, full-width amount, 2023/5/1 · 3 ID and mobile mangled by Excel, 2023年5月1日,
    /// a two-line remark · (blank) · 4 lower-case x, 20230501 · 5 15-digit ID, +86-style mobile, Excel serial 45047 ·
    /// 6 duplicate of row 1's ID, bad credit check character, "ab"c" amount, "maybe" · 7 gender not in the code list,
    /// lower-case credit code · 8 spaces round the name, impossible birth date, short mobile, bad organisation code ·
    /// 9 ragged (3 fields) · 10 full-width ID. The catalogue field 邮政编码 is missing; the file column 内部编号 is extra.
    /// </summary>
    internal static string MessyCsv() =>
        "姓名,身份证号,性别,出生日期,手机号码,统一社会信用代码,登记日期,注册资本（万元）,是否在职,备注,内部编号\r\n" +
        $"张三,{P1},男,1990-03-07,13800138000,91350100M000100Y43,2023-05-01,100.5,是,,N001\r\n" +
        $"李四,{P2Bad},女,1985/12/12,13912345678,91330100716105852F,2023/5/1,１２０,否,,N002\r\n" +
        "王五,1.10101E+17,男,1985年12月12日,1.38001E+10,914403001922038216,2023年5月1日,50,是,\"第一行\r\n第二行\",N003\r\n" +
        ",,,,,,,,,,\r\n" +
        "赵六,11010519491231002x,女,19491231,13800138001,91440300708461136T,20230501,80,Y,,N004\r\n" +
        "钱七,520102850312001,男,1985-03-12,138-0013-8002,91110108MA01G0FB09,45047,30,N,,N005\r\n" +
        $"孙八,{P1},男,1990-03-07,13800138003,91350100M000100Y44,2023-05-01,\"ab\"\"c\",maybe,,N006\r\n" +
        $"周九,{P7},未知,1980-01-01,13800138004,91350100m000100y43,2023-05-01,60,否,,N007\r\n" +
        $" 吴十 ,{P8},女,2023-13-45,12345,91520100MA6DKQ7Y3W,2023-05-01,70,是,,N008\r\n" +
        $"陈十一,{P9},男\r\n" +
        $"刘十二,{FullWidth(P10)},女,1988-08-08,13800138005,91350100M000100Y43,2023-05-01,90,是,,N010\r\n";

    private sealed record Checked(long Row, long Line, object?[] Values, string? Bad);

    private static (QualityReport Report, List<Checked> Rows, SchemaMapping Mapping) Load(byte[] file, string name, IReadOnlyList<TargetField> fields,
        TimelinessAssessment? timeliness = null, KeyedHasher? hasher = null)
    {
        using var source = TabularReader.Open(new MemoryStream(file), name);
        var mapping = SchemaMapper.Map(fields, source.Headers);
        var checker = new RowChecker(fields, mapping, Today);
        var quality = new QualityCollector(fields, mapping, hasher);
        var rows = new List<Checked>();
        while (source.Read())
        {
            var values = new object?[fields.Count];
            var bad = checker.Check(source, values);
            quality.Add(source, checker);
            rows.Add(new Checked(source.RowNumber, source.SourceLine, values, bad));
        }
        var report = quality.Complete(source, timeliness ?? Timeliness.Assess(UpdateCycle.Monthly, PreviousLoad, Now));
        return (report, rows, mapping);
    }

    private static QualityProblem Problem(QualityReport r, string code, string? field = null) =>
        r.Find(code, field) ?? throw new Xunit.Sdk.XunitException($"no problem {code} {field}; found: " +
            string.Join(", ", r.Problems.Select(p => $"{p.Code}/{p.Field ?? p.Column}×{p.Count}")));

    private static void AssertRows(QualityProblem p, params long[] rows) =>
        Assert.Equal(rows, p.Examples.Select(e => e.Row ?? -1).ToArray());

    [Fact]
    public void A_messy_gbk_file_loads_and_its_report_names_each_problem_with_counts_and_example_rows()
    {
        var (r, rows, _) = Load(Gb.GetBytes(MessyCsv()), "人口信息.csv", People);

        Assert.Equal(10, r.Rows);
        Assert.Equal(10, rows.Count);

        // consistency with the catalogue
        Assert.Equal(1, Problem(r, "consistency.field_missing", "邮政编码").Count);
        Assert.Equal("内部编号", Problem(r, "consistency.extra_column").Column);
        var ragged = Problem(r, "consistency.row_too_few_fields");
        Assert.Equal(1, ragged.Count);
        Assert.Equal(new ProblemExample(9, 12, null), Assert.Single(ragged.Examples));

        // identifiers: check digit, Excel scientific notation (reported, value null, raw kept in _bad), x, 15 digits
        var check = Problem(r, "validity.id_number.check_digit", "身份证号");
        Assert.Equal(1, check.Count);
        Assert.Equal(new ProblemExample(2, 3, "440301********" + P2Bad[^4..]), Assert.Single(check.Examples));
        var sci = Problem(r, "readability.scientific_notation_identifier", "身份证号");
        Assert.Equal((1L, 3L, 4L), (sci.Count, sci.Examples[0].Row!.Value, sci.Examples[0].Line!.Value));
        Assert.Equal(ProblemSeverity.Error, sci.Severity);
        Assert.Equal(1, Problem(r, "readability.scientific_notation_identifier", "手机号码").Count);
        AssertRows(Problem(r, "validity.id_number.lowercase_x", "身份证号"), 4);
        Assert.Equal(7, Problem(r, "validity.id_number.lowercase_x").Examples[0].Line);
        AssertRows(Problem(r, "validity.id_number.legacy_15", "身份证号"), 5);
        AssertRows(Problem(r, "readability.full_width", "身份证号"), 10);

        // credit codes, mobiles, code list
        AssertRows(Problem(r, "validity.credit_code.check_character", "统一社会信用代码"), 6);
        AssertRows(Problem(r, "validity.credit_code.organisation_code", "统一社会信用代码"), 8);
        AssertRows(Problem(r, "validity.credit_code.lowercase", "统一社会信用代码"), 7);
        AssertRows(Problem(r, "validity.mobile.length", "手机号码"), 8);
        AssertRows(Problem(r, "validity.mobile.normalised", "手机号码"), 5);
        var code = Problem(r, "validity.code_list", "性别");
        Assert.Equal(1, code.Count);
        Assert.Equal(new ProblemExample(7, 10, "未知"), code.Examples[0]);

        // types
        AssertRows(Problem(r, "validity.date", "出生日期"), 8);
        AssertRows(Problem(r, "validity.decimal", "注册资本"), 6);
        AssertRows(Problem(r, "validity.boolean", "是否在职"), 6);
        AssertRows(Problem(r, "readability.full_width", "注册资本"), 2);
        AssertRows(Problem(r, "readability.excel_serial_date", "登记日期"), 5);
        var mixed = Problem(r, "readability.mixed_date_forms", "登记日期");
        Assert.Equal(4, mixed.Count); // 2023-05-01 ×5 is the usual form; 2023/5/1, 2023年5月1日, 20230501 and 45047 once each
        AssertRows(mixed, 2, 3, 4, 5);
        Assert.Contains("2023-05-01 ×5", mixed.MessageZh);
        Assert.Contains("2023年5月1日 ×1", mixed.MessageEn);
        Assert.Equal(3, Problem(r, "readability.mixed_date_forms", "出生日期").Count);

        // whitespace round a name: reported with the masked name
        var ws = Problem(r, "readability.whitespace", "姓名");
        Assert.Equal(new ProblemExample(8, 11, "吴*"), Assert.Single(ws.Examples));

        // uniqueness of the key (身份证号)
        var dup = Problem(r, "uniqueness.duplicate_key");
        Assert.Equal(1, dup.Count);
        Assert.Equal(new ProblemExample(6, 9, "520102********" + P1[^4..], SameAsRow: 1), Assert.Single(dup.Examples));
        var keyless = Problem(r, "uniqueness.key_missing");
        Assert.Equal(2, keyless.Count); // the bad check digit and the mangled one
        AssertRows(keyless, 2, 3);

        // blank rows, completeness, timeliness
        Assert.Equal(1, Problem(r, "readability.blank_rows").Count);
        Assert.Equal(9, Problem(r, "completeness.null", "备注").Count);
        AssertRows(Problem(r, "completeness.null", "登记日期"), 9);
        var late = Problem(r, "timeliness.late");
        Assert.Equal(10, late.Count);
        Assert.Contains("2025-05-01", late.MessageZh);

        // nothing on a clean field
        Assert.Null(r.Find("validity.boolean", "姓名"));
        Assert.DoesNotContain(r.Problems, p => p.Field == "姓名" && p.Dimension == QualityDimension.Validity);

        // per-field statistics
        var id = r.Fields.Single(f => f.Field == "身份证号");
        Assert.Equal((10L, 0L, 2L), (id.Filled, id.Nulls, id.Invalid));
        var capital = r.Fields.Single(f => f.Field == "注册资本");
        Assert.Equal(("注册资本（万元）", MappingMatch.Normalised), (capital.Column, capital.Match));
        var zip = r.Fields.Single(f => f.Field == "邮政编码");
        Assert.Equal(((string?)null, MappingMatch.Unmapped, 10L), (zip.Column, zip.Match, zip.Nulls));
    }

    [Fact]
    public void Cells_are_typed_and_cells_that_cannot_be_are_null_with_their_raw_text_in_bad()
    {
        var (_, rows, _) = Load(Gb.GetBytes(MessyCsv()), "人口信息.csv", People);
        object?[] V(int row) => rows[row - 1].Values;

        Assert.Equal(new object?[] { "张三", P1, "男", new DateOnly(1990, 3, 7), "13800138000", "91350100M000100Y43", new DateOnly(2023, 5, 1), 100.5m, true, null, null }, V(1));
        Assert.Null(rows[0].Bad);

        Assert.Null(V(2)[1]);
        Assert.Equal(120m, V(2)[7]); // １２０
        Assert.Equal(new DateOnly(2023, 5, 1), V(2)[6]); // 2023/5/1
        Assert.Equal($"{{\"身份证号\":\"{P2Bad}\"}}", rows[1].Bad); // CJK kept readable, not \u-escaped

        // Excel's scientific notation is never repaired: null value, raw text kept
        Assert.Null(V(3)[1]);
        Assert.Null(V(3)[4]);
        var bad3 = JsonSerializer.Deserialize<Dictionary<string, string>>(rows[2].Bad!)!;
        Assert.Equal(new Dictionary<string, string> { ["身份证号"] = "1.10101E+17", ["手机号码"] = "1.38001E+10" }, bad3);
        Assert.Equal("第一行\r\n第二行", V(3)[10]);
        Assert.Equal(new DateOnly(1985, 12, 12), V(3)[3]); // 1985年12月12日
        Assert.Equal((3L, 4L), (rows[2].Row, rows[2].Line));

        Assert.Equal("11010519491231002X", V(4)[1]); // x → X
        Assert.Equal(new DateOnly(1949, 12, 31), V(4)[3]); // 19491231
        Assert.Equal(true, V(4)[8]); // Y
        Assert.Equal(7L, rows[3].Line);

        Assert.Equal("520102850312001", V(5)[1]); // legacy 15 digits: kept as written
        Assert.Equal("13800138002", V(5)[4]);
        Assert.Equal(new DateOnly(2023, 5, 1), V(5)[6]); // Excel serial 45047

        var bad6 = JsonSerializer.Deserialize<Dictionary<string, string>>(rows[5].Bad!)!;
        Assert.Equal(new Dictionary<string, string> { ["统一社会信用代码"] = "91350100M000100Y44", ["注册资本"] = "ab\"c", ["是否在职"] = "maybe" }, bad6);
        Assert.Equal(P1, V(6)[1]); // a duplicate key is still loaded; the report names it

        Assert.Null(V(7)[2]);
        Assert.Equal("{\"性别\":\"未知\"}", rows[6].Bad);
        Assert.Equal("91350100M000100Y43", V(7)[5]); // upper-cased

        Assert.Equal("吴十", V(8)[0]);
        Assert.Null(V(9)[3]); // ragged row: missing cells are empty
        Assert.Null(V(9)[10]);
        Assert.Equal(P10, V(10)[1]); // full-width digits read as ASCII
    }

    [Fact]
    public void No_example_in_the_report_shows_a_raw_id_number_name_phone_or_birth_date()
    {
        var (r, _, _) = Load(Gb.GetBytes(MessyCsv()), "人口信息.csv", People);
        var json = r.ToJson();
        string[] secrets =
        [
            P1, P2Bad, P7, P8, P9, P10, FullWidth(P10), "11010519491231002x", "11010519491231002X", "520102850312001",
            "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "陈十一", "刘十二",
            "13800138000", "13912345678", "13800138001", "138-0013-8002", "13800138002", "13800138003", "13800138004", "13800138005",
            "1990-03-07", "1985/12/12", "1985年12月12日", "19491231", "1985-03-12", "2023-13-45", "1988-08-08",
        ];
        foreach (var s in secrets) Assert.DoesNotContain(s, json);
        // and the masks were applied, not the values dropped
        Assert.Contains("520102********" + P1[^4..], json);
        Assert.Contains("\"吴*\"", json);
        Assert.Contains(r.Problems, p => p.Field == "出生日期" && p.Examples.Any(e => e.Value == "1985"));
    }

    [Fact]
    public void Hash_masks_in_examples_use_the_keyed_hasher_and_are_required()
    {
        TargetField[] fields = [new("身份证号", FieldType.IdCardNumber, true, FieldKind.ResidentId, MaskRule.Hash)];
        var csv = $"身份证号\r\n{P2Bad}\r\n";
        Assert.Throws<ArgumentException>(() => Load(Encoding.UTF8.GetBytes(csv), "a.csv", fields));
        var hasher = new KeyedHasher("platform-secret"u8);
        var (r, _, _) = Load(Encoding.UTF8.GetBytes(csv), "a.csv", fields, hasher: hasher);
        var value = Problem(r, "validity.id_number.check_digit").Examples[0].Value;
        Assert.Equal(new KeyedHasher("platform-secret"u8).Hash(P2Bad), value);
        Assert.Matches("^[0-9a-f]{64}$", value!);
    }

    [Fact]
    public void Identifiers_in_numeric_excel_cells_digits_lost_or_intact_and_excel_serial_dates()
    {
        TargetField[] fields =
        [
            F("身份证号", FieldType.IdCardNumber, FieldKind.ResidentId),
            F("出生日期", FieldType.Date, FieldKind.BirthDate),
            F("手机号码", FieldType.String, FieldKind.Mobile),
            F("注册资本", FieldType.Decimal),
            F("人数", FieldType.Integer),
        ];
        object?[][] sheet =
        [
            ["身份证号", "出生日期", "手机号码", "注册资本", "人数"],
            [110105194912310021d, 45047, 13800138000d, 1234.5678, 123456789012d],
            [520102850312001d, new DateTime(1985, 3, 12), "13800138001", "1,234.50", "12"],
        ];
        var xlsx = ExcelReadingTests.Xlsx(("Sheet1", sheet));
        var (r, rows, _) = Load(xlsx, "人口.xlsx", fields);

        // an 18-digit number in a numeric cell has lost its last digits: reported, never "repaired"
        Assert.Null(rows[0].Values[0]);
        Assert.Contains("身份证号", rows[0].Bad);
        AssertRows(Problem(r, "readability.scientific_notation_identifier", "身份证号"), 1);
        // 15 digits survive in a double: read from the stored number, noted
        Assert.Equal("520102850312001", rows[1].Values[0]);
        AssertRows(Problem(r, "readability.identifier_stored_as_number", "身份证号"), 2);
        AssertRows(Problem(r, "validity.id_number.legacy_15", "身份证号"), 2);
        // a number in a date field is an Excel serial
        Assert.Equal(new DateOnly(2023, 5, 1), rows[0].Values[1]);
        AssertRows(Problem(r, "readability.excel_serial_date", "出生日期"), 1);
        Assert.Equal(new DateOnly(1985, 3, 12), rows[1].Values[1]);
        Assert.Equal("13800138000", rows[0].Values[2]);
        AssertRows(Problem(r, "readability.identifier_stored_as_number", "手机号码"), 1);
        // numbers: the stored double, not the 10-digit display; text in a numeric field is "number stored as text"
        Assert.Equal(1234.5678m, rows[0].Values[3]);
        Assert.Equal(123456789012L, rows[0].Values[4]);
        Assert.Equal(1234.50m, rows[1].Values[3]);
        Assert.Equal(12L, rows[1].Values[4]);
        AssertRows(Problem(r, "readability.number_stored_as_text", "人数"), 2);
        AssertRows(Problem(r, "readability.number_stored_as_text", "注册资本"), 2);
        AssertRows(Problem(r, "readability.thousands_separator", "注册资本"), 2);
    }

    [Fact]
    public void Checking_typed_cells_allocates_nothing_per_cell()
    {
        TargetField[] fields =
        [
            F("人数", FieldType.Integer), F("日期", FieldType.Date), F("在职", FieldType.Boolean),
            F("性别", FieldType.Code, codes: ["男", "女"]), F("街道", FieldType.String),
        ];
        var sb = new StringBuilder("人数,日期,在职,性别,街道\r\n");
        for (var i = 0; i < 2000; i++) sb.Append($"{i % 1000},2023-05-{1 + i % 28:00},{(i % 2 == 0 ? "是" : "否")},{(i % 3 == 0 ? "男" : "女")},长岭街道\r\n");
        using var source = TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "a.csv");
        var mapping = SchemaMapper.Map(fields, source.Headers);
        var checker = new RowChecker(fields, mapping, Today);
        var quality = new QualityCollector(fields, mapping);
        var values = new object?[fields.Length];
        var rowsThatAllocated = 0;
        var n = 0;
        while (source.Read())
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Null(checker.Check(source, values));
            quality.Add(source, checker);
            // after the caches are warm; a garbage collection started by another test can shift the counter once,
            // a per-cell allocation would show in every row
            if (++n > 100 && GC.GetAllocatedBytesForCurrentThread() != before) rowsThatAllocated++;
        }
        Assert.InRange(rowsThatAllocated, 0, 2);
        Assert.Equal("长岭街道", values[4]);
        Assert.Equal(100.0, quality.Complete(source, Timeliness.Assess(UpdateCycle.Irregular, null, Now)).Score);
    }

    // ------------------------------------------------------------------ mapping

    private static readonly TargetField[] Small =
    [
        F("姓名", FieldType.String, FieldKind.PersonName), F("注册资本", FieldType.Decimal), F("id", FieldType.String),
        F("联系电话", FieldType.String, FieldKind.Mobile), F("备注", FieldType.Text), F("邮政编码", FieldType.String),
    ];

    [Fact]
    public void Mapping_by_exact_name()
    {
        var m = SchemaMapper.Map(Small, ["备注", "姓名", "注册资本", "id", "联系电话", "邮政编码"]);
        Assert.All(m.Fields, f => Assert.Equal(MappingMatch.Exact, f.Match));
        Assert.Equal(new[] { 1, 2, 3, 4, 0, 5 }, m.Fields.Select(f => f.Column));
        Assert.Empty(m.UnmappedColumns);
    }

    [Fact]
    public void Mapping_by_normalised_name_ignores_case_spaces_full_width_units_and_required_markers()
    {
        var m = SchemaMapper.Map(Small, [" 姓 名 ", "注册资本（万元）", "ＩＤ", "*联系电话", "备注说明", "其他"]);
        Assert.Equal(new (string, string?, MappingMatch)[]
            {
             ("姓名", " 姓 名 ", MappingMatch.Normalised), ("注册资本", "注册资本（万元）", MappingMatch.Normalised), ("id", "ＩＤ", MappingMatch.Normalised),
             ("联系电话", "*联系电话", MappingMatch.Normalised), ("备注", null, MappingMatch.Unmapped), ("邮政编码", null, MappingMatch.Unmapped),
            },
            m.Fields.Select(f => (f.Field, f.ColumnName, f.Match)));
        Assert.Equal(new[] { "备注说明", "其他" }, m.UnmappedColumns.Select(c => c.Name));
        Assert.Equal("注册资本", SchemaMapper.NameKey("注册资本 (万元)"));
        Assert.Equal("(备注)", SchemaMapper.NameKey("（备注）"));
    }

    [Fact]
    public void A_user_override_wins_over_name_matches_and_can_exclude_a_field()
    {
        var m = SchemaMapper.Map(Small, ["姓名", "注册资本", "id", "联系方式", "备注", "说明", "邮政编码"],
            new Dictionary<string, string?> { ["联系电话"] = "联系方式", ["备注"] = "说明", ["邮政编码"] = null });
        var byField = m.Fields.ToDictionary(f => f.Field);
        Assert.Equal(("联系方式", MappingMatch.Override), (byField["联系电话"].ColumnName, byField["联系电话"].Match));
        Assert.Equal(("说明", MappingMatch.Override), (byField["备注"].ColumnName, byField["备注"].Match));
        Assert.Equal((-1, MappingMatch.ExcludedByUser), (byField["邮政编码"].Column, byField["邮政编码"].Match));
        Assert.Equal(MappingMatch.Exact, byField["姓名"].Match);
        Assert.Equal(new[] { "备注", "邮政编码" }, m.UnmappedColumns.Select(c => c.Name)); // taken by nobody now
    }

    [Fact]
    public void A_bad_override_is_an_error_naming_the_field_and_the_rule()
    {
        var e = Assert.Throws<ValidationProblem>(() => SchemaMapper.Map(Small, ["姓名", "电话", "手机"],
            new Dictionary<string, string?> { ["不存在"] = "姓名", ["联系电话"] = "传真", ["备注"] = "电话", ["邮政编码"] = "电话" }));
        Assert.Equal(422, e.Status);
        Assert.Equal(
            new[] { ("mapping.不存在", "unknown-field"), ("mapping.联系电话", "unknown-column"), ("mapping.邮政编码", "column-used-twice") },
            e.Errors.Select(x => (x.Field, x.Rule)).OrderBy(x => x.Field, StringComparer.Ordinal));
        Assert.Contains("传真", e.Errors.Single(x => x.Rule == "unknown-column").Detail);
    }

    [Fact]
    public void Suggested_mapping_infers_column_types_flags_misfits_and_proposes_identifier_columns()
    {
        TargetField[] fields =
        [
            F("姓名", FieldType.String, FieldKind.PersonName), F("身份证号", FieldType.IdCardNumber, FieldKind.ResidentId),
            F("登记日期", FieldType.Date), F("人数", FieldType.Integer),
        ];
        string[] headers = ["姓名", "公民身份号码", "登记日期", "人数"];
        IReadOnlyList<string>[] sample =
        [
            ["张三", P1, "2023-05-01", "12"],
            ["李四", P7, "未登记", "7"],
            ["王五", "1.10101E+17", "以后补", "3"],
        ];
        var s = SchemaMapper.Suggest(fields, headers, sample, Today);
        Assert.Equal(MappingMatch.Unmapped, s.Mapping.Fields[1].Match);
        var idColumn = s.Columns[1];
        Assert.Equal((ColumnType.ResidentId, (string?)null, "身份证号"), (idColumn.Inferred.Type, idColumn.Field, idColumn.CandidateField));
        Assert.Equal(1, idColumn.Inferred.ScientificNotationIdentifiers);
        Assert.False(s.Columns[2].TypeFits); // mostly text in a date field
        Assert.Equal((ColumnType.Integer, true, "人数"), (s.Columns[3].Inferred.Type, s.Columns[3].TypeFits, s.Columns[3].Field));

        var accepted = SchemaMapper.Suggest(fields, headers, sample, Today, new Dictionary<string, string?> { ["身份证号"] = "公民身份号码" });
        Assert.Equal(("身份证号", MappingMatch.Override, true), (accepted.Columns[1].Field, accepted.Columns[1].Match, accepted.Columns[1].TypeFits));
    }

    // ------------------------------------------------------------------ score and timeliness

    [Fact]
    public void Score_is_the_weighted_mean_of_the_dimensions()
    {
        var (score, dims) = QualityScore.Compute(new QualityScore.Inputs
        {
            Rows = 100, CatalogueFields = 10, MappedFields = 10, FilledCells = 900, RowsWithInvalidCells = 10, HasKey = true,
            DuplicateKeyRows = 5, KeylessRows = 5, ReadabilityCells = 90, Timeliness = 100,
        });
        Assert.Equal(new double[] { 90, 90, 90, 100, 100, 90 }, dims.Select(d => d.Score!.Value));
        Assert.Equal(new[] { 25, 25, 10, 15, 15, 10 }, dims.Select(d => d.Weight));
        Assert.Equal(93.0, score); // (25·90 + 25·90 + 10·90 + 15·100 + 15·100 + 10·90) / 100
        Assert.Equal(100, QualityScore.Dimensions.Sum(QualityScore.Weight));
    }

    [Fact]
    public void Dimensions_that_do_not_apply_are_left_out_and_the_weights_renormalised()
    {
        var (score, dims) = QualityScore.Compute(new QualityScore.Inputs
        {
            Rows = 10, CatalogueFields = 4, MappedFields = 4, FilledCells = 40, RowsWithInvalidCells = 5, Timeliness = null,
        });
        Assert.Null(dims.Single(d => d.Dimension == QualityDimension.Uniqueness).Score);
        Assert.Null(dims.Single(d => d.Dimension == QualityDimension.Timeliness).Score);
        Assert.Equal(Math.Round((25 * 100 + 25 * 50 + 15 * 100 + 10 * 100) / 75.0, 1), score);
    }

    [Fact]
    public void The_messy_file_scores_by_the_formula_and_a_clean_one_scores_100()
    {
        var (r, _, _) = Load(Gb.GetBytes(MessyCsv()), "人口信息.csv", People);
        double D(QualityDimension d) => r.Dimensions.Single(x => x.Dimension == d).Score!.Value;
        Assert.Equal(85.0, D(QualityDimension.Completeness));      // 15 of 100 cells empty (备注 ×9, the ragged row ×6)
        Assert.Equal(50.0, D(QualityDimension.Validity));          // rows 2, 3, 6, 7, 8 have invalid cells
        Assert.Equal(70.0, D(QualityDimension.Uniqueness));        // 1 duplicate + 2 without a key
        Assert.Equal(75.0, D(QualityDimension.Consistency));       // 10 of 11 + 1 columns mapped × 9 of 10 rows well formed
        Assert.Equal(66.7, D(QualityDimension.Timeliness));        // 10 days late on a 30-day month
        Assert.Equal(84.7, D(QualityDimension.MachineReadability)); // 6 cells + 7 in minority date forms of 85
        var expected = (25 * 85 + 25 * 50 + 10 * 70 + 15 * 75 + 15 * (100 * (1 - 10 / 30.0)) + 10 * (100 * 72 / 85.0)) / 100;
        Assert.Equal(Math.Round(expected, 1), r.Score);

        var clean = "姓名,身份证号,性别,出生日期,手机号码,统一社会信用代码,登记日期,注册资本,是否在职,邮政编码,备注\r\n" +
                    $"张三,{P1},男,1990-03-07,13800138000,91350100M000100Y43,2023-05-01,100.5,是,550001,无\r\n" +
                    $"李四,{P7},女,1980-01-01,13912345678,91330100716105852F,2023-05-02,20,否,550002,无\r\n";
        var (c, _, _) = Load(Encoding.UTF8.GetBytes(clean), "clean.csv", People, Timeliness.Assess(UpdateCycle.Monthly, PreviousLoad, PreviousLoad.AddDays(20)));
        Assert.Empty(c.Problems);
        Assert.Equal(100.0, c.Score);
    }

    [Fact]
    public void A_file_with_a_header_and_no_rows_is_not_complete()
    {
        var header = "姓名,身份证号,性别,出生日期,手机号码,统一社会信用代码,登记日期,注册资本,是否在职,邮政编码,备注\r\n";
        var (r, _, _) = Load(Encoding.UTF8.GetBytes(header), "empty.csv", People, Timeliness.Assess(UpdateCycle.Irregular, null, Now));
        Assert.Equal(1, Problem(r, "completeness.no_rows").Count);
        Assert.Equal(0, r.Dimensions.Single(d => d.Dimension == QualityDimension.Completeness).Score);
        Assert.Null(r.Dimensions.Single(d => d.Dimension == QualityDimension.Validity).Score);
        Assert.Equal(Math.Round((25 * 0 + 15 * 100 + 15 * 100) / 55.0, 1), r.Score); // completeness, consistency, timeliness apply
    }

    [Theory]
    [InlineData(UpdateCycle.Daily, "2025-05-10T08:00:00+08:00", "2025-05-11T23:00:00+08:00", TimelinessStatus.OnTime, "2025-05-11", 0)]
    [InlineData(UpdateCycle.Daily, "2025-05-10T08:00:00+08:00", "2025-05-12T00:30:00+08:00", TimelinessStatus.Late, "2025-05-11", 1)]
    [InlineData(UpdateCycle.RealTime, "2025-05-10T17:00:00Z", "2025-05-12T10:00:00+08:00", TimelinessStatus.OnTime, "2025-05-12", 0)] // 01:00 on 11 May in China
    [InlineData(UpdateCycle.Weekly, "2025-05-05T09:00:00+08:00", "2025-05-12T18:00:00+08:00", TimelinessStatus.OnTime, "2025-05-12", 0)]
    [InlineData(UpdateCycle.Weekly, "2025-05-05T09:00:00+08:00", "2025-05-14T09:00:00+08:00", TimelinessStatus.Late, "2025-05-12", 2)]
    [InlineData(UpdateCycle.Monthly, "2025-01-31T09:00:00+08:00", "2025-02-28T09:00:00+08:00", TimelinessStatus.OnTime, "2025-02-28", 0)]
    [InlineData(UpdateCycle.Quarterly, "2025-01-31T09:00:00+08:00", "2025-05-01T09:00:00+08:00", TimelinessStatus.Late, "2025-04-30", 1)]
    [InlineData(UpdateCycle.Yearly, "2024-02-29T09:00:00+08:00", "2025-02-28T09:00:00+08:00", TimelinessStatus.OnTime, "2025-02-28", 0)]
    public void Timeliness_counts_china_calendar_dates_from_the_previous_load(UpdateCycle cycle, string previous, string now,
        TimelinessStatus status, string due, int daysLate)
    {
        var a = Timeliness.Assess(cycle, DateTimeOffset.Parse(previous), DateTimeOffset.Parse(now));
        Assert.Equal((status, DateOnly.Parse(due), daysLate), (a.Status, a.DueDate!.Value, a.DaysLate));
        if (status == TimelinessStatus.OnTime) Assert.Equal(100, a.Score);
        else Assert.InRange(a.Score!.Value, 0, 99.9);
    }

    [Fact]
    public void Irregular_is_always_on_time_and_a_first_load_is_not_scored()
    {
        var irregular = Timeliness.Assess(UpdateCycle.Irregular, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Now);
        Assert.Equal((TimelinessStatus.Irregular, 100.0), (irregular.Status, irregular.Score!.Value));
        var first = Timeliness.Assess(UpdateCycle.Daily, null, Now);
        Assert.Equal((TimelinessStatus.FirstLoad, (double?)null), (first.Status, first.Score));
        var yearLate = Timeliness.Assess(UpdateCycle.Monthly, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), Now);
        Assert.Equal(0, yearLate.Score);
    }

    // ------------------------------------------------------------------ report format and documentation

    [Fact]
    public void The_report_round_trips_through_json_with_readable_enums()
    {
        var (r, _, _) = Load(Gb.GetBytes(MessyCsv()), "人口信息.csv", People);
        var json = r.ToJson();
        Assert.Contains("\"dimension\":\"machine_readability\"", json);
        Assert.Contains("\"severity\":\"error\"", json);
        Assert.Contains("身份证号", json); // not \u-escaped
        var back = QualityReport.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(r.Score, back.Score);
    }

    [Fact]
    public void Every_problem_code_is_documented_and_codes_are_unique()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "data-quality.md"));
        Assert.Equal(QualityCodes.All.Count, QualityCodes.All.Select(c => c.Code).Distinct().Count());
        foreach (var c in QualityCodes.All) Assert.Contains($"`{c.Code}`", doc);
        foreach (var c in QualityCodes.All) Assert.StartsWith(c.Dimension switch
        {
            QualityDimension.MachineReadability => "readability.",
            var d => d.ToString().ToLowerInvariant() + ".",
        }, c.Code);
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
