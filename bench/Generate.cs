#:project ../src/Shuzhi.Core/Shuzhi.Core.csproj
#:property PublishAot=false
// Generates the benchmark file: N rows (default 1,000,000) × 30 columns, GB18030, CRLF, the way a department exports it —
// people, enterprises, dates in mixed forms, amounts — with a few per cent of quality problems: wrong ID check digits (1 %),
// IDs Excel turned into scientific notation (0.1 %), blank names (0.5 %), duplicate keys (0.2 %), full-width digits (1 %),
// embedded newlines in quoted notes (2 %). Also writes FILE.keys (2,000 IDs to look up) for the row-API benchmark.
// Run: dotnet run -c Release bench/Generate.cs -- [rows] [file]
using System.Diagnostics;
using System.Text;
using Shuzhi.Core.Identifiers;

Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var gb = Encoding.GetEncoding(54936);
var rows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"shuzhi-bench-{rows}.csv");
var sw = Stopwatch.StartNew();
var rnd = new Random(42);
string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "龙", "田", "罗"];
string[] given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"];
string[] cities = ["贵阳市观山湖区", "遵义市汇川区", "六盘水市钟山区", "安顺市西秀区", "毕节市七星关区"];
string[] counties = ["520115", "520303", "520201", "520402", "520502"];
string[] kinds = ["有限责任公司", "股份有限公司", "个体工商户", "农民专业合作社"];
string[] trades = ["科技", "商贸", "建筑", "农业", "文化传媒", "物流", "餐饮", "大数据", "医药", "旅游"];
var keys = new List<string>();
using (var w = new StreamWriter(path, false, gb, 1 << 20))
{
    w.Write("序号,姓名,身份证号,性别,出生日期,联系电话,户籍地址,现住址,统一社会信用代码,单位名称,单位类型,登记日期,注册资本,年收入,社保缴费,是否在职,学历,民族,婚姻状况,邮箱,邮编,更新时间,备注,经度,纬度,行业代码,所属街道,网格编号,核验状态,数据来源\r\n");
    string? previousId = null;
    for (var i = 0; i < rows; i++)
    {
        var y = 1950 + rnd.Next(55); var m = 1 + rnd.Next(12); var d = 1 + rnd.Next(28);
        var c = rnd.Next(counties.Length);
        var body = $"{counties[c]}{y}{m:00}{d:00}{rnd.Next(1000):000}";
        var id = body + ResidentIdNumber.ComputeCheckCharacter(body);
        var roll = rnd.Next(1000);
        if (roll < 10) id = body + (id[^1] == '0' ? '1' : '0');             // wrong check digit
        else if (roll < 11) id = $"{id[0]}.{id[1..6]}E+17";                    // Excel scientific notation
        else if (roll < 13 && previousId is not null) id = previousId;          // duplicate key
        previousId = id;
        if (i % 500 == 0 && keys.Count < 2000) keys.Add(id);
        var name = rnd.Next(200) == 0 ? "" : surnames[rnd.Next(surnames.Length)] + given[rnd.Next(given.Length)];
        var born = rnd.Next(3) switch { 0 => $"{y}年{m}月{d}日", 1 => $"{y}/{m}/{d}", _ => $"{y}-{m:00}-{d:00}" };
        var org = rnd.Next(10_000_000, 99_999_999).ToString();
        var ccBody = "91" + counties[c] + org + UnifiedSocialCreditCode.ComputeOrganisationCodeCheck(org);
        var credit = ccBody + UnifiedSocialCreditCode.ComputeCheckCharacter(ccBody);
        var capital = $"{rnd.Next(10, 5000)}.00";
        if (rnd.Next(100) == 0) capital = string.Concat(capital.Select(ch => char.IsAsciiDigit(ch) ? (char)(ch - '0' + '０') : ch)); // full-width digits
        var city = cities[c];
        w.Write($"{i + 1},{name},{id},{(rnd.Next(2) == 0 ? "男" : "女")},{born},1{rnd.Next(30, 99)}{rnd.Next(10000000, 99999999)},{city}{rnd.Next(1, 200)}号,");
        w.Write($"\"{city}, {rnd.Next(1, 30)}栋{rnd.Next(1, 30)}单元\",{credit},贵州{given[rnd.Next(given.Length)]}{trades[rnd.Next(trades.Length)]}{kinds[rnd.Next(4)]},{kinds[rnd.Next(4)]},");
        w.Write($"20{rnd.Next(10, 26)}-{m:00}-{d:00},{capital},{rnd.Next(20000, 500000)}.{rnd.Next(100):00},{rnd.Next(100, 3000)},{(rnd.Next(2) == 0 ? "是" : "否")},本科,汉族,已婚,user{i}@example.cn,");
        w.Write($"5500{rnd.Next(10, 99)},2024-0{1 + rnd.Next(9)}-1{rnd.Next(10)} 1{rnd.Next(10)}:2{rnd.Next(10)}:00,{(rnd.Next(50) == 0 ? "\"多行\r\n备注\"" : "备注" + trades[rnd.Next(trades.Length)] + rnd.Next(1000))},106.{rnd.Next(100000, 999999)},26.{rnd.Next(100000, 999999)},I{rnd.Next(6000, 6600)},");
        w.Write($"长岭街道,G{rnd.Next(100000, 999999)},已核验,市大数据局\r\n");
    }
}
File.WriteAllLines(path + ".keys", keys.Where(k => !k.Contains('E')));
Console.WriteLine($"generated {path}: {rows:N0} rows, {new FileInfo(path).Length / 1048576.0:F0} MB in {sw.Elapsed.TotalSeconds:F1} s");
