using FsCheck.Xunit;
using Shuzhi.Core.Datasets;
using Shuzhi.Core.Identifiers;
using Shuzhi.Core.Tests.Identifiers;

namespace Shuzhi.Core.Tests.Datasets;

public class InferenceAndReadabilityTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static string Id(int i) => ResidentIdNumberTests.Make("520102", new DateOnly(1960, 1, 1).AddDays(i * 37).ToString("yyyyMMdd"), (i % 1000).ToString("D3"));
    private static string Code(int i) => CreditCodeTests.Make("91520100", $"MA{i:D6}");

    private static InferredColumn Infer(string? header, IEnumerable<string?> values) => TypeInference.Infer(header, values, Today);

    [Fact]
    public void Resident_id_column_by_content_even_with_bad_check_digits_and_excel_damage()
    {
        var values = Enumerable.Range(0, 95).Select(Id).ToList();
        values.AddRange(["110105194912310021", "1.10101E+17", "5.20102E+17", "11010519491231002x", "110105491231002"]);
        var r = Infer("证件号码", values);
        Assert.Equal(ColumnType.ResidentId, r.Type);
        Assert.Equal(1.0, r.Share);
        Assert.Equal(2, r.ScientificNotationIdentifiers);
        Assert.Equal(ColumnType.ResidentId, r.HeaderHint);
        Assert.Equal(ColumnType.ResidentId, Infer("col3", values).Type); // content alone suffices at ≥ 90 %
    }

    [Fact]
    public void Hinted_identifier_column_needs_only_half_the_values_in_shape()
    {
        var values = Enumerable.Range(0, 6).Select(Id).Concat(["不详", "无", "待补充", "-"]).ToList();
        Assert.Equal(ColumnType.ResidentId, Infer("身份证号", values).Type);
        Assert.Equal(ColumnType.Text, Infer("备注", values).Type);
    }

    [Fact]
    public void Credit_code_column_even_when_some_codes_are_all_digits()
    {
        var values = Enumerable.Range(0, 50).Select(Code).Append("914403001922038216").Append("91330100716105852F");
        var r = Infer("统一社会信用代码", values);
        Assert.Equal(ColumnType.CreditCode, r.Type);
        Assert.Equal(ColumnType.CreditCode, Infer("code", ["914403001922038216", "91330100716105852F", "91440300708461136T"]).Type);
    }

    [Fact]
    public void Mobile_column()
    {
        string[] values = ["13800138000", "+86 139-0000-0000", "18612345678", "15900001111"];
        Assert.Equal(ColumnType.Mobile, Infer("联系电话", values).Type);
        Assert.Equal(ColumnType.Mobile, Infer(null, values).Type);
        Assert.Equal(ColumnType.Mobile, Infer("手机号", ["13800138000", "1.38001E+10", "0851-12345678"]).Type);
    }

    [Theory]
    [InlineData(new[] { "1", "2", "-3", "1,234" }, ColumnType.Integer)]
    [InlineData(new[] { "1", "2.5", "１２．５", "¥1,234.00" }, ColumnType.Decimal)]
    [InlineData(new[] { "是", "否", "是", "否" }, ColumnType.Boolean)]
    [InlineData(new[] { "1", "0", "1", "0" }, ColumnType.Integer)]
    [InlineData(new[] { "2023-05-01", "2023/5/2", "2023年5月3日", "20230504" }, ColumnType.Date)]
    [InlineData(new[] { "2023-05-01 12:30", "2023-05-02", "2023/5/1 8:05:00" }, ColumnType.DateTime)]
    [InlineData(new[] { "张三", "李四", "王五" }, ColumnType.Text)]
    [InlineData(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "十" }, ColumnType.Integer)]  // 90 %
    [InlineData(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "九", "十" }, ColumnType.Text)]   // 80 %
    public void Typed_columns(string[] values, ColumnType expected) => Assert.Equal(expected, Infer("x", values).Type);

    [Fact]
    public void Excel_serials_count_as_dates_only_under_a_date_header()
    {
        string[] values = ["45047", "45048", "45049"];
        Assert.Equal(ColumnType.Date, Infer("登记日期", values).Type);
        Assert.Equal(ColumnType.Integer, Infer("数量", values).Type);
    }

    [Fact]
    public void Boolean_header_turns_ones_and_zeros_into_booleans() =>
        Assert.Equal(ColumnType.Boolean, Infer("是否有效", ["1", "0", "1"]).Type);

    [Fact]
    public void Empty_values_are_ignored_and_an_empty_column_is_text()
    {
        var r = Infer("x", [null, "", "  ", "　"]);
        Assert.Equal(ColumnType.Text, r.Type);
        Assert.Equal(0, r.Sampled);
        Assert.Equal(ColumnType.Integer, Infer("x", ["1", null, "", "2"]).Type);
    }

    [Fact]
    public void The_sample_is_capped()
    {
        var r = Infer("x", Enumerable.Range(0, 5000).Select(i => i.ToString()));
        Assert.Equal(TypeInference.SampleLimit, r.Sampled);
    }

    [Theory]
    [InlineData("身份证号码", ColumnType.ResidentId)]
    [InlineData("公民身份号码", ColumnType.ResidentId)]
    [InlineData("证件号码", ColumnType.ResidentId)]
    [InlineData("法定代表人身份证号", ColumnType.ResidentId)]
    [InlineData("统一社会信用代码", ColumnType.CreditCode)]
    [InlineData("信用代码", ColumnType.CreditCode)]
    [InlineData("手机号", ColumnType.Mobile)]
    [InlineData("联系电话", ColumnType.Mobile)]
    [InlineData("出生日期", ColumnType.Date)]
    [InlineData("更新时间", ColumnType.DateTime)]
    [InlineData("是否有效", ColumnType.Boolean)]
    [InlineData("ＩＤ＿ＣＡＲＤ", ColumnType.ResidentId)]
    [InlineData("姓名", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Header_hints(string? header, ColumnType? expected) => Assert.Equal(expected, TypeInference.HeaderHintFor(header));

    // ------------------------------------------------------------- scientific notation and readability

    [Theory]
    [InlineData("1.10101E+17", 17, 6)]
    [InlineData("5.20102E+17", 17, 6)]
    [InlineData("5.20102e+17", 17, 6)]
    [InlineData("1.38001E+10", 10, 6)]
    [InlineData("1E+17", 17, 1)]
    [InlineData(" 4.40304E+14 ", 14, 6)]
    [InlineData("1.10101E17", 17, 6)]
    public void Scientific_notation_identifiers_are_detected(string value, int exponent, int mantissa)
    {
        var m = ScientificNotationIdentifier.Inspect(value);
        Assert.True(m.IsMatch);
        Assert.Equal(exponent, m.Exponent);
        Assert.Equal(mantissa, m.MantissaDigits);
        Assert.Equal(exponent + 1, m.OriginalDigits);
    }

    [Theory]
    [InlineData("1.5E+3")]         // an ordinary amount
    [InlineData("1.2E+09")]
    [InlineData("11010519491231002X")]
    [InlineData("1.10101E-17")]
    [InlineData("0.1E+17")]
    [InlineData("E+17")]
    [InlineData("1.E+17")]
    [InlineData("1.1E+17x")]
    [InlineData("")]
    public void Other_values_are_not(string value) => Assert.False(ScientificNotationIdentifier.IsMatch(value));

    [Fact]
    public void Detection_never_repairs() =>
        // the detector reports; nothing in the core turns "1.10101E+17" into an identifier
        Assert.False(ResidentIdNumber.Check("1.10101E+17", Today).IsAcceptable);

    [Theory]
    [InlineData("123", ReadabilityIssues.None)]
    [InlineData("张三", ReadabilityIssues.None)]
    [InlineData("'123", ReadabilityIssues.LeadingApostrophe | ReadabilityIssues.NumberStoredAsText)]
    [InlineData("１２３", ReadabilityIssues.FullWidthCharacters | ReadabilityIssues.NumberStoredAsText)]
    [InlineData(" 123 ", ReadabilityIssues.SurroundingWhitespace | ReadabilityIssues.NumberStoredAsText)]
    [InlineData(" 张三 ", ReadabilityIssues.SurroundingWhitespace)]
    [InlineData("ＡＢＣ", ReadabilityIssues.FullWidthCharacters)]
    [InlineData("1.10101E+17", ReadabilityIssues.ScientificNotationIdentifier)]
    [InlineData("'1.10101E+17", ReadabilityIssues.ScientificNotationIdentifier | ReadabilityIssues.LeadingApostrophe | ReadabilityIssues.NumberStoredAsText)]
    [InlineData("", ReadabilityIssues.None)]
    public void Readability(string value, ReadabilityIssues expected) => Assert.Equal(expected, MachineReadability.Inspect(value));

    [Property(MaxTest = 500)]
    public bool Any_18_digit_number_formatted_by_excel_is_detected(ulong n)
    {
        var v = 100_000_000_000_000_000UL + n % 900_000_000_000_000_000UL;
        var excel = ((double)v).ToString("0.#####E+00", System.Globalization.CultureInfo.InvariantCulture);
        var m = ScientificNotationIdentifier.Inspect(excel);
        return m.IsMatch && m.OriginalDigits == 18;
    }
}
