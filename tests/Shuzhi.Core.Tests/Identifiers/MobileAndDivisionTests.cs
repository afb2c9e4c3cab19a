using FsCheck.Xunit;
using Shuzhi.Core.Identifiers;

namespace Shuzhi.Core.Tests.Identifiers;

public class MobileAndDivisionTests
{
    [Theory]
    [InlineData("13800138000", MobileStatus.Valid, 13800138000L)]
    [InlineData("19912345678", MobileStatus.Valid, 19912345678L)]
    [InlineData("+8613800138000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("8613800138000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("008613800138000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("+86 138-0013-8000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("138 0013 8000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("138-0013-8000", MobileStatus.NeedsNormalisation, 13800138000L)]
    [InlineData("12800138000", MobileStatus.BadPrefix, 0L)]
    [InlineData("23800138000", MobileStatus.BadPrefix, 0L)]
    [InlineData("10086", MobileStatus.BadLength, 0L)]
    [InlineData("1380013800", MobileStatus.BadLength, 0L)]
    [InlineData("138001380001", MobileStatus.BadLength, 0L)]
    [InlineData("0851-85551234", MobileStatus.BadLength, 0L)]
    [InlineData("", MobileStatus.BadLength, 0L)]
    [InlineData("+1 13800138000", MobileStatus.BadCharacters, 0L)]
    [InlineData("138O0138000", MobileStatus.BadCharacters, 0L)]
    [InlineData("138.0013.8000", MobileStatus.BadCharacters, 0L)]
    [InlineData("1.38001E+10", MobileStatus.BadCharacters, 0L)]
    public void Mobile_table(string value, MobileStatus status, long number)
    {
        var r = MobileNumber.Check(value);
        Assert.Equal(status, r.Status);
        Assert.Equal(number, r.Number);
        if (r.IsAcceptable) Assert.Equal(number.ToString(), r.Normalised);
        else Assert.Null(r.Normalised);
    }

    [Property(MaxTest = 1000)]
    public bool Any_11_digits_starting_13_to_19_are_valid(int second, uint rest)
    {
        var s = $"1{3 + (uint)second % 7}{rest % 1_000_000_000:D9}";
        var r = MobileNumber.Check(s);
        return r.Status == MobileStatus.Valid && r.Number.ToString() == s && MobileNumber.Check("+86 " + s).Number == r.Number;
    }

    [Theory]
    [InlineData("520000", DivisionCodeStatus.Valid, DivisionLevel.Province)]
    [InlineData("520100", DivisionCodeStatus.Valid, DivisionLevel.Prefecture)]
    [InlineData("520102", DivisionCodeStatus.Valid, DivisionLevel.County)]
    [InlineData("110105", DivisionCodeStatus.Valid, DivisionLevel.County)]
    [InlineData("810000", DivisionCodeStatus.Valid, DivisionLevel.Province)]
    [InlineData("160000", DivisionCodeStatus.BadProvince, DivisionLevel.None)]
    [InlineData("000000", DivisionCodeStatus.BadProvince, DivisionLevel.None)]
    [InlineData("52010", DivisionCodeStatus.BadLength, DivisionLevel.None)]
    [InlineData("5201021", DivisionCodeStatus.BadLength, DivisionLevel.None)]
    [InlineData("52O102", DivisionCodeStatus.BadCharacters, DivisionLevel.None)]
    public void Division_table(string value, DivisionCodeStatus status, DivisionLevel level)
    {
        var r = DivisionCode.Check(value);
        Assert.Equal(status, r.Status);
        Assert.Equal(level, r.Level);
    }

    [Fact]
    public void Province_codes_are_exactly_the_gb_t_2260_list()
    {
        int[] expected = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];
        Assert.Equal(expected, Enumerable.Range(0, 100).Where(DivisionCode.IsProvinceCode));
    }
}
