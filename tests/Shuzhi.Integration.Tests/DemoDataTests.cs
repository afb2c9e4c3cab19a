using Shuzhi.Core.Identifiers;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests;

/// <summary>The demo data must itself pass the platform's rules.</summary>
public sealed class DemoDataTests
{
    [Fact]
    public void Every_demo_credit_code_is_a_valid_GB_32100_code()
    {
        var codes = DemoDirectory.Bodies().Where(b => b.CreditCode is not null).Select(b => b.CreditCode!).ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.Equal(CreditCodeStatus.Valid, UnifiedSocialCreditCode.Check(c).Status));
    }

    [Fact]
    public void Every_demo_division_has_a_GB_T_2260_code()
        => Assert.All(DemoDirectory.Divisions, d => Assert.True(DivisionCode.Check(d.Code).Status == DivisionCodeStatus.Valid, d.Code));
}
