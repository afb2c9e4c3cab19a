using FsCheck.Xunit;
using Shuzhi.Core.Datasets;

namespace Shuzhi.Core.Tests.Datasets;

public class TextNormaliserTests
{
    [Theory]
    [InlineData("１２３", "123", NormaliseChanges.FullWidth)]
    [InlineData("ＡＢＣｘｙｚ", "ABCxyz", NormaliseChanges.FullWidth)]
    [InlineData("（一）：１，２－３．４／５", "(一):1,2-3.4/5", NormaliseChanges.FullWidth)]
    [InlineData("　123　", "123", NormaliseChanges.Trimmed)]
    [InlineData("\u00A0 123\t\r\n", "123", NormaliseChanges.Trimmed)]
    [InlineData("\uFEFF123\u200B", "123", NormaliseChanges.Trimmed)]
    [InlineData("张　三", "张 三", NormaliseChanges.FullWidth)]
    [InlineData("1\u00A0000", "1 000", NormaliseChanges.OtherCharacters)]
    [InlineData("\u22125", "-5", NormaliseChanges.OtherCharacters)]
    [InlineData(" ５ ", "5", NormaliseChanges.Trimmed | NormaliseChanges.FullWidth)]
    [InlineData("贵州省贵阳市", "贵州省贵阳市", NormaliseChanges.None)]
    [InlineData("。、“”", "。、“”", NormaliseChanges.None)]   // CJK punctuation outside the full-width ASCII block is kept
    [InlineData("", "", NormaliseChanges.None)]
    [InlineData("   ", "", NormaliseChanges.Trimmed)]
    public void Table(string input, string expected, NormaliseChanges changes)
    {
        Assert.Equal(expected, TextNormaliser.Normalise(input, out var c));
        Assert.Equal(changes, c);
        Assert.Equal(changes == NormaliseChanges.None, TextNormaliser.IsNormal(input));
    }

    [Fact]
    public void Unchanged_strings_are_returned_as_the_same_instance()
    {
        var s = "91520100MA6DKQ7Y2R";
        Assert.Same(s, TextNormaliser.Normalise(s, out var c));
        Assert.Equal(NormaliseChanges.None, c);
    }

    [Fact]
    public void Span_form_writes_into_the_destination()
    {
        Span<char> dest = stackalloc char[10];
        var c = TextNormaliser.Normalise(" １２．５ ", dest, out var n);
        Assert.Equal("12.5", dest[..n].ToString());
        Assert.Equal(NormaliseChanges.Trimmed | NormaliseChanges.FullWidth, c);
        Assert.Throws<ArgumentException>(() => TextNormaliser.Normalise("12345", new char[3], out _));
    }

    [Fact]
    public void Every_full_width_ascii_character_maps_to_its_ascii_twin()
    {
        for (var c = '\uFF01'; c <= '\uFF5E'; c++)
            Assert.Equal(((char)(c - 0xFEE0)).ToString(), TextNormaliser.Normalise("a" + c + "a")[1..2]);
    }

    [Fact]
    public void Trim_only_trims() => Assert.Equal("１２", TextNormaliser.Trim("　１２ ").ToString());

    [Property(MaxTest = 1000)]
    public bool Normalisation_is_idempotent(string? s)
    {
        var once = TextNormaliser.Normalise(s ?? "");
        var twice = TextNormaliser.Normalise(once, out var c);
        return once == twice && c == NormaliseChanges.None && TextNormaliser.IsNormal(once);
    }

    [Property(MaxTest = 1000)]
    public bool Output_is_never_longer_and_has_no_full_width_ascii(string? s)
    {
        var input = s ?? "";
        var o = TextNormaliser.Normalise(input);
        return o.Length <= input.Length && !o.Any(ch => ch is >= '\uFF01' and <= '\uFF5E' or '\u3000' or '\u00A0');
    }

    [Property(MaxTest = 500)]
    public bool Full_width_digits_of_any_number_read_as_the_number(uint n)
    {
        var ascii = n.ToString();
        var full = new string(ascii.Select(ch => (char)(ch + 0xFEE0)).ToArray());
        return TextNormaliser.Normalise(full) == ascii;
    }
}
