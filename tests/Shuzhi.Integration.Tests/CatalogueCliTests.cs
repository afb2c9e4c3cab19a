using Shuzhi.Cli;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests;

/// <summary>`shuzhi catalogue …` against the same database as a running server.</summary>
public abstract class CatalogueCliTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private Task<(int Code, string Out, string Err)> Cli(params string[] args) => server.Cli(args);

    [Fact]
    public async Task List_finds_Chinese_substrings()
    {
        var (code, output, err) = await Cli("catalogue", "list", "--user", "gz.gov", "--q", "户籍");
        Assert.True(code == 0, err);
        Assert.Contains("居民户籍信息", output);
        var json = await Cli("catalogue", "list", "--user", "gz.gov", "--q", "婚姻", "--json");
        Assert.Contains("\"total\"", json.Out);
        Assert.Contains("婚姻登记信息", json.Out);
    }

    [Fact]
    public async Task Export_then_import_round_trips_and_a_bad_file_exits_2_writing_nothing()
    {
        var file = Path.Combine(server.DataDirectory, "sc.xlsx");
        var exported = await Cli("catalogue", "export", "--department", "520000-SC", "--format", "xlsx", "--out", file, "--user", "gz.sc.commissioner");
        Assert.True(exported.Code == 0, exported.Err);
        Assert.True(new FileInfo(file).Length > 0);
        var imported = await Cli("catalogue", "import", "--file", file, "--user", "gz.sc.staff");
        Assert.True(imported.Code == 0, imported.Err);
        Assert.Contains("updated", imported.Out);

        var bad = Path.Combine(server.DataDirectory, "bad.json");
        await File.WriteAllTextAsync(bad, """{"format":"shuzhi.catalogue/1","entries":[{"attributes":{"name":"缺项目录"}}]}""");
        var failed = await Cli("catalogue", "import", "--file", bad, "--user", "gz.sc.staff");
        Assert.Equal(2, failed.Code);
        Assert.Contains("entries[0].summary (required)", failed.Err);
        var after = await Cli("catalogue", "list", "--user", "gz.sc.staff", "--q", "缺项目录");
        Assert.DoesNotContain("缺项目录", after.Out);

        var denied = await Cli("catalogue", "import", "--file", file, "--user", "citizen.zhang");
        Assert.Equal(2, denied.Code);
    }
}

public sealed class CatalogueCliTests_Sqlite(SqliteServer s) : CatalogueCliTests<SqliteServer>(s);
public sealed class CatalogueCliTests_Postgres(PostgresServer s) : CatalogueCliTests<PostgresServer>(s);
