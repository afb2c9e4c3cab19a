using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shuzhi.Cli;
using Shuzhi.Platform;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Evidence;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// The buffered, group-committed access log on a real database: records keep the instant of the access, reach the
/// audit chain in batches off the caller's thread, survive shutdown, a full queue and a refusing database, and the
/// chain still verifies (`shuzhi audit verify`).
/// </summary>
public abstract class AccessLogTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture, new()
{
    private static async Task<(int Exit, string Out)> Verify(ServerFixture on)
    {
        var settings = new Dictionary<string, string?>(on.Settings) { ["DOTNET_ENVIRONMENT"] = "Development" };
        using var o = new StringWriter();
        using var e = new StringWriter();
        var exit = await ShuzhiCli.RunAsync(["audit", "verify"], o, e, settings);
        return (exit, o + e.ToString());
    }

    private Task<List<AuditRecord>> Records(string action) => server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>()
        .Set<AuditRecord>().AsNoTracking().Where(r => r.Action == action).OrderBy(r => r.Sequence).ToListAsync());

    private Task<Actor> ActorOf(string username) => server.WithServices(async sp => (await sp.GetRequiredService<Actors>().FindByUsernameAsync(username, default))!);

    /// <summary>An access log of its own on the fixture's database, with a running writer (as in the server).</summary>
    private async Task<(AccessLog Log, AccessLogWriter Writer)> StartedLog(AccessLogOptions options)
    {
        var log = new AccessLog(server.App.Services.GetRequiredService<IServiceScopeFactory>(), server.Clock, NullLogger<AccessLog>.Instance, options);
        var writer = new AccessLogWriter(log, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(default);
        return (log, writer);
    }

    [Fact]
    public async Task Accesses_recorded_just_before_shutdown_are_written_in_batches_and_the_chain_verifies()
    {
        var own = new TServer();
        await own.InitializeAsync();
        try
        {
            var accessLog = own.App.Services.GetRequiredService<AccessLog>();
            var reader = (await own.WithServices(async sp => await sp.GetRequiredService<Actors>().FindByUsernameAsync("gz.bureau", default)))!;
            // Eight "request threads" at once, then stop at once: nothing may be lost or written twice.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < 300; i++) accessLog.Record(reader, "dataset.rows.read", $"dataset:T-{t}", new { row = i });
            })));
            await own.App.StopAsync();

            var counters = accessLog.Counters;
            Assert.Equal(2400, counters.Enqueued);
            Assert.Equal(2400, counters.Written);
            Assert.Equal(0, counters.QueueDepth);
            Assert.InRange(counters.Batches, 3, 24); // group commit: hundreds of records per transaction, not one each
            var (exit, output) = await Verify(own);
            Assert.True(exit == 0, output);
            Assert.Contains("audit log intact", output);

            var services = await CliHost.StartAsync(CliHost.Configuration(new Dictionary<string, string?>(own.Settings) { ["DOTNET_ENVIRONMENT"] = "Development" }));
            await using (services)
            {
                await using var scope = services.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<ShuzhiDb>().Set<AuditRecord>().AsNoTracking()
                    .Where(r => r.Action == "dataset.rows.read").Select(r => new { r.Subject, r.Details, r.Actor }).ToListAsync();
                Assert.Equal(2400, rows.Count);
                Assert.Equal(2400, rows.Select(r => (r.Subject, r.Details)).Distinct().Count());
                Assert.All(rows, r => Assert.Equal("gz.bureau", r.Actor));
            }
            Assert.Throws<InvalidOperationException>(() => accessLog.Record(reader, "dataset.rows.read", "dataset:late")); // closed, not dropped
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public void The_writer_stops_after_the_web_server_so_the_last_requests_accesses_are_flushed()
    {
        // Hosted services stop in reverse order of registration: the web server must come after the writer.
        var order = server.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.Contains(nameof(AccessLogWriter), order);
        Assert.True(order.IndexOf(nameof(AccessLogWriter)) < order.IndexOf("GenericWebHostService"), string.Join(", ", order));
    }

    [Fact]
    public async Task A_record_carries_the_instant_of_the_access_not_of_the_flush_and_the_chain_stays_valid()
    {
        var reader = await ActorOf("gz.ga.commissioner");
        var accessed = server.Clock.GetUtcNow();
        var (log, writer) = await StartedLog(new AccessLogOptions { FlushInterval = TimeSpan.FromMinutes(5) });
        try
        {
            log.Record(reader, "test.instant.read", "dataset:instant", new { q = "id=1" });
            Assert.Empty(await Records("test.instant.read")); // queued: no write on the caller's thread

            // An hour later an act is committed (at the later instant) before the queued access is written.
            server.Clock.Advance(TimeSpan.FromHours(1));
            await server.WithServices(async sp =>
            {
                var db = sp.GetRequiredService<ShuzhiDb>();
                db.Audit(Actor.System, "test.instant.act", "test:instant");
                return await db.SaveChangesAsync();
            });
            await writer.StopAsync(default);
        }
        finally
        {
            server.Clock.Set(ServerFixture.DemoNow);
        }

        var access = Assert.Single(await Records("test.instant.read"));
        var act = Assert.Single(await Records("test.instant.act"));
        Assert.Equal(accessed, access.Instant);
        Assert.Equal(accessed.AddHours(1), act.Instant);
        Assert.True(access.Sequence > act.Sequence, "the access joined the chain after the later act");
        Assert.Equal("""{"q":"id=1"}""", access.Details);
        var (exit, output) = await Verify(server);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task A_full_queue_makes_the_caller_wait_and_then_refuses_the_access_rather_than_dropping_it()
    {
        var reader = await ActorOf("gz.bureau");
        // The writer waits a long time before it writes: the queue of 4 stays full.
        var (log, writer) = await StartedLog(new AccessLogOptions
        {
            Capacity = 4, FlushInterval = TimeSpan.FromMinutes(5), BackPressureTimeout = TimeSpan.FromMilliseconds(300),
        });
        for (var i = 0; i < 4; i++) log.Record(reader, "test.full.read", "dataset:full", new { i });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var refused = Assert.Throws<ProblemException>(() => log.Record(reader, "test.full.read", "dataset:full", new { i = 4 }));
        Assert.Equal(503, refused.Status);
        Assert.True(waited.Elapsed >= TimeSpan.FromMilliseconds(250), $"refused after {waited.Elapsed}, without waiting");
        await writer.StopAsync(default);
        Assert.Equal(4, (await Records("test.full.read")).Count);
        Assert.Equal(1, log.Counters.Refused);

        // With a writer that keeps up, a burst through a small queue only waits: every record is written.
        var (quick, quickWriter) = await StartedLog(new AccessLogOptions { Capacity = 4, FlushInterval = TimeSpan.FromMilliseconds(5) });
        for (var i = 0; i < 200; i++) quick.Record(reader, "test.burst.read", "dataset:burst", new { i });
        await quickWriter.StopAsync(default);
        Assert.Equal(200, (await Records("test.burst.read")).Count);
        Assert.True(quick.Counters.BackPressureWaits > 0);
        Assert.Equal(0, quick.Counters.Refused);
    }

    [Fact]
    public async Task A_batch_the_database_refuses_is_retried_until_written_once()
    {
        var reader = await ActorOf("gz.bureau");
        var (outage, recovery) = Outage("test.outage.read");
        foreach (var sql in outage) await Sql(sql);
        var (log, writer) = await StartedLog(new AccessLogOptions { FlushInterval = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        try
        {
            for (var i = 0; i < 50; i++) log.Record(reader, "test.outage.read", "dataset:outage", new { i });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (log.Counters.WriteFailures < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(log.Counters.WriteFailures >= 2);
            Assert.Equal(0, log.Counters.Written);
        }
        finally
        {
            foreach (var sql in recovery) await Sql(sql);
        }
        await writer.StopAsync(default);
        var written = await Records("test.outage.read");
        Assert.Equal(50, written.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $$"""{"i":{{i}}}"""), written.Select(r => r.Details)); // in order, once each
        var (exit, output) = await Verify(server);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task A_save_whose_audit_records_are_refused_writes_nothing_and_the_same_save_can_be_retried()
    {
        var (outage, recovery) = Outage("test.retry.act");
        foreach (var sql in outage) await Sql(sql);
        var code = $"T{Guid.NewGuid():N}"[..20];
        var saved = await server.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<ShuzhiDb>();
            var parent = await db.Set<Organisation>().SingleAsync(o => o.Code == "520000");
            db.Add(new Organisation { Id = Guid.NewGuid(), Code = code, Name = "重试测试", Kind = OrganisationKind.Department, Level = AdminLevel.Province, DivisionCode = "520000", ParentId = parent.Id });
            db.Audit(Actor.System, "test.retry.act", $"organisation:{code}");
            await Assert.ThrowsAnyAsync<Exception>(() => db.SaveChangesAsync());
            Assert.Equal(0, await Organisations(sp, code)); // the change rolled back with its record
            foreach (var sql in recovery) await db.Database.ExecuteSqlRawAsync(sql);
            return await db.SaveChangesAsync(); // the same context, again
        });
        Assert.Equal(2, saved);
        Assert.Equal(1, await server.WithServices(sp => Organisations(sp, code)));
        Assert.Single(await Records("test.retry.act"));
        var (exit, output) = await Verify(server);
        Assert.True(exit == 0, output);

        static Task<int> Organisations(IServiceProvider sp, string code)
            => sp.GetRequiredService<ShuzhiDb>().Set<Organisation>().AsNoTracking().CountAsync(o => o.Code == code);
    }

    [Fact]
    public async Task A_failure_reported_after_the_commit_does_not_write_the_batch_twice()
    {
        // What a connection lost during COMMIT looks like to the writer: the batch is in, but the save throws.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShuzhiPlatform(new ConfigurationBuilder().AddInMemoryCollection(server.Settings).Build(), "Development");
        var failOnce = new FailsAfterCommitOnce();
        services.AddSingleton<IAuditHeadObserver>(sp => failOnce.Around(sp.GetRequiredService<AuditCheckpointStore>()));
        await using var provider = services.BuildServiceProvider();
        var log = new AccessLog(provider.GetRequiredService<IServiceScopeFactory>(), server.Clock, NullLogger<AccessLog>.Instance,
            new AccessLogOptions { FlushInterval = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        var writer = new AccessLogWriter(log, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(default);
        var reader = await ActorOf("gz.bureau");
        failOnce.Armed = true;
        for (var i = 0; i < 20; i++) log.Record(reader, "test.ambiguous.read", "dataset:ambiguous", new { i });
        await writer.StopAsync(default);

        Assert.Equal(1, log.Counters.WriteFailures);
        Assert.Equal(20, log.Counters.Written);
        Assert.Equal(20, (await Records("test.ambiguous.read")).Count);
        var (exit, output) = await Verify(server);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task The_cli_has_no_background_writer_and_writes_each_access_before_the_command_ends()
    {
        var settings = new Dictionary<string, string?>(server.Settings) { ["DOTNET_ENVIRONMENT"] = "Development" };
        var reader = await ActorOf("gz.bureau");
        await using (var cli = await CliHost.StartAsync(CliHost.Configuration(settings)))
        {
            cli.GetRequiredService<AccessLog>().Record(reader, "test.cli.read", "dataset:cli", new { format = "csv" });
            Assert.Single(await Records("test.cli.read")); // written before Record returned
        }
        var (exit, output) = await Verify(server);
        Assert.True(exit == 0, output);
    }

    /// <summary>SQL that makes the database refuse audit records of one action (a trigger), and SQL that ends that.</summary>
    private (string[] Outage, string[] Recovery) Outage(string action) => server.Provider == "sqlite"
        ? ([$"""CREATE TRIGGER access_outage BEFORE INSERT ON audit_records WHEN NEW."Action" = '{action}' BEGIN SELECT RAISE(ABORT, 'simulated outage'); END"""],
           ["DROP TRIGGER access_outage"])
        : ([$$"""CREATE FUNCTION access_outage() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN IF NEW."Action" = '{{action}}' THEN RAISE EXCEPTION 'simulated outage'; END IF; RETURN NEW; END $f$""",
            """CREATE TRIGGER access_outage BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION access_outage()"""],
           ["DROP TRIGGER access_outage ON audit_records", "DROP FUNCTION access_outage()"]);

    private Task<int> Sql(string sql) => server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Database.ExecuteSqlRawAsync(sql));

    /// <summary>Passes the commit on to the real checkpoint store, then (once, when armed) throws as a dropped connection would.</summary>
    private sealed class FailsAfterCommitOnce
    {
        public volatile bool Armed;

        public IAuditHeadObserver Around(IAuditHeadObserver inner) => new Observer(this, inner);

        private sealed class Observer(FailsAfterCommitOnce owner, IAuditHeadObserver inner) : IAuditHeadObserver
        {
            public void Committed(long sequence, string hash)
            {
                inner.Committed(sequence, hash);
                if (owner.Armed)
                {
                    owner.Armed = false;
                    throw new IOException("connection reset after COMMIT (simulated)");
                }
            }
        }
    }
}

public sealed class AccessLogTests_Sqlite(SqliteServer s) : AccessLogTests<SqliteServer>(s);
public sealed class AccessLogTests_Postgres(PostgresServer s) : AccessLogTests<PostgresServer>(s);
