using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The portal counts what the public does with an open package — page views, downloads, CKAN calls — per China day,
/// and the statistics see a use at once (before the counters are written) and after they are written.
/// </summary>
public abstract class UsageStatisticsTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    [Fact]
    public async Task Views_downloads_and_api_calls_are_counted_per_package_and_department()
    {
        var d = await OpenTestData.MakeAsync(server, "用量");
        using var anon = server.Anonymous();
        async Task Get(string url) => Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync(url)).StatusCode);
        await Get($"/open/datasets/{d.Open}");
        await Get($"/open/datasets/{d.Open}");
        await Get($"/api/3/download/{d.Open}.csv");
        await Get($"/api/3/action/package_show?id={d.Open}");
        await Get($"/api/3/action/datastore_search?resource_id={d.Open}&limit=1");
        await Get($"/open/datasets/{d.NoData}");
        // Not open: nothing to count.
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/open/datasets/{d.Closed}")).StatusCode);

        var before = await Totals(d.Open);
        Assert.Equal(new UsageTotals(2, 1, 2), before);
        await server.WithServices(async s =>
        {
            await s.GetRequiredService<OpenUsage>().FlushAsync(s.GetRequiredService<ShuzhiDb>(), CancellationToken.None);
            return 0;
        });
        Assert.Equal(before, await Totals(d.Open));
        Assert.Equal(new UsageTotals(1, 0, 0), await Totals(d.NoData));
        Assert.Equal(UsageTotals.None, await Totals(d.Closed));

        await Get($"/open/datasets/{d.Open}");
        Assert.Equal(new UsageTotals(3, 1, 2), await Totals(d.Open));

        var byEntry = await server.WithServices(s => s.GetRequiredService<UsageStatistics>().ByEntryAsync(null, null, CancellationToken.None));
        var open = Assert.Single(byEntry, u => u.EntryCode == d.Open);
        Assert.Equal(d.OpenTitle, open.Name);
        var byDepartment = await server.WithServices(s => s.GetRequiredService<UsageStatistics>().ByDepartmentAsync(null, null, CancellationToken.None));
        var department = Assert.Single(byDepartment, u => u.ProviderCode == open.ProviderCode);
        Assert.True(department.Totals.Views >= 4, $"department views {department.Totals.Views}");
        var today = Shuzhi.Core.Time.ChinaTime.DateOf(server.Clock.GetUtcNow());
        var days = await server.WithServices(s => s.GetRequiredService<UsageStatistics>().ByDayAsync(d.Open, today.AddDays(-1), today, CancellationToken.None));
        Assert.Equal(new DayUsage(today, new UsageTotals(3, 1, 2)), Assert.Single(days));
        Assert.Empty(await server.WithServices(s => s.GetRequiredService<UsageStatistics>().ByDayAsync(d.Open, today.AddDays(1), null, CancellationToken.None)));
    }

    private Task<UsageTotals> Totals(string code) =>
        server.WithServices(s => s.GetRequiredService<UsageStatistics>().ForEntryAsync(code, null, null, CancellationToken.None));
}

public sealed class UsageStatisticsTests_Sqlite(SqliteServer s) : UsageStatisticsTests<SqliteServer>(s);
public sealed class UsageStatisticsTests_Postgres(PostgresServer s) : UsageStatisticsTests<PostgresServer>(s);
