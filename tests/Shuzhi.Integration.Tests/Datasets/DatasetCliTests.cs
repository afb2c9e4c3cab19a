using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Cli;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>`shuzhi dataset …` against the same database as a running server, and a load killed mid-way.</summary>
public abstract class DatasetCliTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<(int Code, string Out, string Err)> Cli(params string[] args) => server.Cli(args);

    [Fact]
    public async Task Import_prints_the_version_and_quality_then_export_writes_the_masked_or_raw_file()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("命令行导入" + Guid.NewGuid().ToString("N")[..6]));
        var file = Path.Combine(server.DataDirectory, $"{code}.csv");
        // GB18030, as departments send it.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(file, Encoding.GetEncoding(54936).GetBytes(CleanCsv(1, 40)));
        var (exit, output, err) = await Cli("dataset", "import", "--entry", code, "--file", file, "--user", Provider);
        Assert.True(exit == 0, err);
        Assert.Contains("version 1: published, 40 rows", output);
        var json = await Cli("dataset", "import", "--entry", code, "--file", file, "--mode", "upsert", "--user", Provider, "--json");
        Assert.True(json.Code == 0, json.Err);
        var doc = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(2, doc.GetProperty("version").GetProperty("number").GetInt32());
        Assert.Equal(40, doc.GetProperty("version").GetProperty("rows").GetInt64());
        // The version records the file's SM3 fingerprint, as received.
        Assert.Equal(Shuzhi.Core.Evidence.Sm3.HashHex(await File.ReadAllBytesAsync(file)), doc.GetProperty("version").GetProperty("fileSm3").GetString());

        var raw = Path.Combine(server.DataDirectory, $"{code}-raw.csv");
        var exported = await Cli("dataset", "export", "--entry", code, "--format", "csv", "--out", raw, "--user", Provider);
        Assert.True(exported.Code == 0, exported.Err);
        Assert.Contains(Id(7), await File.ReadAllTextAsync(raw));
        var masked = Path.Combine(server.DataDirectory, $"{code}-masked.csv");
        var other = await Cli("dataset", "export", "--entry", code, "--format", "csv", "--out", masked, "--user", "gy.gov");
        Assert.True(other.Code == 0, other.Err);
        var text = await File.ReadAllTextAsync(masked);
        Assert.DoesNotContain(Id(7), text);
        Assert.Equal(41, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_failed_import_exits_non_zero_and_names_the_problem()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("命令行失败" + Guid.NewGuid().ToString("N")[..6]));
        var missing = await Cli("dataset", "import", "--entry", code, "--file", "/nonexistent.csv", "--user", Provider);
        Assert.Equal(2, missing.Code);
        Assert.Contains("no such file", missing.Err);
        var file = Path.Combine(server.DataDirectory, "x.csv");
        await File.WriteAllTextAsync(file, CleanCsv(1, 3));
        var badMode = await Cli("dataset", "import", "--entry", code, "--file", file, "--mode", "merge", "--user", Provider);
        Assert.Equal(2, badMode.Code);
        Assert.Contains("--mode must be", badMode.Err);
        var notOwner = await Cli("dataset", "import", "--entry", code, "--file", file, "--user", "gy.ga.commissioner");
        Assert.Equal(2, notOwner.Code);
        var upsertFirst = await Cli("dataset", "import", "--entry", code, "--file", file, "--mode", "append", "--user", Provider);
        Assert.Equal(2, upsertFirst.Code);
        Assert.Contains("first load must be mode=replace", upsertFirst.Err);
    }

    /// <summary>The CLI as a separate process (so it can be killed): the built shuzhi.dll of this configuration.</summary>
    private static string CliDll()
    {
        // Its own output directory (the copy beside the tests has the tests' dependency manifest, not the CLI's).
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/{Debug|Release}/net10.0/
        var dll = Path.GetFullPath(Path.Combine(ServerFixture.ServerProjectDirectory, "..", "Shuzhi.Cli", "bin", config, "net10.0", "shuzhi.dll"));
        Assert.True(File.Exists(dll), $"build the CLI first: {dll}");
        return dll;
    }

    [Fact]
    public async Task Killing_the_process_in_the_middle_of_a_load_leaves_the_previous_version_served_and_no_partial_one()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("中断导入" + Guid.NewGuid().ToString("N")[..6]));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 10));
        var big = Path.Combine(server.DataDirectory, $"{code}-big.csv");
        await File.WriteAllTextAsync(big, CleanCsv(1000, 200_000));

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll(), "dataset", "import", "--entry", code, "--file", big, "--user", Provider }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in server.Settings) psi.Environment[k.Replace(":", "__")] = v;
        psi.Environment["SHUZHI_PASSWORD"] = DemoDirectory.Password;
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        // Slowed to 20,000 rows/s (an operator setting) so the 200,000-row load is surely still running when killed.
        psi.Environment["Shuzhi__Datasets__LoadRowsPerSecond"] = "20000";
        using var child = Process.Start(psi)!;
        var errors = new StringBuilder();
        child.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        child.BeginErrorReadLine();
        // Wait until version 2 is Loading and past a tenth of the file (a progress line per tenth), then kill.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            Assert.False(child.HasExited, "the CLI ended before the load was under way: " + errors);
            Assert.True(DateTime.UtcNow < deadline, "the load did not start: " + errors);
            var underway = await server.WithServices(async sp =>
            {
                await using var scope = sp.CreateAsyncScope();
                var v = await scope.ServiceProvider.GetRequiredService<ShuzhiDb>().Set<DataVersion>().AsNoTracking()
                    .FirstOrDefaultAsync(x => x.EntryCode == code && x.Number == 2);
                return v?.State == DataVersionState.Loading;
            });
            lock (errors) underway &= errors.ToString().Split('\n').Count(l => l.Contains("reading")) >= 2; // past the first tenth
            if (underway) break;
            await Task.Delay(100);
        }
        var exitedBefore = child.HasExited;
        // SIGKILL: no chance to clean up.
        using (var kill = Process.Start("kill", ["-KILL", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await child.WaitForExitAsync();
        Assert.True(child.ExitCode != 0, $"exit code {child.ExitCode}:\n" + errors);
        Assert.False(exitedBefore, "the load finished before it was killed:\n" + errors);

        // Readers still get version 1, whole; version 2 is not readable.
        var p = await server.As(Provider);
        var page = await p.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{code}/rows?count=exact&limit=1");
        Assert.True(page.GetProperty("version").GetInt32() == 1, "the load finished before it was killed:\n" + errors);
        Assert.Equal(10, page.GetProperty("count").GetInt64());
        var v2 = await p.GetAsync($"/api/v1/datasets/{code}/rows?version=2");
        Assert.False(v2.IsSuccessStatusCode, await v2.Content.ReadAsStringAsync());

        // Recovery (run at every start) marks it interrupted and removes its leftover rows.
        var (state, leftovers) = await server.WithServices(async sp =>
        {
            await using var scope = sp.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatasetRecovery>().RunAsync(CancellationToken.None);
            var v = await scope.ServiceProvider.GetRequiredService<ShuzhiDb>().Set<DataVersion>().AsNoTracking().SingleAsync(x => x.EntryCode == code && x.Number == 2);
            var names = await sp.GetRequiredService<IRowStore>().ListAsync(CancellationToken.None);
            return (v.State, names.Count(n => n == v.Storage));
        });
        Assert.Equal(DataVersionState.Failed, state);
        Assert.Equal(0, leftovers);
        // The next load works and becomes version 3.
        var next = await LoadAsync(p, code, CleanCsv(1, 3));
        Assert.Equal(3, next.GetProperty("version").GetProperty("number").GetInt32());
    }
}

public sealed class DatasetCliTests_Sqlite(SqliteServer s) : DatasetCliTests<SqliteServer>(s);
public sealed class DatasetCliTests_Postgres(PostgresServer s) : DatasetCliTests<PostgresServer>(s);
