using Shuzhi.Platform.Portal.Backoffice;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// What the sensitive-field scan calls personal in a value (docs/portal-backoffice.md): ID numbers, mobiles, bank cards,
/// e-mail — but never an organisation's unified social credit code (GB 32100, public by law), though an all-digit
/// one passes the bank-card (Luhn) check. The demo's 企业登记信息 was held from publication by exactly that.
/// </summary>
public sealed class SensitiveScanValuesTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static List<string> Kinds(string text) => SensitiveScanner.Values(text, Today).Select(v => v.Kind).ToList();

    [Fact]
    public void A_credit_code_is_not_personal_data_but_an_ID_number_a_mobile_and_a_bank_card_are()
    {
        // All-digit credit codes of the demo's enterprises: valid GB 32100 and Luhn-valid 18 digits.
        foreach (var code in new[] { "915201021003167666", "915201031003959516", "915201021006335268" })
            Assert.Empty(Kinds(code));
        // Nor the digits inside a credit code that ends in a letter (its first 17 digits can pass Luhn too).
        foreach (var code in new[] { "91520103100079190F", "91520302100158382P", "91520303100237574J", "91520302100475142R", "91520303100554334L" })
            Assert.Empty(Kinds(code));
        Assert.Equal(["resident-id"], Kinds(Datasets.DatasetTestData.Id(1)));
        Assert.Equal(["resident-id"], Kinds("身份证：" + Datasets.DatasetTestData.Id(2) + "，"));
        Assert.Equal(["mobile"], Kinds("联系电话 13812345678"));
        Assert.Equal(["bank-card"], Kinds("卡号 4111111111111111")); // 16 digits, Luhn-valid
        Assert.Equal(["email"], Kinds("zhang@example.cn"));
    }
}
