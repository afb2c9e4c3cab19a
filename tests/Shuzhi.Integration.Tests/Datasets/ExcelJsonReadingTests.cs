using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shuzhi.Platform.Datasets.Reading;
using static Shuzhi.Integration.Tests.Datasets.CsvReadingTests;

namespace Shuzhi.Integration.Tests.Datasets;

public class ExcelReadingTests
{
    /// <summary>Builds an .xlsx the way Excel stores it: numbers as numbers, dates as serials with a date format, text inline.</summary>
    internal static byte[] Xlsx(params (string Sheet, object?[][] Rows)[] sheets)
    {
        var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook(new Sheets());
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellFormats(
                    new CellFormat(),
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true },
                    new CellFormat { FillId = 1, ApplyFill = true }) { Count = 4 });
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = wb.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                uint r = 1;
                foreach (var row in rows)
                {
                    var xr = new Row { RowIndex = r };
                    for (var c = 0; c < row.Length; c++)
                    {
                        var cell = new Cell { CellReference = $"{(char)('A' + c)}{r}" };
                        switch (row[c])
                        {
                            case null: continue;
                            case "<formatted-empty>": cell.StyleIndex = 3; break;
                            case string s: cell.DataType = CellValues.InlineString; cell.InlineString = new InlineString(new Text(s)); break;
                            case DateTime d:
                                cell.CellValue = new CellValue(d.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture));
                                cell.StyleIndex = d.TimeOfDay == TimeSpan.Zero ? 1u : 2u; break;
                            case bool b: cell.DataType = CellValues.Boolean; cell.CellValue = new CellValue(b ? "1" : "0"); break;
                            case IConvertible n: cell.CellValue = new CellValue(Convert.ToDouble(n).ToString("R", System.Globalization.CultureInfo.InvariantCulture)); break;
                        }
                        xr.Append(cell);
                    }
                    data.Append(xr);
                    r++;
                }
                part.Worksheet = new Worksheet(data);
                wb.Workbook.Sheets!.Append(new Sheet { Id = wb.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }

    private static readonly object?[][] PeopleRows =
    [
        ["姓名", "身份证号", "出生日期", "登记时间", "金额", "已核验", "备注"],
        ["张三", 110101199003076631d, new DateTime(1990, 3, 7), new DateTime(2023, 5, 1, 9, 30, 0), 1234.5, true, null],
        ["李四", "44030119851212001X", new DateTime(1985, 12, 12), new DateTime(2023, 5, 2, 14, 0, 5), 13800138000d, false, "文本身份证号"],
        [null, null, null, null, null, null, null],
        ["王五", "520102200001010012", new DateTime(2000, 1, 1), new DateTime(2024, 1, 1), -3, true, null],
        ["<formatted-empty>", "<formatted-empty>", "<formatted-empty>"],
        ["<formatted-empty>", "<formatted-empty>"],
    ];

    [Fact]
    public void Xlsx_cells_come_back_as_the_user_sees_them_with_kind_and_raw_number()
    {
        using var s = Open(Xlsx(("人口", PeopleRows)), "人口.xlsx");
        Assert.Equal(SourceFormat.Xlsx, s.Detection.Format);
        Assert.Equal("人口", s.Detection.SheetName);
        Assert.True(s.Detection.HasHeader);
        Assert.Equal(["姓名", "身份证号", "出生日期", "登记时间", "金额", "已核验", "备注"], s.Headers);

        Assert.True(s.Read());
        Assert.Equal(2, s.SourceLine);
        Assert.Equal("1.10101E+17", s.GetString(1));          // what Excel shows for an 18-digit ID stored as a number
        Assert.Equal(CellKind.Number, s.GetKind(1));
        Assert.True(s.TryGetRawNumber(1, out var raw));
        Assert.Equal(110101199003076631d, raw);
        Assert.Equal(("1990-03-07", CellKind.Date), (s.GetString(2), s.GetKind(2)));
        Assert.Equal("2023-05-01T09:30:00", s.GetString(3));
        Assert.Equal(("1234.5", CellKind.Number), (s.GetString(4), s.GetKind(4)));
        Assert.Equal(("TRUE", CellKind.Boolean), (s.GetString(5), s.GetKind(5)));
        Assert.Equal(("", CellKind.Empty), (s.GetString(6), s.GetKind(6)));

        Assert.True(s.Read());
        Assert.Equal(("44030119851212001X", CellKind.Text), (s.GetString(1), s.GetKind(1)));
        Assert.False(s.TryGetRawNumber(1, out _));
        Assert.Equal("13800138000", s.GetString(4));

        Assert.True(s.Read());
        Assert.Equal(5, s.SourceLine);
        Assert.Equal("王五", s.GetString(0));
        Assert.Equal("-3", s.GetString(4));
        Assert.Equal("2024-01-01", s.GetString(3));
        Assert.False(s.Read());
        Assert.Equal(3, s.RowNumber);
        Assert.Equal(1, s.SkippedBlankRows);
        Assert.True(s.TrailingBlankRows >= 2);
    }

    [Fact]
    public void A_named_sheet_is_read_and_a_missing_one_is_named_in_the_error()
    {
        var bytes = Xlsx(("说明", [["本表为示例"]]), ("数据", [["单位", "人数"], ["甲", 3], ["乙", 4]]));
        using (var s = Open(bytes, "a.xlsx"))
        {
            Assert.Equal("说明", s.Detection.SheetName);
            Assert.Equal(["说明", "数据"], s.Detection.SheetNames);
        }
        using (var s = TabularReader.Open(new OneWayStream(bytes), "a.xlsx", new ReadOptions { SheetName = "数据" }))
        {
            Assert.Equal(["单位", "人数"], s.Headers);
            var rows = ReadAll(s);
            Assert.Equal([["甲", "3"], ["乙", "4"]], rows.Select(r => r.Cells));
        }
        var e = Assert.Throws<TabularReadException>(() => Open(bytes, "a.xlsx", new ReadOptions { SheetName = "汇总" }));
        Assert.Contains("说明, 数据", e.Message);
    }

    [Fact]
    public void A_title_row_above_the_sheet_header_is_skipped()
    {
        using var s = Open(Xlsx(("S", [["2023年贵阳市企业名录"], ["名称", "注册资本"], ["甲公司", 100]])), "a.xlsx");
        Assert.Equal(["名称", "注册资本"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal((3L, "100"), (rows.Single().Line, rows.Single().Cells[1]));
        Assert.Contains(s.Warnings, w => w.Code == "header.title_skipped" && w.ExampleLines.SequenceEqual([1L]));
    }

    [Fact]
    public void A_sheet_starting_with_numbers_has_no_header()
    {
        using var s = Open(Xlsx(("S", [[1, "甲"], [2, "乙"]])), "a.xlsx");
        Assert.False(s.Detection.HasHeader);
        Assert.Equal(["列1", "列2"], s.Headers);
        Assert.Equal(2, ReadAll(s).Count);
    }

    [Fact]
    public void General_format_matches_what_excel_displays()
    {
        Assert.Equal("1.10101E+17", ExcelSourceGeneral(110101199003076631d));
        Assert.Equal("13800138000", ExcelSourceGeneral(13800138000d));
        Assert.Equal("1.23457E+11", ExcelSourceGeneral(123456789012d));
        Assert.Equal("0.1", ExcelSourceGeneral(0.1));
        Assert.Equal("42", ExcelSourceGeneral(42));
    }

    private static string Fixture(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    [Fact]
    public void Legacy_xls_is_read_with_kinds_dates_and_blank_rows()
    {
        // Fixtures/people.xls is a BIFF8 workbook written by SheetJS (Fixtures/make-people-xls.js); no Excel needed.
        using var s = TabularReader.Open(Fixture("people.xls"));
        Assert.Equal(SourceFormat.Xls, s.Detection.Format);
        Assert.Equal(["人口", "汇总"], s.Detection.SheetNames);
        Assert.Equal(["姓名", "身份证号", "出生日期", "金额", "备注"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["张三", "1.10101E+17", "1990-03-07", "1234.5", "数字存储的身份证号"], rows[0].Cells);
        Assert.Equal(["李四", "44030119851212001X", "1985-12-12", "13800138000", ""], rows[1].Cells);
        Assert.Equal((5L, "王五"), (rows[2].Line, rows[2].Cells[0]));
        Assert.Equal(1, s.SkippedBlankRows);
        using var named = TabularReader.Open(new FileStream(Fixture("people.xls"), FileMode.Open, FileAccess.Read), "x.xls", new ReadOptions { SheetName = "汇总" });
        Assert.Equal(["单位", "人数"], named.Headers);
        Assert.True(named.Read());
        Assert.Equal(CellKind.Number, named.GetKind(1));
    }

    private static string ExcelSourceGeneral(double d)
    {
        using var s = Open(Xlsx(("S", [["v"], [d]])), "a.xlsx");
        Assert.True(s.Read());
        return s.GetString(0);
    }
}

public class JsonReadingTests
{
    [Fact]
    public void Json_array_of_objects_gives_columns_in_first_seen_order_with_nested_text_numbers_and_nulls()
    {
        var json = """
            [
              {"姓名": "张三", "年龄": 30, "标签": ["a", "b"], "地址": {"省": "贵州", "市": "贵阳"}, "备注": null},
              {"姓名": "李四", "年龄": 4.50e1, "已婚": true, "备注": "有\"引号\"\n换行"},
              {},
              {"姓名": "王五"}
            ]
            """;
        using var s = Open(Encoding.UTF8.GetBytes(json), "people.json");
        Assert.Equal(SourceFormat.Json, s.Detection.Format);
        Assert.Equal(["姓名", "年龄", "标签", "地址", "备注", "已婚"], s.Headers);
        Assert.True(s.Read());
        Assert.Equal(2, s.SourceLine);
        Assert.Equal("30", s.GetString(1));
        Assert.Equal(CellKind.Number, s.GetKind(1));
        Assert.Equal("""["a", "b"]""", s.GetString(2));
        Assert.Equal("""{"省": "贵州", "市": "贵阳"}""", s.GetString(3));
        Assert.Equal(("", CellKind.Empty), (s.GetString(4), s.GetKind(4)));
        Assert.True(s.Read());
        Assert.Equal("4.50e1", s.GetString(1));
        Assert.True(s.TryGetRawNumber(1, out var n));
        Assert.Equal(45, n);
        Assert.Equal(("true", CellKind.Boolean), (s.GetString(5), s.GetKind(5)));
        Assert.Equal("有\"引号\"\n换行", s.GetString(4));
        Assert.True(s.Read());
        Assert.Equal(("王五", 5L), (s.GetString(0), s.SourceLine));
        Assert.False(s.Read());
        Assert.Equal(1, s.SkippedBlankRows);
    }

    [Fact]
    public void An_object_with_an_array_property_is_read_from_that_array()
    {
        var json = """{"total": 2, "meta": {"x": [1]}, "rows": [{"a": 1}, {"a": 2}], "more": []}""";
        using var s = Open(Encoding.UTF8.GetBytes(json), "export.json");
        Assert.Equal("rows", s.Detection.JsonArrayProperty);
        Assert.Equal(["1", "2"], ReadAll(s).Select(r => r.Cells[0]));
    }

    [Fact]
    public void Json_lines_stream_and_keys_first_seen_after_the_sample_are_reported()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5000; i++) sb.Append($"{{\"id\": {i}, \"name\": \"名{i}\"}}\n");
        sb.Append("\n{\"id\": 5000, \"name\": \"x\", \"late\": 1}\n");
        using var s = TabularReader.Open(new OneWayStream(Encoding.UTF8.GetBytes(sb.ToString())), "a.ndjson", new ReadOptions { JsonHeaderSample = 100 });
        Assert.Equal(SourceFormat.JsonLines, s.Detection.Format);
        Assert.Equal(["id", "name"], s.Headers);
        var rows = ReadAll(s);
        Assert.Equal(5001, rows.Count);
        Assert.Equal(("4999", "名4999", 5000L), (rows[4999].Cells[0], rows[4999].Cells[1], rows[4999].Line));
        Assert.Equal(5002, rows[5000].Line);
        var w = Assert.Single(s.Warnings);
        Assert.Equal("json.unknown_key", w.Code);
        Assert.Contains("late", w.Message);
        Assert.Equal([5002L], w.ExampleLines);
    }

    [Fact]
    public void Malformed_json_fails_with_the_line()
    {
        var json = "[\n{\"a\": 1},\n{\"a\": 2,,}\n]";
        var e = Assert.Throws<TabularReadException>(() => ReadAll(Open(Encoding.UTF8.GetBytes(json), "a.json")));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Non_object_elements_are_skipped_and_reported()
    {
        using var s = Open(Encoding.UTF8.GetBytes("[{\"a\":1}, 5, \"x\", {\"a\":2}]"), "a.json");
        Assert.Equal(2, ReadAll(s).Count);
        Assert.Equal(2, s.Warnings.Single(w => w.Code == "json.not_object").Count);
    }
}

/// <summary>Runs alone: it measures the process's managed heap.</summary>
[CollectionDefinition(nameof(MemoryMeasuring), DisableParallelization = true)]
public class MemoryMeasuring;

[Collection(nameof(MemoryMeasuring))]
public class StreamingReadTests
{
    [Fact]
    public void A_200_MB_csv_streams_end_to_end_in_bounded_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"shuzhi-stream-{Guid.NewGuid():N}.csv");
        try
        {
            long rowsWritten = 0;
            using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var header = Gb.GetBytes("序号,姓名,身份证号,出生日期,联系电话,地址,金额,备注\n");
                f.Write(header);
                long written = header.Length;
                var body = Gb.GetBytes(",张三丰,52010219900307663X,1990-03-07,13800138000,\"贵州省贵阳市观山湖区长岭北路, 数据大厦\",12345.67,\"多行\n备注\"\n");
                Span<byte> num = stackalloc byte[20];
                while (written < 200L * 1024 * 1024)
                {
                    System.Buffers.Text.Utf8Formatter.TryFormat(rowsWritten++, num, out var k);
                    f.Write(num[..k]);
                    f.Write(body);
                    written += k + body.Length;
                }
            }
            var size = new FileInfo(path).Length;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var baseline = GC.GetTotalMemory(true);
            long peak = 0, rows = 0, lastLine = 0;
            using (var s = TabularReader.Open(path))
            {
                Assert.Equal("gb18030", s.Detection.Encoding);
                Assert.Equal(8, s.FieldCount);
                while (s.Read())
                {
                    rows++;
                    lastLine = s.SourceLine;
                    if ((rows & 4095) == 0) peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                }
                Assert.Equal(size, s.BytesRead);
                Assert.Equal(size, s.TotalBytes);
                Assert.Empty(s.Warnings);
            }
            Assert.Equal(rowsWritten, rows);
            Assert.Equal(2 + 2 * (rowsWritten - 1), lastLine);
            Assert.True(peak < 64L * 1024 * 1024, $"managed heap grew by {peak / 1024 / 1024} MB while reading {size / 1024 / 1024} MB");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
