#:project ../src/Shuzhi.Platform/Shuzhi.Platform.csproj
#:property PublishAot=false
// What auditing reads costs: the access log (src/Shuzhi.Platform/Audit/AccessLog.cs) on a fresh SQLite database.
//   1. paced: RATE accesses/s from THREADS threads for SECONDS s, as requests at the row API's target would record them:
//      time per Record() call on the caller's thread (p50/p99/max), the process's CPU per record, batches and their size;
//   2. flat out: as many records as the writer takes (callers wait when the queue is full): the writer's ceiling.
// Then `audit verify` over the whole chain. Run: dotnet run -c Release bench/AccessLogThroughput.cs [rate] [seconds] [threads]
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shuzhi.Platform;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Evidence;
using Shuzhi.Platform.Identity;

var rate = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 10;
var threads = args.Length > 2 ? int.Parse(args[2]) : 8;
var dir = Directory.CreateTempSubdirectory("shuzhi-accesslog-bench-");
try
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir.FullName }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddShuzhiPlatform(config, "Production");
    await using var sp = services.BuildServiceProvider();
    await DatabaseInitializer.InitializeAsync(sp, demo: true);
    Actor reader;
    await using (var scope = sp.CreateAsyncScope())
        reader = (await scope.ServiceProvider.GetRequiredService<Actors>().FindByUsernameAsync("gz.bureau", default))!;
    var log = sp.GetRequiredService<AccessLog>();
    var writer = sp.GetServices<IHostedService>().OfType<AccessLogWriter>().Single();
    await writer.StartAsync(default);
    var me = Process.GetCurrentProcess();

    // 1. Paced.
    var perThread = rate / threads;
    var samples = new List<long>[threads];
    var cpu0 = me.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
    {
        var mine = samples[t] = new List<long>(perThread * seconds);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < perThread * seconds; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / perThread);
            while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
            var t0 = Stopwatch.GetTimestamp();
            log.Record(reader, "dataset.rows.read", "dataset:520000-GA-00001", new { filter = "id=" + i, rows = 1 });
            mine.Add(Stopwatch.GetTimestamp() - t0);
        }
    }, TaskCreationOptions.LongRunning)));
    await log.FlushAsync();
    var pacedWall = wall.Elapsed;
    var pacedCpu = me.TotalProcessorTime - cpu0;
    var c1 = log.Counters;
    var all = samples.SelectMany(s => s).Order().ToList();
    double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
    Console.WriteLine($"Access log, SQLite, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load {File.ReadAllText("/proc/loadavg")[..14]}");
    Console.WriteLine();
    Console.WriteLine("| run | records | wall s | records/s | Record() p50 µs | p99 µs | max µs | process CPU µs/record | batches | records/batch | writer ms/batch | max queue |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| paced {rate:N0}/s × {threads} threads | {c1.Written:N0} | {pacedWall.TotalSeconds:0.0} | {c1.Written / pacedWall.TotalSeconds:N0} | "
        + $"{Us(all[all.Count / 2]):0.0} | {Us(all[(int)(all.Count * 0.99)]):0.0} | {Us(all[^1]):0} | {pacedCpu.TotalMicroseconds / c1.Written:0.0} | "
        + $"{c1.Batches:N0} | {(double)c1.Written / c1.Batches:0} | {c1.WriteMilliseconds / c1.Batches:0.0} | {c1.MaxQueueDepth:N0} |");

    // 2. Flat out.
    var n = Math.Max(100_000, rate * seconds);
    cpu0 = me.TotalProcessorTime;
    wall.Restart();
    await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
    {
        for (var i = 0; i < n / threads; i++) log.Record(reader, "dataset.rows.read", "dataset:520000-GA-00001", new { filter = "id=" + i, rows = 1 });
    }, TaskCreationOptions.LongRunning)));
    await log.FlushAsync();
    var flatWall = wall.Elapsed;
    var flatCpu = me.TotalProcessorTime - cpu0;
    var c2 = log.Counters;
    var written = c2.Written - c1.Written;
    var b = c2.Batches - c1.Batches;
    Console.WriteLine($"| flat out × {threads} threads | {written:N0} | {flatWall.TotalSeconds:0.0} | {written / flatWall.TotalSeconds:N0} | – | – | – | {flatCpu.TotalMicroseconds / written:0.0} | "
        + $"{b:N0} | {(double)written / b:0} | {(c2.WriteMilliseconds - c1.WriteMilliseconds) / b:0.0} | {c2.MaxQueueDepth:N0} |");
    Console.WriteLine($"\nback-pressure waits {c2.BackPressureWaits:N0}, refused {c2.Refused}, failed writes {c2.WriteFailures}");

    await writer.StopAsync(default);
    await using (var scope = sp.CreateAsyncScope())
    {
        var admin = (await scope.ServiceProvider.GetRequiredService<Actors>().FindByUsernameAsync("admin", default))!;
        var verified = await scope.ServiceProvider.GetRequiredService<VerifyAuditChain>().Handle(admin, default);
        Console.WriteLine(verified.Message);
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    dir.Delete(recursive: true);
}
