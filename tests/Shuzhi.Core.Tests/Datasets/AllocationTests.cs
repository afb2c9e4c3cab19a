using Shuzhi.Core.Datasets;
using Shuzhi.Core.Identifiers;

namespace Shuzhi.Core.Tests.Datasets;

/// <summary>The per-cell checks run on every cell of million-row files: they must not allocate.</summary>
public class AllocationTests
{
    private static readonly DateOnly Today = new(2026, 9, 30);

    private static readonly string[] Cells =
    [
        "11010519491231002X", "11010519491231002x", "110105491231002", "110105194912310021", "91350100M000100Y43",
        "91350100m000100y43", "+86 138-0013-8000", "13800138000", "１２３", " 1,234.56 ", "¥1,234.00", "'123", "是", "FALSE",
        "2023-05-01", "2023年5月1日", "20230501", "45047", "2023/5/1 8:05:00", "2023年5月1日 12时30分", "2023-05-01T12:30:00+08:00",
        "1.10101E+17", "张三", "贵州省贵阳市观山湖区", "", "520102",
    ];

    private static void RunAll()
    {
        Span<char> dest = stackalloc char[64];
        foreach (var c in Cells)
        {
            _ = ResidentIdNumber.Check(c, Today);
            _ = UnifiedSocialCreditCode.Check(c);
            _ = MobileNumber.Check(c);
            _ = DivisionCode.Check(c);
            _ = TextNormaliser.Normalise(c, dest, out _);
            _ = TextNormaliser.IsNormal(c);
            _ = ValueParser.Integer(c);
            _ = ValueParser.Decimal(c);
            _ = ValueParser.Boolean(c);
            _ = ValueParser.Date(c, true);
            _ = ValueParser.DateTime(c, true);
            _ = ScientificNotationIdentifier.Inspect(c);
            _ = MachineReadability.Inspect(c);
        }
    }

    [Fact]
    public void Cell_checks_and_parsers_do_not_allocate()
    {
        for (var i = 0; i < 50; i++) RunAll(); // warm up (JIT, statics)
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Normalising_an_already_normal_string_does_not_allocate()
    {
        const string s = "91520100MA6DKQ7Y2R";
        _ = TextNormaliser.Normalise(s);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) _ = TextNormaliser.Normalise(s, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
