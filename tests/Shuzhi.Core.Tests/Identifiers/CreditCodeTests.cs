using FsCheck.Xunit;
using Shuzhi.Core.Identifiers;

namespace Shuzhi.Core.Tests.Identifiers;

public class CreditCodeTests
{
    /// <summary>Builds a valid code: authority + type + region + organisation code (with its GB 11714 check) + MOD 31 check.</summary>
    internal static string Make(string head8, string orgBody8)
    {
        var s17 = head8 + orgBody8 + UnifiedSocialCreditCode.ComputeOrganisationCodeCheck(orgBody8);
        return s17 + UnifiedSocialCreditCode.ComputeCheckCharacter(s17);
    }

    [Theory]
    [InlineData("91350100M000100Y43")]   // the example in GB 32100-2015
    [InlineData("91330100716105852F")]   // published codes of well-known enterprises
    [InlineData("914403001922038216")]
    [InlineData("91440300708461136T")]
    [InlineData("91110108MA01G0FB09")]
    [InlineData("91520100MA6DKQ7Y2R")]   // the corrected demo code (see docs/data-values.md)
    public void Published_codes_validate(string code)
    {
        var r = UnifiedSocialCreditCode.Check(code);
        Assert.Equal(CreditCodeStatus.Valid, r.Status);
        Assert.Equal(code[^1], r.ExpectedCheck);
    }

    [Fact]
    public void The_current_demo_code_has_a_valid_mod_31_check_but_a_bad_organisation_code()
    {
        // 91520100MA6DKQ7Y3W: C18 'W' is right for the first 17 characters, but the embedded GB 11714
        // organisation code MA6DKQ7Y-3 should end in 2; 91520100MA6DKQ7Y2R is the nearest valid code.
        var r = UnifiedSocialCreditCode.Check("91520100MA6DKQ7Y3W");
        Assert.Equal(CreditCodeStatus.BadOrganisationCode, r.Status);
        Assert.Equal('W', r.ExpectedCheck);
    }

    [Fact]
    public void The_check_character_follows_the_standard_formula()
    {
        // 91350100M000100Y4: Σ value·weight, 31 − Σ mod 31
        const string a = UnifiedSocialCreditCode.Alphabet;
        int[] w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = "91350100M000100Y4".Select((c, i) => a.IndexOf(c) * w[i]).Sum();
        var c18 = 31 - sum % 31;
        Assert.Equal(a[c18 == 31 ? 0 : c18], UnifiedSocialCreditCode.ComputeCheckCharacter("91350100M000100Y4"));
        Assert.Equal('3', UnifiedSocialCreditCode.ComputeCheckCharacter("91350100M000100Y4"));
        // weights are 3^(i-1) mod 31
        for (var i = 0; i < 17; i++) Assert.Equal((int)(System.Numerics.BigInteger.Pow(3, i) % 31), w[i]);
    }

    [Fact]
    public void Alphabet_has_31_characters_without_I_O_Z_S_V()
    {
        Assert.Equal(31, UnifiedSocialCreditCode.Alphabet.Length);
        foreach (var c in "IOZSV") Assert.Equal(-1, UnifiedSocialCreditCode.ValueOf(c));
        for (var i = 0; i < 31; i++) Assert.Equal(i, UnifiedSocialCreditCode.ValueOf(UnifiedSocialCreditCode.Alphabet[i]));
    }

    [Fact]
    public void Lower_case_letters_are_accepted_but_reported()
    {
        var r = UnifiedSocialCreditCode.Check("91350100m000100y43");
        Assert.Equal(CreditCodeStatus.LowercaseLetters, r.Status);
        Assert.True(r.IsAcceptable);
    }

    [Theory]
    [InlineData("91350100M000100Y43", "91350100M000100Y43")]
    [InlineData("91350100m000100y43", "91350100M000100Y43")]
    [InlineData("91350100M000100Y44", null)]
    public void Canonical_form(string value, string? expected) => Assert.Equal(expected, UnifiedSocialCreditCode.Canonical(value));

    public static TheoryData<string, CreditCodeStatus> Cases() => new()
    {
        { "", CreditCodeStatus.BadLength },
        { "91350100M000100Y4", CreditCodeStatus.BadLength },
        { "91350100M000100Y433", CreditCodeStatus.BadLength },
        { "91350100M000100I43", CreditCodeStatus.BadCharacters },   // I never used
        { "91350100O000100Y43", CreditCodeStatus.BadCharacters },   // O never used
        { "91350100M000100Y4S", CreditCodeStatus.BadCharacters },
        { "91350100M000100Y4-", CreditCodeStatus.BadCharacters },
        { "９1350100M000100Y43", CreditCodeStatus.BadCharacters },  // full-width: normalise first
        { Make("B1350100", "M000100Y"), CreditCodeStatus.BadRegistrationAuthority },
        { Make("01350100", "M000100Y"), CreditCodeStatus.BadRegistrationAuthority },
        { Make("90350100", "M000100Y"), CreditCodeStatus.BadOrganisationType },
        { Make("9A350100", "M000100Y"), CreditCodeStatus.BadOrganisationType },
        { Make("91990100", "M000100Y"), CreditCodeStatus.BadRegion },
        { Make("9135A100", "M000100Y"), CreditCodeStatus.BadRegion },
        { "91350100M000100Y53", CreditCodeStatus.BadOrganisationCode },
        { "91350100M000100Y44", CreditCodeStatus.BadCheckCharacter },
        { Make("91100000", "10001774"), CreditCodeStatus.Valid },    // region 10: national registration
        { Make("Y1520100", "MA6DKQ7Y"), CreditCodeStatus.Valid },
        { Make("N2520102", "12345678"), CreditCodeStatus.Valid },
        { Make("53520000", "50000000"), CreditCodeStatus.Valid },
        { Make("12100000", "40000115"), CreditCodeStatus.Valid },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Table(string code, CreditCodeStatus expected) => Assert.Equal(expected, UnifiedSocialCreditCode.Check(code).Status);

    // ------------------------------------------------------------- properties

    private const string Authorities = "123456789ANY";
    private static readonly string[] Regions = ["520100", "350100", "110108", "100000", "440300", "820000"];
    private static readonly string Alphabet = UnifiedSocialCreditCode.Alphabet;

    private static string Generate(int a, int t, int r, ulong body)
    {
        var head = $"{Authorities[(int)((uint)a % Authorities.Length)]}{1 + (uint)t % 9}{Regions[(uint)r % Regions.Length]}";
        var org = new char[8];
        for (var i = 0; i < 8; i++) { org[i] = Alphabet[(int)(body % 31)]; body /= 31; }
        return Make(head, new string(org));
    }

    [Property(MaxTest = 1000)]
    public bool Generated_codes_validate(int a, int t, int r, ulong body)
        => UnifiedSocialCreditCode.Check(Generate(a, t, r, body)).Status == CreditCodeStatus.Valid;

    [Property(MaxTest = 1000)]
    public bool Changing_any_single_character_breaks_it(int a, int t, int r, ulong body, int posSeed, int deltaSeed)
    {
        var code = Generate(a, t, r, body).ToCharArray();
        var pos = (int)((uint)posSeed % 18);
        code[pos] = Alphabet[(UnifiedSocialCreditCode.ValueOf(code[pos]) + 1 + (int)((uint)deltaSeed % 30)) % 31];
        return !UnifiedSocialCreditCode.Check(new string(code)).IsAcceptable;
    }

    [Property(MaxTest = 1000)]
    public bool Lower_casing_keeps_it_acceptable(int a, int t, int r, ulong body)
    {
        var code = Generate(a, t, r, body);
        var lower = code.ToLowerInvariant();
        var status = UnifiedSocialCreditCode.Check(lower).Status;
        return lower == code ? status == CreditCodeStatus.Valid : status == CreditCodeStatus.LowercaseLetters;
    }

    [Property(MaxTest = 500)]
    public bool Never_throws_on_arbitrary_strings(string? s)
    {
        UnifiedSocialCreditCode.Check(s ?? "");
        return true;
    }
}
