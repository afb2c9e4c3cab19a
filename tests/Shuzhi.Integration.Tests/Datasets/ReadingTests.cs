using System.Text;
using Shuzhi.Platform.Datasets.Reading;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>The streaming readers on the kinds of files departments send (no server needed).</summary>
public class CsvReadingTests
{
    internal static readonly Encoding Gb = LoadGb18030();

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }
    internal const string People = "姓名,身份证号,出生日期,联系电话,地址\r\n张三,11010119900307663X,1990-03-07,13800138000,北京市东城区\r\n李四,440301198512120012,1985/12/12,13912345678,深圳市福田区\r\n";

    internal static List<(long Line, string[] Cells)> ReadAll(ITabularSource s)
    {
        var rows = new List<(long, string[])>();
        while (s.Read())
        {
            var cells = new string[s.FieldCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = s.GetString(i);
            rows.Add((s.SourceLine, cells));
        }
        return rows;
    }

    internal static ITabularSource Open(byte[] bytes, string name, ReadOptions? o = null) => TabularReader.Open(new MemoryStream(bytes), name, o);

    [Fact]
    public void Gb18030_file_with_chinese_headers_is_detected_and_decoded()
    {
        using var s = Open(Gb.GetBytes(People), "人口.csv");
        Assert.Equal("gb18030", s.Detection.Encoding);
        Assert.Contains("not valid UTF-8", s.Detection.EncodingReason);
        Assert.Equal(',', s.Detection.Delimiter);
        Assert.True(s.Detection.HasHeader);
        Assert.Equal(["姓名", "身份证号", "出生日期", "联系电话", "地址"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["张三", "11010119900307663X", "1990-03-07", "13800138000", "北京市东城区"], rows[0].Cells);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("深圳市福田区", rows[1].Cells[4]);
        Assert.Equal(3, rows[1].Line);
        Assert.Equal(2, s.RowNumber);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Utf8_with_bom_does_not_leak_the_bom_into_the_first_header()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(People)).ToArray();
        using var s = Open(bytes, "people.csv");
        Assert.Equal("utf-8", s.Detection.Encoding);
        Assert.Contains("byte-order mark", s.Detection.EncodingReason);
        Assert.Equal("姓名", s.Headers[0]);
        Assert.Equal("张三", ReadAll(s)[0].Cells[0]);
    }

    [Fact]
    public void Utf8_without_bom_is_detected_and_the_encoding_can_be_forced()
    {
        var bytes = new UTF8Encoding(false).GetBytes(People);
        using (var s = Open(bytes, "people.csv"))
        {
            Assert.Equal("utf-8", s.Detection.Encoding);
            Assert.Contains("valid UTF-8", s.Detection.EncodingReason);
            Assert.Equal("李四", ReadAll(s)[1].Cells[0]);
        }
        using (var s = Open(Gb.GetBytes(People), "people.csv", new ReadOptions { Encoding = TextEncodingChoice.Gb18030 }))
        {
            Assert.Equal("set by option", s.Detection.EncodingReason);
            Assert.Equal("张三", ReadAll(s)[0].Cells[0]);
        }
    }

    [Fact]
    public void A_character_cut_by_the_64_KB_sniff_boundary_does_not_make_utf8_look_like_gb18030()
    {
        var sb = new StringBuilder("编号,名称\n");
        var i = 0;
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < 70_000) sb.Append(i++).Append(",数据共享交换平台\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        // make sure some 3-byte character straddles byte 65536 by trying offsets until one does
        for (var pad = 0; pad < 40; pad++)
        {
            var padded = Encoding.UTF8.GetBytes(new string('x', pad)).Concat(bytes).ToArray();
            if ((padded[TextSniffer_Size] & 0xC0) != 0x80) continue; // no character continues past the boundary
            using var s = Open(padded, "x.csv");
            Assert.Equal("utf-8", s.Detection.Encoding);
            Assert.Equal(i, ReadAll(s).Count);
            Assert.Empty(s.Warnings);
            return;
        }
        Assert.Fail("no padding put a character across the boundary");
    }

    private const int TextSniffer_Size = 64 * 1024;

    [Fact]
    public void Invalid_utf8_after_the_sniffed_prefix_is_reported_not_hidden()
    {
        var head = Encoding.UTF8.GetBytes("id,name\n" + string.Concat(Enumerable.Range(0, 8000).Select(n => $"{n},abcdef\n")));
        var tail = Gb.GetBytes("9999,张三\n");
        using var s = Open(head.Concat(tail).ToArray(), "x.csv");
        Assert.Equal("utf-8", s.Detection.Encoding);
        ReadAll(s);
        var w = Assert.Single(s.Warnings);
        Assert.Equal("encoding.invalid", w.Code);
        Assert.True(w.Count > 0);
    }

    [Theory]
    [InlineData('\t', "report.tsv")]
    [InlineData('\t', "report.txt")]
    [InlineData(';', "report.csv")]
    [InlineData('|', "report.txt")]
    public void Delimiter_is_detected(char d, string name)
    {
        var text = $"单位{d}地址{d}金额\n发改委{d}贵阳市观山湖区, 长岭北路{d}1200.50\n大数据局{d}\"贵阳市, 云岩区\"{d}300\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), name);
        Assert.Equal(d, s.Detection.Delimiter);
        Assert.Equal(["单位", "地址", "金额"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal("贵阳市观山湖区, 长岭北路", rows[0].Cells[1]);
        Assert.Equal("贵阳市, 云岩区", rows[1].Cells[1]);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Quoted_fields_keep_embedded_newlines_and_doubled_quotes_and_lines_stay_right()
    {
        var text = "编号,说明,备注\r\n1,\"第一行\r\n第二行\r\n第三行\",a\r\n2,\"他说\"\"你好\"\"\",b\r\n3,plain,c\r\n";
        using var s = Open(Gb.GetBytes(text), "x.csv");
        var rows = ReadAll(s);
        Assert.Equal(3, rows.Count);
        Assert.Equal("第一行\r\n第二行\r\n第三行", rows[0].Cells[1]);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("他说\"你好\"", rows[1].Cells[1]);
        Assert.Equal(5, rows[1].Line);
        Assert.Equal(6, rows[2].Line);
    }

    [Fact]
    public void Stray_quotes_do_not_fail_the_file()
    {
        var text = "名称,规格,数量\n螺丝,5\"长,3\n\"甲公司\"（简称甲）,x,4\n乙,y,5\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), "x.csv");
        var rows = ReadAll(s);
        Assert.Equal(["螺丝", "5\"长", "3"], rows[0].Cells);
        Assert.Equal(["甲公司（简称甲）", "x", "4"], rows[1].Cells);
        Assert.Equal((4L, "乙"), (rows[2].Line, rows[2].Cells[0]));
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_as_a_ragged_row_with_its_line()
    {
        var text = "a,b,c\n1,\"unclosed,3\n4,5,6\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), "x.csv");
        var rows = ReadAll(s);
        Assert.Single(rows);
        Assert.Equal([2L], s.Warnings.Single(w => w.Code == "row.too_few_fields").ExampleLines);
    }

    [Fact]
    public void Blank_rows_including_full_width_spaces_are_skipped_and_counted()
    {
        var text = "\n姓名,年龄\n张三,30\n\n,\n\u3000,\u3000\n  ,  \n李四,40\n\n\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), "x.csv");
        Assert.Equal(["姓名", "年龄"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal(2, rows.Count);
        Assert.Equal((3L, "张三"), (rows[0].Line, rows[0].Cells[0]));
        Assert.Equal((8L, "李四"), (rows[1].Line, rows[1].Cells[0]));
        Assert.Equal(4, s.SkippedBlankRows);
        Assert.Equal(2, s.TrailingBlankRows);
        Assert.Equal(2, s.RowNumber);
    }

    [Fact]
    public void Ragged_rows_are_read_and_reported_with_their_lines()
    {
        var text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n13\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), "x.csv");
        var rows = ReadAll(s);
        Assert.Equal(5, rows.Count);
        Assert.Equal(["4", "5", ""], rows[1].Cells);
        Assert.Equal(["6", "7", "8"], rows[2].Cells);
        var few = s.Warnings.Single(w => w.Code == "row.too_few_fields");
        Assert.Equal(2, few.Count);
        Assert.Equal([3L, 6L], few.ExampleLines);
        var many = s.Warnings.Single(w => w.Code == "row.too_many_fields");
        Assert.Equal([4L], many.ExampleLines);
    }

    [Fact]
    public void Blank_and_duplicate_header_names_are_made_unique_and_reported()
    {
        var text = "姓名,,姓名,地址,姓名\n张三,x,张三丰,贵阳,z\n";
        using var s = Open(Encoding.UTF8.GetBytes(text), "x.csv");
        Assert.Equal(["姓名", "列2", "姓名_2", "地址", "姓名_3"], s.Headers);
        Assert.Contains(s.Warnings, w => w.Code == "header.blank" && w.Message.Contains("列2"));
        Assert.Equal(2, s.Warnings.Count(w => w.Code == "header.duplicate"));
    }

    [Fact]
    public void A_first_row_with_numbers_or_dates_is_data_and_the_header_flag_can_be_forced()
    {
        var text = "张三,1990-03-07,30\n李四,1985年12月12日,40\n";
        using (var s = Open(Encoding.UTF8.GetBytes(text), "x.csv"))
        {
            Assert.False(s.Detection.HasHeader);
            Assert.Contains("column 2", s.Detection.HeaderReason);
            Assert.Equal(["列1", "列2", "列3"], s.Headers);
            var rows = ReadAll(s);
            Assert.Equal(2, rows.Count);
            Assert.Equal(1, rows[0].Line);
        }
        var text2 = "单位,2021年,2022年\n甲,1,2\n";
        using (var s = Open(Encoding.UTF8.GetBytes(text2), "x.csv"))
        {
            Assert.True(s.Detection.HasHeader);
            Assert.Equal(["单位", "2021年", "2022年"], s.Headers);
        }
        using (var s = Open(Encoding.UTF8.GetBytes("甲,乙\n丙,丁\n"), "x.csv", new ReadOptions { HasHeader = false }))
        {
            Assert.Equal(2, ReadAll(s).Count);
        }
    }

    [Fact]
    public void Title_rows_above_the_header_are_skipped_and_reported()
    {
        var text = "2023年贵阳市企业名录,,\n单位：万元\n\n名称,统一社会信用代码,注册资本\n甲公司,91520100MA6DKXXX1X,100\n";
        using var s = Open(Gb.GetBytes(text), "x.csv");
        Assert.Equal(',', s.Detection.Delimiter);
        Assert.True(s.Detection.HasHeader);
        Assert.Equal(["名称", "统一社会信用代码", "注册资本"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal((5L, "甲公司"), (rows.Single().Line, rows.Single().Cells[0]));
        var titles = s.Warnings.Where(w => w.Code == "header.title_skipped").ToList();
        Assert.Equal(2, titles.Count);
        Assert.Contains("2023年贵阳市企业名录", titles[0].Message);
        Assert.Equal([2L], titles[1].ExampleLines);
    }

    [Fact]
    public void A_single_column_file_has_no_title_row()
    {
        using var s = Open(Encoding.UTF8.GetBytes("姓名\n张三\n李四\n"), "x.csv");
        Assert.Equal(["姓名"], s.Headers);
        Assert.Equal(2, ReadAll(s).Count);
    }

    [Fact]
    public void Cli_spellings_of_encoding_and_delimiter_are_understood()
    {
        Assert.Equal(TextEncodingChoice.Gb18030, ReadOptions.ParseEncoding("GBK"));
        Assert.Equal(TextEncodingChoice.Utf8, ReadOptions.ParseEncoding("utf-8"));
        Assert.Equal(TextEncodingChoice.Auto, ReadOptions.ParseEncoding(null));
        Assert.Throws<ArgumentException>(() => ReadOptions.ParseEncoding("big5"));
        Assert.Equal('\t', ReadOptions.ParseDelimiter("tab"));
        Assert.Null(ReadOptions.ParseDelimiter("auto"));
    }

    [Fact]
    public void A_non_seekable_upload_stream_is_read_the_same()
    {
        using var s = TabularReader.Open(new OneWayStream(Gb.GetBytes(People)), "upload.csv");
        Assert.Equal("gb18030", s.Detection.Encoding);
        Assert.Null(s.TotalBytes);
        Assert.Equal(2, ReadAll(s).Count);
        Assert.Equal(Gb.GetBytes(People).Length, s.BytesRead);
    }

    [Fact]
    public void A_spreadsheet_name_on_a_text_file_is_read_as_csv_and_html_is_refused()
    {
        using (var s = Open(Gb.GetBytes(People.Replace(',', '\t')), "导出.xls"))
        {
            Assert.Equal(SourceFormat.Csv, s.Detection.Format);
            Assert.Equal('\t', s.Detection.Delimiter);
            Assert.Equal(2, ReadAll(s).Count);
            Assert.Contains(s.Warnings, w => w.Code == "format.disguised_text");
        }
        var e = Assert.Throws<TabularReadException>(() => Open(Encoding.UTF8.GetBytes("<html><table><tr><td>1</td></tr></table></html>"), "导出.xls"));
        Assert.Contains("HTML", e.Message);
    }

    [Fact]
    public async Task Inspector_reports_detection_headers_and_a_preview_of_20_rows()
    {
        var sb = new StringBuilder("姓名,年龄\n");
        for (var i = 0; i < 50; i++) sb.Append($"人{i},{20 + i}\n");
        var r = await FileInspector.InspectAsync(new MemoryStream(Gb.GetBytes(sb.ToString())), "a.csv");
        Assert.Equal(SourceFormat.Csv, r.Detection.Format);
        Assert.Equal("gb18030", r.Detection.Encoding);
        Assert.Equal(["姓名", "年龄"], r.Headers);
        Assert.Equal(20, r.Preview.Count);
        Assert.Equal(["人19", "39"], r.Preview[19]);
        Assert.Equal(21, r.PreviewLines[19]);
    }
}

/// <summary>A read-only stream that cannot seek or tell its length, like an HTTP request body.</summary>
internal sealed class OneWayStream(byte[] data) : Stream
{
    private readonly MemoryStream inner = new(data);
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
