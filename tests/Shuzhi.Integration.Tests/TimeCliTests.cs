using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Shuzhi.Cli;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests;

/// <summary>`shuzhi period` and `shuzhi calendar` in-process, against the same database as a running server.</summary>
public abstract class TimeCliTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Dictionary<string, string?> Config(params (string Key, string? Value)[] extra)
    {
        var c = new Dictionary<string, string?>(server.Settings) { ["DOTNET_ENVIRONMENT"] = "Development" };
        foreach (var (k, v) in extra) c[k] = v;
        return c;
    }

    private static async Task<(int Code, string Out, string Err)> Run(IDictionary<string, string?> config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ShuzhiCli.RunAsync(args, stdout, stderr, config);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Period_prints_the_due_date()
    {
        var (code, output, err) = await Run(Config(), "period", "--start", "2026-02-16", "--length", "5", "--unit", "working-days");
        Assert.True(code == 0, err);
        Assert.Equal("2026-02-28", output.Trim());
        Assert.Equal("", err);
        (code, output, _) = await Run(Config(), "period", "--start", "2026-10-01T09:30:00+08:00", "--length", "72", "--unit", "hours");
        Assert.Equal(0, code);
        Assert.Equal("2026-10-04T09:30:00+08:00", output.Trim());
    }

    [Fact]
    public async Task Period_json_is_the_same_object_as_the_http_api()
    {
        var (code, output, err) = await Run(Config(), "period", "--start", "2026-04-03", "--length", "30", "--unit", "days", "--json");
        Assert.True(code == 0, err);
        using var client = await server.As("gz.bureau");
        var http = await client.GetStringAsync("/api/v1/time/period?start=2026-04-03&length=30&unit=days");
        Assert.Equal(http.Trim(), output.Trim());
        Assert.Equal("2026-05-06", JsonDocument.Parse(output).RootElement.GetProperty("due").GetString());
    }

    [Fact]
    public async Task Provisional_is_said_on_stderr()
    {
        var (code, output, err) = await Run(Config(), "period", "--start", "2026-12-28", "--length", "10", "--unit", "working-days");
        Assert.Equal(0, code);
        Assert.Equal("2027-01-11", output.Trim());
        Assert.Contains("provisional", err);
        Assert.Contains("2027", err);
    }

    [Theory]
    [InlineData("--start", "2026-02-16", "--length", "5", "--unit", "weeks")]
    [InlineData("--start", "2026-02-16", "--length", "-1", "--unit", "days")]
    [InlineData("--start", "yesterday", "--length", "5", "--unit", "days")]
    [InlineData("--length", "5", "--unit", "days")]
    [InlineData("--start", "2026-02-16", "--length", "5", "--unit", "hours", "--kind", "term")]
    public async Task Invalid_input_exits_2_with_a_message(params string[] args)
    {
        var (code, output, err) = await Run(Config(), ["period", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error:", err);
    }

    [Fact]
    public async Task Calendar_import_by_an_administrator_then_period_and_show_use_it()
    {
        var file = Path.Combine(server.DataDirectory, "year-2033.json");
        await File.WriteAllTextAsync(file, """
            {"year": 2033, "off": ["2033-01-03", "2033-10-03", "2033-10-04", "2033-10-05", "2033-10-06", "2033-10-07"],
             "work": ["2033-10-08"], "names": {"2033-10-03": "国庆节"}}
            """);
        // without a password: refused, exit 2
        var (code, _, err) = await Run(Config(), "calendar", "import", "--file", file, "--notice", "国办发明电〔2032〕7号（测试）", "--user", "admin");
        Assert.Equal(2, code);
        Assert.Contains("SHUZHI_PASSWORD", err);
        // a non-administrator: forbidden
        (code, _, err) = await Run(Config(("SHUZHI_PASSWORD", DemoDirectory.Password)), "calendar", "import", "--file", file, "--notice", "x", "--user", "gz.bureau");
        Assert.Equal(2, code);
        Assert.Contains("administer", err);
        // before: provisional
        var (_, before, _) = await Run(Config(), "period", "--start", "2033-09-30", "--length", "3", "--unit", "working-days");
        Assert.Equal("2033-10-05", before.Trim());

        string output;
        (code, output, err) = await Run(Config(("SHUZHI_PASSWORD", DemoDirectory.Password)),
            "calendar", "import", "--file", file, "--notice", "国办发明电〔2032〕7号（测试）", "--user", "admin");
        Assert.True(code == 0, err);
        Assert.Contains("loaded 2033", output);

        (code, output, err) = await Run(Config(), "period", "--start", "2033-09-30", "--length", "3", "--unit", "working-days");
        Assert.Equal(0, code);
        Assert.Equal("2033-10-11", output.Trim()); // 10-08 (adjusted Saturday), 10-10, 10-11
        Assert.Equal("", err);

        using var client = await server.As("gz.bureau");
        var cal = await client.GetFromJsonAsync<JsonElement>("/api/v1/time/calendar?from=2033&to=2033");
        Assert.Equal("admin", cal.GetProperty("years")[0].GetProperty("loadedBy").GetString());

        (code, output, _) = await Run(Config(), "calendar", "show", "--year", "2033");
        Assert.Equal(0, code);
        Assert.Contains("国办发明电〔2032〕7号（测试）", output);
        Assert.Contains("2033-10-03", output);
        Assert.Contains("国庆节", output);
    }

    [Fact]
    public async Task Calendar_show_marks_a_year_without_notice_as_provisional()
    {
        var (code, output, _) = await Run(Config(), "calendar", "show", "--from", "2026", "--to", "2027");
        Assert.Equal(0, code);
        Assert.Contains("2026  shipped", output);
        Assert.Contains("2027  provisional", output);
    }
}

public sealed class TimeCliTests_Sqlite(SqliteServer s) : TimeCliTests<SqliteServer>(s);
public sealed class TimeCliTests_Postgres(PostgresServer s) : TimeCliTests<PostgresServer>(s);

/// <summary>The CLI on a fresh machine: no database, shipped calendar; and the built binary as a real process.</summary>
public sealed class TimeCliFreshMachineTests
{
    [Fact]
    public async Task Period_works_without_a_database_and_creates_none()
    {
        var dir = Path.Combine(Path.GetTempPath(), "shuzhi-fresh-" + Guid.NewGuid().ToString("N"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ShuzhiCli.RunAsync(["period", "--start", "2026-09-30", "--length", "5", "--unit", "working-days"], stdout, stderr,
            new Dictionary<string, string?> { ["Shuzhi:DataDirectory"] = dir });
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal("2026-10-13", stdout.ToString().Trim());
        Assert.False(File.Exists(Path.Combine(dir, "shuzhi.db")));
        Assert.False(Directory.Exists(dir));
    }

    /// <summary>The CLI project's own build output (with its deps.json), next to this test build: src/Shuzhi.Cli/bin/{Configuration}/{tfm}/shuzhi.dll.</summary>
    private static string BuiltCli()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Shuzhi.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        return Path.Combine(root.FullName, "src", "Shuzhi.Cli", "bin", configuration, tfm, "shuzhi.dll");
    }

    [Fact]
    public async Task The_built_binary_computes_a_period()
    {
        var dll = BuiltCli();
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var dir = Path.Combine(Path.GetTempPath(), "shuzhi-proc-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in new[] { dll, "period", "--start", "2026-02-16", "--length", "5", "--unit", "working-days", "--json" }) psi.ArgumentList.Add(a);
        psi.Environment["Shuzhi__DataDirectory"] = dir;
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, err);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal("2026-02-28", answer.GetProperty("due").GetString());
        Assert.Equal("2026-03-01T00:00:00+08:00", answer.GetProperty("dueInstant").GetString());
        Assert.False(answer.GetProperty("provisional").GetBoolean());

        var bad = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "period", "--start", "2026-02-16", "--length", "5", "--unit", "fortnights" }) bad.ArgumentList.Add(a);
        bad.Environment["Shuzhi__DataDirectory"] = dir;
        using var q = Process.Start(bad)!;
        var badErr = await q.StandardError.ReadToEndAsync();
        await q.WaitForExitAsync();
        Assert.Equal(2, q.ExitCode);
        Assert.Contains("unit", badErr);
    }
}
