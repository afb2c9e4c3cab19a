using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Time;
using Shuzhi.Platform;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// The extension point for Cases: every registered <see cref="ICalendarYearLoaded"/> is called with the new calendar
/// before the year is saved, in the same unit of work — if one fails, nothing is written.
/// </summary>
public sealed class CalendarYearLoadedTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("shuzhi-cal-").FullName;
    private ServiceProvider services = null!;

    public sealed class Recorder : ICalendarYearLoaded
    {
        public static readonly List<(int Year, bool Provisional, string Version)> Calls = [];
        public static bool Fail;
        public Task OnLoadedAsync(IStatutoryCalendar calendar, int year, CancellationToken ct)
        {
            lock (Calls) Calls.Add((year, calendar.IsProvisional(year), calendar.Version));
            if (Fail) throw new ConflictProblem("cases-recompute", "a listener refused");
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shuzhi:DataDirectory"] = dir, ["Shuzhi:Database:Provider"] = "sqlite",
        }).Build();
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddShuzhiPlatform(config, "Development");
        sc.AddScoped<ICalendarYearLoaded, Recorder>();
        services = sc.BuildServiceProvider();
        await DatabaseInitializer.InitializeAsync(services, demo: true);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> f)
    {
        await using var scope = services.CreateAsyncScope();
        return await f(scope.ServiceProvider);
    }

    [Fact]
    public async Task Listeners_see_the_new_calendar_and_a_failing_listener_leaves_nothing_written()
    {
        var command = new ImportCalendarYear.Command(2027, ["2027-01-01", "2027-02-08"], ["2027-02-06"], "国办发明电〔2026〕1号（测试）");

        Recorder.Fail = true;
        await Assert.ThrowsAsync<ConflictProblem>(() => InScope(async sp =>
        {
            var admin = (await sp.GetRequiredService<Actors>().FindByUsernameAsync("admin", default))!;
            return await sp.GetRequiredService<ImportCalendarYear>().Handle(admin, command, default);
        }));
        Assert.Equal(0, await InScope(sp => sp.GetRequiredService<ShuzhiDb>().Set<CalendarYear>().CountAsync()));
        Assert.Equal(0, await InScope(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>().CountAsync(a => a.Subject == "calendar-year:2027")));
        Assert.True((await InScope(sp => sp.GetRequiredService<CalendarProvider>().CurrentAsync())).IsProvisional(2027));

        Recorder.Fail = false;
        var result = await InScope(async sp =>
        {
            var admin = (await sp.GetRequiredService<Actors>().FindByUsernameAsync("admin", default))!;
            return await sp.GetRequiredService<ImportCalendarYear>().Handle(admin, command, default);
        });
        var last = Recorder.Calls[^1];
        Assert.Equal(2027, last.Year);
        Assert.False(last.Provisional);
        Assert.Equal(result.CalendarVersion, last.Version);
        var calendar = await InScope(sp => sp.GetRequiredService<CalendarProvider>().CurrentAsync());
        Assert.Equal(result.CalendarVersion, calendar.Version);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 6)));
    }
}
