using FsCheck.Xunit;
using Shuzhi.Core.Identifiers;

namespace Shuzhi.Core.Tests.Identifiers;

public class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    /// <summary>Builds a valid 18-digit number: region + birth + sequence + computed check character.</summary>
    internal static string Make(string region, string birth, string seq)
    {
        var body = region + birth + seq;
        return body + ResidentIdNumber.ComputeCheckCharacter(body);
    }

    [Fact]
    public void The_well_known_sample_from_the_standard_validates()
    {
        var r = ResidentIdNumber.Check("11010519491231002X", Today);
        Assert.Equal(ResidentIdStatus.Valid, r.Status);
        Assert.Equal('X', r.ExpectedCheck);
        Assert.Equal(new DateOnly(1949, 12, 31), r.BirthDate);
        Assert.True(r.IsAcceptable);
    }

    [Fact]
    public void Lower_case_x_is_accepted_but_reported()
    {
        var r = ResidentIdNumber.Check("11010519491231002x", Today);
        Assert.Equal(ResidentIdStatus.LowercaseX, r.Status);
        Assert.True(r.IsAcceptable);
    }

    [Fact]
    public void Lower_case_x_where_a_digit_is_due_is_a_bad_check_digit()
    {
        var valid = Make("520102", "19900101", "124");
        Assert.NotEqual('X', valid[^1]);
        Assert.Equal(ResidentIdStatus.BadCheckDigit, ResidentIdNumber.Check(valid[..17] + "x", Today).Status);
    }

    [Fact]
    public void Check_character_is_computed_with_iso_7064_mod_11_2()
    {
        // hand computation for 11010519491231002: Σ a_i·W_i = 167, 167 mod 11 = 2 → 'X'
        Assert.Equal('X', ResidentIdNumber.ComputeCheckCharacter("11010519491231002"));
        // 44030419800101001: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
        var digits = "44030419800101001";
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = digits.Select((c, i) => (c - '0') * w[i]).Sum();
        Assert.Equal("10X98765432"[sum % 11], ResidentIdNumber.ComputeCheckCharacter(digits));
    }

    public static TheoryData<string, ResidentIdStatus> Cases()
    {
        var ok = Make("520102", "19851231", "047");
        return new()
        {
            { ok, ResidentIdStatus.Valid },
            { Make("820000", "20000229", "001"), ResidentIdStatus.Valid },          // Macao prefix, leap day
            { Make("710000", "19500101", "001"), ResidentIdStatus.Valid },          // Taiwan prefix
            { Make("650102", "20260930", "001"), ResidentIdStatus.Valid },          // born today
            { "", ResidentIdStatus.BadLength },
            { "52010219851231047", ResidentIdStatus.BadLength },                    // 17
            { ok + "1", ResidentIdStatus.BadLength },                              // 19
            { "5201021985123104A", ResidentIdStatus.BadLength },                    // 17 chars
            { "52010219851231A47" + ok[^1], ResidentIdStatus.BadCharacters },
            { "52010219851231047Y", ResidentIdStatus.BadCharacters },
            { " 5201021985123104" + ok[^1], ResidentIdStatus.BadCharacters },       // not trimmed: caller's job
            { "５20102198512310" + ok[^3..], ResidentIdStatus.BadCharacters },       // full-width: normalise first
            { Make("000000", "19851231", "047"), ResidentIdStatus.BadRegion },
            { Make("160102", "19851231", "047"), ResidentIdStatus.BadRegion },
            { Make("910102", "19851231", "047"), ResidentIdStatus.BadRegion },
            { Make("720102", "19851231", "047"), ResidentIdStatus.BadRegion },
            { Make("520102", "19850230", "047"), ResidentIdStatus.BadBirthDate },   // 30 Feb
            { Make("520102", "19851301", "047"), ResidentIdStatus.BadBirthDate },   // month 13
            { Make("520102", "19850001", "047"), ResidentIdStatus.BadBirthDate },
            { Make("520102", "19000229", "047"), ResidentIdStatus.BadBirthDate },   // 1900 was not a leap year
            { Make("520102", "20261001", "047"), ResidentIdStatus.BadBirthDate },   // tomorrow
            { Make("520102", "18491231", "047"), ResidentIdStatus.BadBirthDate },   // before 1850
            { ok[..17] + (ok[^1] == '0' ? '1' : '0'), ResidentIdStatus.BadCheckDigit },
            { "110105194912310021", ResidentIdStatus.BadCheckDigit },
        };
    }

    [Theory, MemberData(nameof(Cases))]
    public void Table(string value, ResidentIdStatus expected) => Assert.Equal(expected, ResidentIdNumber.Check(value, Today).Status);

    [Fact]
    public void Legacy_15_digit_numbers_are_accepted_and_converted()
    {
        var r = ResidentIdNumber.Check("110105491231002", Today);
        Assert.Equal(ResidentIdStatus.ValidLegacy15, r.Status);
        Assert.Equal(new DateOnly(1949, 12, 31), r.BirthDate);
        Assert.Equal('X', r.ExpectedCheck);
        Assert.Equal("11010519491231002X", ResidentIdNumber.ConvertLegacy("110105491231002"));
        Assert.True(r.IsAcceptable);
    }

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData("110105491231002", "11010519491231002X")]
    [InlineData("110105194912310021", null)]
    [InlineData("abc", null)]
    public void Canonical_form(string value, string? expected) => Assert.Equal(expected, ResidentIdNumber.Canonical(value, Today));

    [Theory]
    [InlineData("110105491331002", ResidentIdStatus.BadBirthDate)]
    [InlineData("110105490229002", ResidentIdStatus.BadBirthDate)]   // 1949 not leap
    [InlineData("990105491231002", ResidentIdStatus.BadRegion)]
    [InlineData("11010549123100X", ResidentIdStatus.BadCharacters)] // no check character in the legacy form
    public void Legacy_failures(string value, ResidentIdStatus expected) => Assert.Equal(expected, ResidentIdNumber.Check(value, Today).Status);

    [Fact]
    public void Converting_rejects_anything_but_15_digits()
    {
        Assert.Null(ResidentIdNumber.ConvertLegacy("11010519491231002X"));
        Assert.Null(ResidentIdNumber.ConvertLegacy("11010549123100A"));
        Assert.False(ResidentIdNumber.TryConvertLegacy("110105491231002", new char[17]));
    }

    [Fact]
    public void Compute_rejects_wrong_input() =>
        Assert.Throws<ArgumentException>(() => ResidentIdNumber.ComputeCheckCharacter("1101051949123100X"));

    // ------------------------------------------------------------- properties

    private static string Digits17(ulong a, ulong b)
    {
        var s = (a % 100_000_000_000UL).ToString("D11") + (b % 1_000_000UL).ToString("D6");
        return s;
    }

    [Property(MaxTest = 1000)]
    public bool Any_17_digits_with_the_computed_check_pass_the_check_digit_test(ulong a, ulong b)
    {
        var body = Digits17(a, b);
        var status = ResidentIdNumber.Check(body + ResidentIdNumber.ComputeCheckCharacter(body), Today).Status;
        // only structural rules (region, birth date) may still fail — never the check digit
        return status is ResidentIdStatus.Valid or ResidentIdStatus.BadRegion or ResidentIdStatus.BadBirthDate;
    }

    private static readonly string[] Regions = ["110105", "520102", "440304", "650102", "820000", "310115"];

    private static string ValidFrom(int regionSeed, int daySeed, int seq)
    {
        var birth = new DateOnly(1900, 1, 1).AddDays((int)((uint)daySeed % 45000));
        var body = Regions[(uint)regionSeed % Regions.Length] + birth.ToString("yyyyMMdd") + ((uint)seq % 1000).ToString("D3");
        return body + ResidentIdNumber.ComputeCheckCharacter(body);
    }

    [Property(MaxTest = 1000)]
    public bool Generated_numbers_validate(int r, int d, int s)
        => ResidentIdNumber.Check(ValidFrom(r, d, s), Today).Status == ResidentIdStatus.Valid;

    [Property(MaxTest = 1000)]
    public bool Changing_any_single_digit_breaks_it(int r, int d, int s, int posSeed, int deltaSeed)
    {
        var id = ValidFrom(r, d, s).ToCharArray();
        var pos = (int)((uint)posSeed % 18);
        var delta = 1 + (int)((uint)deltaSeed % 9);
        if (pos == 17)
        {
            const string alphabet = "0123456789X";
            id[17] = alphabet[(alphabet.IndexOf(id[17]) + delta) % 11];
        }
        else id[pos] = (char)('0' + (id[pos] - '0' + delta) % 10);
        return !ResidentIdNumber.Check(new string(id), Today).IsAcceptable;
    }

    [Property(MaxTest = 500)]
    public bool Legacy_conversion_yields_a_valid_18_digit_number(int r, int d, int s)
    {
        var birth = new DateOnly(1900, 1, 1).AddDays((int)((uint)d % 36500));
        var legacy = Regions[(uint)r % Regions.Length] + birth.ToString("yyMMdd") + ((uint)s % 1000).ToString("D3");
        var check = ResidentIdNumber.Check(legacy, Today);
        var full = ResidentIdNumber.ConvertLegacy(legacy)!;
        var fullCheck = ResidentIdNumber.Check(full, Today);
        return check.Status == ResidentIdStatus.ValidLegacy15 && fullCheck.Status == ResidentIdStatus.Valid
            && full[^1] == check.ExpectedCheck && fullCheck.BirthDate == check.BirthDate;
    }

    [Property(MaxTest = 500)]
    public bool Never_throws_on_arbitrary_strings(string? s)
    {
        ResidentIdNumber.Check(s ?? "", Today);
        return true;
    }
}
