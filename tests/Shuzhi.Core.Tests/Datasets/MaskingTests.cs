using System.Text;
using FsCheck.Xunit;
using Shuzhi.Core.Datasets;

namespace Shuzhi.Core.Tests.Datasets;

public class MaskingTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("shuzhi-test-key");

    [Theory]
    [InlineData("11010519491231002X", 6, 4, "110105********002X")]
    [InlineData("13800138000", 3, 4, "138****8000")]
    [InlineData("贵州省贵阳市观山湖区长岭北路", 6, 0, "贵州省贵阳市********")]
    [InlineData("张三", 1, 0, "张*")]
    [InlineData("张", 1, 0, "*")]              // at least one character is always masked
    [InlineData("12", 3, 4, "**")]
    [InlineData("123", 3, 4, "1**")]
    [InlineData("1234567", 3, 4, "123****")]   // too short for the rule: at most (7 − 1) / 2 shown
    [InlineData("12345678", 3, 4, "123*5678")]
    [InlineData("abc", 0, 0, "***")]
    [InlineData("", 3, 4, "")]
    [InlineData("𠮷野家", 1, 0, "𠮷**")]        // a supplementary-plane character counts as one
    [InlineData("家𠮷野𠮷", 1, 1, "家**𠮷")]
    public void Keep_first_last(string value, int first, int last, string expected)
        => Assert.Equal(expected, Masking.KeepFirstLast(value, first, last));

    [Fact]
    public void Custom_mask_character() => Assert.Equal("138####8000", Masking.KeepFirstLast("13800138000", 3, 4, '#'));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("王小明", "王**")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("诸葛孔明", "诸葛**")]
    [InlineData("欧阳", "欧*")]               // two characters: 欧 is the surname, 阳 the given name
    [InlineData("司马光", "司马*")]
    [InlineData(" 李四 ", "李*")]
    public void Names_keep_the_surname(string name, string expected) => Assert.Equal(expected, Masking.KeepSurname(name));

    [Fact]
    public void Keyed_hash_is_hmac_sm3_as_computed_by_openssl()
    {
        // reference values from OpenSSL 3 via Python: hmac.new(b'shuzhi-test-key', value.encode(), 'sm3').hexdigest()
        Assert.Equal("0fc586af06b31593306794a90e37f1d6fb1b8a42d611700869963a59d5a3edf6", Masking.KeyedHash("11010519491231002X", Key));
        Assert.Equal("dd04e667b89e3b022b95d694922c1f1d148c248694d5d04143d92138fdd97611", Masking.KeyedHash("张三", Key));
        // a key longer than the 64-byte block is hashed first (RFC 2104)
        Assert.Equal("2d87dd3ffa1452e8e40d9123a02824fb7dd98ae4a52683287245f1736dc610ef", Masking.KeyedHash("abc", Encoding.ASCII.GetBytes(new string('k', 100))));
    }

    [Fact]
    public void A_hasher_is_reusable_and_rejects_an_empty_key()
    {
        var h = new KeyedHasher(Key);
        var a = h.Hash("x");
        Assert.Equal(a, h.Hash("x"));
        Assert.Equal(a, Masking.KeyedHash("x", Key));
        Assert.Throws<ArgumentException>(() => new KeyedHasher([]));
    }

    [Property(MaxTest = 300)]
    public bool Hash_is_deterministic_64_lower_hex(string? value)
    {
        var v = value ?? "";
        var h = Masking.KeyedHash(v, Key);
        return h == new KeyedHasher(Key).Hash(v) && h.Length == 64 && h.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
    }

    [Property(MaxTest = 300)]
    public bool Hash_depends_on_key_and_value(string? value, byte[]? otherKey)
    {
        var v = value ?? "";
        var k2 = otherKey is { Length: > 0 } ? otherKey : [1];
        var differentKey = k2.AsSpan().SequenceEqual(Key) || Masking.KeyedHash(v, k2) != Masking.KeyedHash(v, Key);
        var differentValue = Masking.KeyedHash(v + "1", Key) != Masking.KeyedHash(v, Key);
        return differentKey && differentValue;
    }

    [Theory]
    [InlineData("2023-05-17", DatePrecision.Month, "2023-05")]
    [InlineData("2023-05-17", DatePrecision.Year, "2023")]
    [InlineData("2023年5月17日", DatePrecision.Month, "2023-05")]
    [InlineData("20230517", DatePrecision.Month, "2023-05")]
    [InlineData("2023/5/17 08:30", DatePrecision.Month, "2023-05")]
    [InlineData("１９４９－１２－３１", DatePrecision.Year, "1949")]
    [InlineData("not a date", DatePrecision.Month, null)]
    [InlineData("", DatePrecision.Year, null)]
    public void Generalise_dates(string value, DatePrecision to, string? expected) => Assert.Equal(expected, Masking.GeneraliseDate(value, to));

    // ------------------------------------------------------------- rules

    [Theory]
    [InlineData("none", MaskKind.None, 0, 0, "none")]
    [InlineData("keep:6,4", MaskKind.Keep, 6, 4, "keep:6,4")]
    [InlineData(" KEEP : 3 , 4 ", MaskKind.Keep, 3, 4, "keep:3,4")]
    [InlineData("keep:6", MaskKind.Keep, 6, 0, "keep:6,0")]
    [InlineData("keep:0,0", MaskKind.Keep, 0, 0, "keep:0,0")]
    [InlineData("name", MaskKind.Name, 0, 0, "name")]
    [InlineData("hash", MaskKind.Hash, 0, 0, "hash")]
    [InlineData("Month", MaskKind.Month, 0, 0, "month")]
    [InlineData("year", MaskKind.Year, 0, 0, "year")]
    [InlineData("drop", MaskKind.Drop, 0, 0, "drop")]
    public void Rules_parse_and_format(string text, MaskKind kind, int first, int last, string canonical)
    {
        var r = MaskRule.Parse(text);
        Assert.Equal(new MaskRule(kind, first, last), r);
        Assert.Equal(canonical, r.ToString());
        Assert.Equal(r, MaskRule.Parse(r.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("blur", "unknown mask rule 'blur'")]
    [InlineData("keep", "needs counts")]
    [InlineData("keep:", "needs counts")]
    [InlineData("keep:a,4", "first count 'a' is not a whole number")]
    [InlineData("keep:6,-1", "last count '-1' is not a whole number")]
    [InlineData("keep:6,4,2", "at most two counts")]
    [InlineData("keep:65,0", "first count 65 is more than 64")]
    [InlineData("hash:sha1", "'hash' takes no parameters")]
    public void Bad_rules_name_the_problem(string? text, string fragment)
    {
        Assert.False(MaskRule.TryParse(text, out _, out var error));
        Assert.Contains(fragment, error);
        if (text is not null) Assert.Contains(fragment, Assert.Throws<FormatException>(() => MaskRule.Parse(text)).Message);
    }

    [Fact]
    public void Rules_apply()
    {
        var hasher = new KeyedHasher(Key);
        Assert.Equal("110105********002X", MaskRule.Parse("keep:6,4").Apply("11010519491231002X"));
        Assert.Equal("欧阳**", MaskRule.Name.Apply("欧阳娜娜"));
        Assert.Equal(Masking.KeyedHash("张三", Key), MaskRule.Hash.Apply("张三", hasher));
        Assert.Equal("2023-05", MaskRule.Month.Apply("2023-05-17"));
        Assert.Equal("2023", MaskRule.Year.Apply("2023-05-17"));
        Assert.Null(MaskRule.Drop.Apply("secret"));
        Assert.Equal("public", MaskRule.None.Apply("public"));
        Assert.Null(MaskRule.Keep(3, 4).Apply(null));
        Assert.Throws<InvalidOperationException>(() => MaskRule.Hash.Apply("x"));
    }

    [Theory]
    [InlineData(FieldKind.ResidentId, "keep:6,4")]
    [InlineData(FieldKind.PersonName, "name")]
    [InlineData(FieldKind.Mobile, "keep:3,4")]
    [InlineData(FieldKind.Address, "keep:6,0")]
    [InlineData(FieldKind.CreditCode, "none")]
    [InlineData(FieldKind.BirthDate, "year")]
    [InlineData(FieldKind.Other, "none")]
    public void Defaults(FieldKind kind, string rule) => Assert.Equal(rule, MaskDefaults.For(kind).ToString());

    [Theory]
    [InlineData("姓名", ColumnType.Text, FieldKind.PersonName)]
    [InlineData("法定代表人", ColumnType.Text, FieldKind.PersonName)]
    [InlineData("name", ColumnType.Text, FieldKind.PersonName)]
    [InlineData("company_name", ColumnType.Text, FieldKind.Other)]
    [InlineData("单位名称", ColumnType.Text, FieldKind.Other)]
    [InlineData("住址", ColumnType.Text, FieldKind.Address)]
    [InlineData("注册地址", ColumnType.Text, FieldKind.Address)]
    [InlineData("出生日期", ColumnType.Date, FieldKind.BirthDate)]
    [InlineData("证件号码", ColumnType.ResidentId, FieldKind.ResidentId)]
    [InlineData("x", ColumnType.Mobile, FieldKind.Mobile)]
    [InlineData("x", ColumnType.CreditCode, FieldKind.CreditCode)]
    [InlineData("金额", ColumnType.Decimal, FieldKind.Other)]
    public void Field_kinds_are_guessed(string header, ColumnType type, FieldKind expected)
        => Assert.Equal(expected, MaskDefaults.GuessKind(header, type));

    // ------------------------------------------------------------- properties

    [Property(MaxTest = 1000)]
    public bool Masked_positions_never_show_the_original(string? value, int firstSeed, int lastSeed)
    {
        var v = (value ?? "").Replace("*", "", StringComparison.Ordinal);
        var first = (int)((uint)firstSeed % 8);
        var last = (int)((uint)lastSeed % 8);
        var masked = Masking.KeepFirstLast(v, first, last);
        var src = v.EnumerateRunes().ToArray();
        var dst = masked.EnumerateRunes().ToArray();
        if (src.Length != dst.Length) return false;
        if (src.Length == 0) return true;
        var starred = dst.Count(r => r.Value == '*');
        if (starred < 1) return false; // something is always hidden
        if (first + last >= src.Length && starred * 2 < src.Length) return false; // short values: at least half hidden
        for (var i = 0; i < src.Length; i++)
        {
            var kept = i < first || i >= src.Length - last;
            if (dst[i].Value == '*') continue;
            if (!kept || dst[i] != src[i]) return false;
        }
        return true;
    }

    [Property(MaxTest = 500)]
    public bool Keep_rules_round_trip(byte first, byte last)
    {
        var r = MaskRule.Keep(first % 65, last % 65);
        return MaskRule.Parse(r.ToString()) == r;
    }
}
