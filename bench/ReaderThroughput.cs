#:project ../src/Shuzhi.Platform/Shuzhi.Platform.csproj
#:property PublishAot=false
// Reader throughput: reads the benchmark file (bench/Generate.cs) end to end,
// touching every field, with Shuzhi.Platform.Datasets.Reading. Run: dotnet run -c Release bench/ReaderThroughput.cs [rows] [file]
using System.Diagnostics;
using System.Text;
using Shuzhi.Platform.Datasets.Reading;

Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var rows = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"shuzhi-bench-{rows}.csv");

if (!File.Exists(path))
{
    Console.Error.WriteLine($"{path} does not exist: generate it first with  dotnet run -c Release bench/Generate.cs -- {rows} {path}");
    return 1;
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
return 0;

static string TextName(char? c) => c == '\t' ? "tab" : c?.ToString() ?? "";
