using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Audit;

/// <summary>
/// Tuning of the <see cref="AccessLog"/> (configuration section Shuzhi:AccessLog, e.g. Shuzhi__AccessLog__FlushInterval=00:00:00.100).
/// The defaults suit one server on the 2-core reference machine.
/// </summary>
public sealed class AccessLogOptions
{
    /// <summary>Records that may wait in memory for the writer. When full, <see cref="AccessLog.Record"/> waits (back-pressure).</summary>
    public int Capacity { get; set; } = 20_000;

    /// <summary>At most this many records per transaction.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>After the first record of a batch arrives, the writer waits this long for more before it writes (group commit).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long <see cref="AccessLog.Record"/> waits for room before it refuses the access (503).</summary>
    public TimeSpan BackPressureTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between attempts to write a batch the database refused (SQLite busy, connection lost).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What the access log has done since start (for the benchmark and operators).</summary>
/// <param name="Enqueued">Records accepted by <see cref="AccessLog.Record"/>.</param>
/// <param name="Written">Records committed to the audit chain.</param>
/// <param name="Batches">Transactions that committed records.</param>
/// <param name="QueueDepth">Records waiting now.</param>
/// <param name="MaxQueueDepth">The most records ever waiting at once.</param>
/// <param name="BackPressureWaits">Calls of <see cref="AccessLog.Record"/> that found the queue full and waited.</param>
/// <param name="Refused">Calls that waited longer than the timeout and refused the access (nothing was served unaudited).</param>
/// <param name="WriteFailures">Attempts to write a batch that failed and were retried.</param>
/// <param name="WriteMilliseconds">Wall time spent writing batches (hashing, SQL, commit), off the request threads.</param>
public sealed record AccessLogCounters(long Enqueued, long Written, long Batches, long QueueDepth, long MaxQueueDepth,
    long BackPressureWaits, long Refused, long WriteFailures, double WriteMilliseconds);

/// <summary>
/// The access log: every read of protected data (row API, downloads) is audited without a database write on the request
/// thread. <see cref="Record"/> stamps the record with the time of the access and puts it on a bounded in-memory queue;
/// a background writer (<see cref="AccessLogWriter"/>, a hosted service) drains the queue in batches — up to
/// <see cref="AccessLogOptions.BatchSize"/> records, or whatever arrived within <see cref="AccessLogOptions.FlushInterval"/>
/// of the first — and appends each batch to the SM3 audit chain with ONE <see cref="ShuzhiDb.SaveChangesAsync(CancellationToken)"/>
/// (the chain is linked there, off the request thread).
///
/// <para><b>Never silently lost.</b> When the queue is full (the database is slow or down), <see cref="Record"/> waits for
/// room up to <see cref="AccessLogOptions.BackPressureTimeout"/> and then refuses the access with a 503 problem: the
/// caller records before it serves, so data is never served without its record. A batch the database refuses is kept
/// and retried (with a check first that an ambiguous failure did not commit it, so it is not written twice). On
/// shutdown the writer writes everything queued before it stops; <see cref="FlushAsync"/> does the same on demand. Where
/// no writer runs (the CLI builds the platform without hosted services), <see cref="Record"/> writes through at once, on
/// the caller's thread, so a command cannot exit with accesses unwritten. Records are written in the order they were
/// queued; a record's instant is the time of the access, so along the chain instants need not increase (the chain is
/// ordered by sequence; <c>audit verify</c> does not compare instants).</para>
/// </summary>
public sealed class AccessLog
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly AccessLogOptions options;
    private readonly Channel<Pending> queue;
    private readonly SemaphoreSlim writeGate = new(1, 1);

    // Under writeGate: the batch being written (kept across failures), and whether a failed attempt may have committed it.
    private readonly List<Pending> batch = [];
    private long? uncertainAfter;

    private long enqueued, written, batches, depth, maxDepth, backPressureWaits, refused, writeFailures, writeTicks;
    private volatile bool writerRunning;
    private volatile bool closed;

    private readonly record struct Pending(DateTimeOffset Instant, Actor Actor, string Action, string Subject, string Details);

    public AccessLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AccessLog> log, AccessLogOptions options)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.log = log;
        this.options = options;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false,
        });
    }

    /// <summary>
    /// Records an access, at the current instant, for the background writer. Call it before serving the data: it does
    /// not block unless the queue is full, and then it waits (and finally throws a 503 <see cref="ProblemException"/>)
    /// rather than lose the record.
    /// </summary>
    /// <param name="action">e.g. "dataset.rows.read" (at most 100 characters).</param>
    /// <param name="subject">e.g. "dataset:520100-GA-00001" (at most 300 characters).</param>
    /// <param name="details">Serialised now (a snapshot), hashed by the writer.</param>
    public void Record(Actor actor, string action, string subject, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrEmpty(action) || action.Length > 100) throw new ArgumentException("an action of 1–100 characters", nameof(action));
        if (string.IsNullOrEmpty(subject) || subject.Length > 300) throw new ArgumentException("a subject of 1–300 characters", nameof(subject));
        if (closed) throw Closed();
        var item = new Pending(clock.GetUtcNow(), actor, action, subject, ShuzhiDb.DetailsJson(details));
        if (!queue.Writer.TryWrite(item)) WaitForRoom(item);
        Interlocked.Increment(ref enqueued);
        var now = Interlocked.Increment(ref depth);
        for (var max = Volatile.Read(ref maxDepth); now > max; max = Volatile.Read(ref maxDepth))
            if (Interlocked.CompareExchange(ref maxDepth, now, max) == max) break;
        // No background writer (the CLI runs no hosted services): write it now, on the caller's thread, so a command
        // cannot exit with its accesses unwritten. The server never takes this path on a request.
        if (!writerRunning) FlushAsync().GetAwaiter().GetResult();
    }

    public AccessLogCounters Counters => new(
        Interlocked.Read(ref enqueued), Interlocked.Read(ref written), Interlocked.Read(ref batches),
        Interlocked.Read(ref depth), Interlocked.Read(ref maxDepth), Interlocked.Read(ref backPressureWaits),
        Interlocked.Read(ref refused), Interlocked.Read(ref writeFailures),
        Math.Round(Interlocked.Read(ref writeTicks) * 1000.0 / Stopwatch.Frequency, 1));

    /// <summary>
    /// Writes every record queued before this call, in batches, and returns when they are committed (retrying a refused
    /// batch until <paramref name="ct"/> is cancelled). The writer calls it on shutdown; anyone may call it to be sure.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var target = Interlocked.Read(ref enqueued);
        await writeGate.WaitAsync(ct);
        try
        {
            // Records queued after the call may be written too, but need not be waited for (FIFO: written counts them in order).
            while ((batch.Count > 0 || queue.Reader.TryPeek(out _)) && Interlocked.Read(ref written) < target)
                await WriteBatchAsync(ct);
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Starts the background writer (see <see cref="AccessLogWriter"/>): group commits until <paramref name="stopping"/>.</summary>
    internal Task StartWriter(CancellationToken stopping)
    {
        writerRunning = true;
        return Task.Run(() => RunAsync(stopping), CancellationToken.None);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping))
            {
                // Group commit: let the batch fill for a moment, unless a full batch is already waiting.
                if (Interlocked.Read(ref depth) < options.BatchSize) await Task.Delay(options.FlushInterval, stopping);
                await writeGate.WaitAsync(stopping);
                try
                {
                    await WriteBatchAsync(stopping);
                }
                finally
                {
                    writeGate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the writer's StopAsync flushes what is left.
        }
        catch (Exception e)
        {
            log.LogCritical(e, "Access log: the background writer failed; records are now written on the callers' threads");
        }
        finally
        {
            writerRunning = false;
        }
    }

    /// <summary>After the final flush: later <see cref="Record"/> calls throw instead of queueing records no one would write.</summary>
    internal void Close()
    {
        closed = true;
        queue.Writer.TryComplete();
    }

    /// <summary>Takes up to a batch from the queue (after any batch kept from a failed attempt) and commits it, retrying.</summary>
    private async Task WriteBatchAsync(CancellationToken ct)
    {
        while (batch.Count < options.BatchSize && queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
            Interlocked.Decrement(ref depth);
        }
        if (batch.Count == 0) return;
        var delay = TimeSpan.FromMilliseconds(50);
        while (!await TryWriteAsync(ct))
        {
            Interlocked.Increment(ref writeFailures);
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
        }
        Interlocked.Add(ref written, batch.Count);
        Interlocked.Increment(ref batches);
        batch.Clear();
    }

    private async Task<bool> TryWriteAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        long? head = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
            if (uncertainAfter is { } after)
            {
                // The last attempt failed after it may have committed (e.g. the connection dropped during COMMIT).
                if (await WasWrittenAsync(db, after, ct)) return true;
                uncertainAfter = null;
            }
            head = await db.Set<AuditRecord>().MaxAsync(r => (long?)r.Sequence, ct) ?? 0;
            foreach (var p in batch) db.AuditAt(p.Instant, p.Actor, p.Action, p.Subject, p.Details);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (head is not null) uncertainAfter = head;
            log.LogWarning(e, "Access log: writing {Count} records failed; retrying", batch.Count);
            return false;
        }
        catch (OperationCanceledException)
        {
            if (head is not null) uncertainAfter = head;
            throw;
        }
        finally
        {
            Interlocked.Add(ref writeTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>Whether the current batch is already in the chain after sequence <paramref name="after"/>, as one contiguous run.</summary>
    private async Task<bool> WasWrittenAsync(ShuzhiDb db, long after, CancellationToken ct)
    {
        var first = batch[0];
        var instant = AuditChain.StoredInstant(first.Instant);
        var digest = Sm3.HashHex(first.Details);
        var starts = await db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Sequence > after && r.Subject == first.Subject && r.Action == first.Action && r.Actor == first.Actor.Username
                        && r.Instant == instant && r.ChangeDigest == digest)
            .OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync(ct);
        foreach (var start in starts)
        {
            var end = start + batch.Count - 1;
            var run = await db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence >= start && r.Sequence <= end)
                .OrderBy(r => r.Sequence).ToListAsync(ct);
            if (run.Count == batch.Count && run.Zip(batch).All(x => Same(x.First, x.Second))) return true;
        }
        return false;
    }

    private static bool Same(AuditRecord r, Pending p)
        => r.Instant == AuditChain.StoredInstant(p.Instant) && r.Actor == p.Actor.Username && r.Action == p.Action
           && r.Subject == p.Subject && r.Details == p.Details;

    private void WaitForRoom(Pending item)
    {
        Interlocked.Increment(ref backPressureWaits);
        if (!writerRunning)
        {
            // No background writer: write what is queued here, on the caller's thread, rather than wait for no one.
            FlushAsync().GetAwaiter().GetResult();
            if (queue.Writer.TryWrite(item)) return;
        }
        var deadline = Stopwatch.GetTimestamp() + (long)(options.BackPressureTimeout.TotalSeconds * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (!queue.Writer.TryWrite(item))
        {
            if (closed) throw Closed();
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Interlocked.Increment(ref refused);
                log.LogError("Access log: the queue stayed full for {Timeout}; an access was refused", options.BackPressureTimeout);
                throw new ProblemException(503, "audit-unavailable", "审计日志暂不可用 / Audit log unavailable",
                    "Accesses cannot be recorded at the moment, so the data is not served. Try again shortly.");
            }
            spin.SpinOnce(sleep1Threshold: 10);
        }
    }

    private static InvalidOperationException Closed()
        => new("The access log is closed (the host is stopping): the access cannot be recorded.");
}

/// <summary>The access log's background writer: runs the group-commit loop, and on stop writes everything still queued.</summary>
public sealed class AccessLogWriter(AccessLog accessLog, ILogger<AccessLogWriter> log) : IHostedService
{
    private CancellationTokenSource? stopping;
    private Task? loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = new CancellationTokenSource();
        loop = accessLog.StartWriter(stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Runs after the web server has stopped taking requests (hosted services stop in reverse order), so the
    /// accesses of the last requests are in the final flush.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || loop is null) return; // not started, or already stopped
        await stopping.CancelAsync();
        await loop;
        loop = null;
        try
        {
            await accessLog.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.LogCritical("Access log: shutdown timed out with {Count} access records not written", accessLog.Counters.QueueDepth);
            throw;
        }
        finally
        {
            accessLog.Close();
            stopping.Dispose();
            stopping = null;
        }
    }
}

public static class AccessLogRegistration
{
    /// <summary>The access log (singleton) and its background writer (hosted service).</summary>
    public static IServiceCollection AddAccessLog(this IServiceCollection services, Action<AccessLogOptions>? configure = null)
    {
        var options = new AccessLogOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<AccessLog>();
        services.AddHostedService<AccessLogWriter>();
        return services;
    }
}
