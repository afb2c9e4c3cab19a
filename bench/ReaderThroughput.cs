#:project ../src/Shuzhi.Platform/Shuzhi.Platform.csproj
#:property PublishAot=false
// Reader throughput: generates a 1,000,000-row × 30-column GB18030 CSV (unless given a file) and reads it end to end,
// touching every field, with Shuzhi.Platform.Datasets.Reading. Run: dotnet run -c Release bench/ReaderThroughput.cs [rows] [file]
using System.Diagnostics;
using System.Text;
using Shuzhi.Platform.Datasets.Reading;

Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var gb = Encoding.GetEncoding(54936);
var rows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"shuzhi-bench-{rows}.csv");

if (!File.Exists(path))
{
    var sw0 = Stopwatch.StartNew();
    var rnd = new Random(42);
    string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    string[] given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇"];
    string[] cities = ["贵阳市观山湖区", "遵义市汇川区", "六盘水市钟山区", "安顺市西秀区", "毕节市七星关区"];
    string[] kinds = ["有限责任公司", "股份有限公司", "个体工商户", "农民专业合作社"];
    using var w = new StreamWriter(path, false, gb, 1 << 20);
    var header = new List<string> { "序号", "姓名", "身份证号", "性别", "出生日期", "联系电话", "户籍地址", "现住址", "统一社会信用代码", "单位名称",
        "单位类型", "登记日期", "注册资本", "年收入", "社保缴费", "是否在职", "学历", "民族", "婚姻状况", "邮箱",
        "邮编", "更新时间", "备注", "经度", "纬度", "行业代码", "所属街道", "网格编号", "核验状态", "数据来源" };
    w.Write(string.Join(',', header));
    w.Write("\r\n");
    for (var i = 0; i < rows; i++)
    {
        var y = 1950 + rnd.Next(60); var m = 1 + rnd.Next(12); var d = 1 + rnd.Next(28);
        var city = cities[rnd.Next(cities.Length)];
        w.Write($"{i + 1},{surnames[rnd.Next(10)]}{given[rnd.Next(12)]},5201{rnd.Next(10, 99)}{y}{m:00}{d:00}{rnd.Next(1000):000}{(rnd.Next(11) == 10 ? "X" : rnd.Next(10).ToString())},");
        w.Write($"{(rnd.Next(2) == 0 ? "男" : "女")},{(rnd.Next(3) == 0 ? $"{y}年{m}月{d}日" : $"{y}-{m:00}-{d:00}")},1{rnd.Next(30, 99)}{rnd.Next(10000000, 99999999)},{city}{rnd.Next(1, 200)}号,");
        w.Write($"\"{city}, {rnd.Next(1, 30)}栋{rnd.Next(1, 30)}单元\",91520100{rnd.Next(10000000, 99999999)}{rnd.Next(10, 99)},贵州{given[rnd.Next(12)]}科技{kinds[rnd.Next(4)]},{kinds[rnd.Next(4)]},");
        w.Write($"20{rnd.Next(10, 25)}/{m}/{d},{rnd.Next(10, 5000)}.00,{rnd.Next(20000, 500000)}.{rnd.Next(100):00},{rnd.Next(100, 3000)},{(rnd.Next(2) == 0 ? "是" : "否")},本科,汉族,已婚,user{i}@example.cn,");
        w.Write($"5500{rnd.Next(10, 99)},2024-0{1 + rnd.Next(9)}-1{rnd.Next(10)} 1{rnd.Next(10)}:2{rnd.Next(10)}:00,{(rnd.Next(50) == 0 ? "\"多行\r\n备注\"" : "")},106.{rnd.Next(100000, 999999)},26.{rnd.Next(100000, 999999)},I{rnd.Next(6000, 6600)},");
        w.Write($"长岭街道,G{rnd.Next(100000, 999999)},已核验,市大数据局\r\n");
    }
    Console.WriteLine($"generated {path}: {new FileInfo(path).Length / 1048576.0:F0} MB in {sw0.Elapsed.TotalSeconds:F1} s");
}

var rates = new List<double>();
for (var run = 1; run <= 5; run++)
{
    GC.Collect();
    var sw = Stopwatch.StartNew();
    long n = 0, chars = 0;
    using (var s = TabularReader.Open(path))
    {
        if (run == 1) Console.WriteLine($"format {s.Detection.Format}, encoding {s.Detection.Encoding} ({s.Detection.EncodingReason}), delimiter '{TextName(s.Detection.Delimiter)}', header {s.Detection.HasHeader}, {s.FieldCount} columns");
        var fc = s.FieldCount;
        while (s.Read())
        {
            n++;
            for (var i = 0; i < fc; i++) chars += s.GetSpan(i).Length;
        }
        if (run == 1 && s.Warnings.Count > 0) Console.WriteLine("warnings: " + string.Join("; ", s.Warnings.Select(x => $"{x.Code} ×{x.Count}")));
    }
    var secs = sw.Elapsed.TotalSeconds;
    var mb = new FileInfo(path).Length / 1048576.0;
    rates.Add(n / secs);
    Console.WriteLine($"run {run}: {n:N0} rows, {chars:N0} chars in {secs:F2} s = {n / secs:N0} rows/s, {mb / secs:F0} MB/s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
}

rates.Sort();
Console.WriteLine($"median {rates[rates.Count / 2]:N0} rows/s, best {rates[^1]:N0} rows/s (first run includes JIT warm-up; other processes on the machine add noise)");

static string TextName(char? c) => c == '\t' ? "tab" : c?.ToString() ?? "";
