using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Org.BouncyCastle.Crypto.Digests;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Datasets;

/// <summary>A version as listed (the report is fetched separately).</summary>
public sealed record DataVersionSummary(
    int Number, string State, string Mode, string FileName, long FileBytes, string? FileSm3, long Rows, double? Score,
    double Threshold, bool GatePassed, string LoadedBy, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, string? GateOverrideBy, string? GateOverrideReason, string? Error, int CatalogueVersion)
{
    public static DataVersionSummary Of(DataVersion v) => new(v.Number, v.State.ToString(), v.Mode.ToString(), v.FileName, v.FileBytes,
        v.FileSm3, v.Rows, v.Score, v.Threshold, v.GatePassed, v.LoadedBy, v.StartedAt, v.CompletedAt, v.PublishedBy, v.PublishedAt,
        v.GateOverrideBy, v.GateOverrideReason, v.Error, v.CatalogueVersion);
}

/// <summary>
/// The quality gate (spec 10 §2: "a dataset that fails is not published until a person decides"). The threshold is
/// the bureau's, per division; <see cref="DefaultThreshold"/> until it sets one (docs/data-quality.md).
/// </summary>
public static class QualityGate
{
    public const double DefaultThreshold = 80;

    public static async Task<double> ThresholdAsync(ShuzhiDb db, string divisionCode, CancellationToken ct) =>
        await db.Set<QualityThreshold>().AsNoTracking().Where(t => t.DivisionCode == divisionCode).Select(t => (double?)t.Threshold).FirstOrDefaultAsync(ct)
        ?? DefaultThreshold;
}

/// <summary>Publishes a loaded version: it becomes the one everyone reads; the previous one is superseded.</summary>
public sealed class PublishVersion(ShuzhiDb db, IEnumerable<IDataPublishCheck> checks)
{
    /// <param name="SensitiveReason">Why data with findings of a publish check (sensitive fields) is published anyway: department head or bureau only.</param>
    public sealed record Input(string? OverrideReason, string? SensitiveReason = null);

    public async Task<DataVersionSummary> Handle(Actor actor, string entryCode, int number, Input input, CancellationToken ct)
    {
        actor.Require(Policies.DatasetPublish);
        var dataset = await db.Set<Dataset>().FirstOrDefaultAsync(d => d.EntryCode == entryCode, ct);
        var isProvider = dataset is not null && dataset.ProviderOrganisationId == actor.OrganisationId;
        var isBureau = dataset is not null && Policies.CatalogueReview.Allows(actor) && actor.DivisionCode == dataset.ProviderDivisionCode;
        if (dataset is null || !(isProvider || isBureau)) throw new NotFoundProblem("dataset", entryCode);
        var v = await db.Set<DataVersion>().FirstOrDefaultAsync(x => x.EntryId == dataset.EntryId && x.Number == number, ct)
                ?? throw new NotFoundProblem("data version", $"{entryCode} v{number}");
        if (v.State != DataVersionState.Loaded)
            throw new ConflictProblem("version-loaded", $"version {number} is {v.State.ToString().ToLowerInvariant()}; only a loaded, unpublished version can be published");
        if (v.BasisVersion is { } basis && basis != dataset.PublishedVersion)
            throw new ConflictProblem("basis-published", $"version {number} was built ({v.Mode.ToString().ToLowerInvariant()}) on version {basis}, " +
                $"but version {dataset.PublishedVersion} has been published since; publishing it would drop that version's rows — load again");
        var reason = input.OverrideReason?.Trim();
        if (!v.GatePassed)
        {
            if (!Policies.DatasetGateOverride.Allows(actor) || !(isBureau || (isProvider && actor.Has(Role.DepartmentHead))))
                throw new ForbiddenProblem(Policies.DatasetGateOverride.Name,
                    $"the quality score {v.Score:0.#} is below the threshold {v.Threshold:0.#}: only the department head or the bureau may publish it, with a reason");
            if (string.IsNullOrEmpty(reason) || reason.Length < 5)
                throw new ValidationProblem([new FieldError("overrideReason", "required-below-threshold",
                    $"the quality score {v.Score:0.#} is below the threshold {v.Threshold:0.#}: give the reason for publishing anyway (at least 5 characters)")]);
        }
        else if (!Policies.DatasetLoad.Allows(actor) && !Policies.DatasetGateOverride.Allows(actor))
            throw new ForbiddenProblem(Policies.DatasetLoad.Name, "only the provider department publishes its data");
        foreach (var check in checks)
        {
            if (await check.ConfirmationNeededAsync(dataset, v, ct) is not { } found) continue;
            if (!Policies.DatasetGateOverride.Allows(actor) || !(isBureau || (isProvider && actor.Has(Role.DepartmentHead))))
                throw new ForbiddenProblem(Policies.DatasetGateOverride.Name, $"{found} — only the department head or the bureau may publish it, with a reason");
            var why = input.SensitiveReason?.Trim();
            if (string.IsNullOrEmpty(why) || why.Length < 5)
                throw new ValidationProblem([new FieldError("sensitiveReason", "required-sensitive", $"{found} — give the reason for publishing anyway (at least 5 characters)")]);
            db.Audit(actor, "dataset.publish.sensitive-confirmed", LoadDataset.Subject(v.EntryCode, v.Number), new { findings = found, reason = why });
        }
        await ApplyAsync(db, dataset, v, actor, v.GatePassed ? null : reason, ct);
        await db.SaveChangesAsync(ct);
        return DataVersionSummary.Of(v);
    }

    /// <summary>Marks <paramref name="v"/> published and the previous one superseded (the caller saves).</summary>
    internal static async Task ApplyAsync(ShuzhiDb db, Dataset dataset, DataVersion v, Actor actor, string? overrideReason, CancellationToken ct)
    {
        if (dataset.PublishedVersion is { } old && old != v.Number)
        {
            var previous = await db.Set<DataVersion>().FirstAsync(x => x.EntryId == dataset.EntryId && x.Number == old, ct);
            previous.State = DataVersionState.Superseded;
        }
        var now = db.Clock.GetUtcNow();
        v.State = DataVersionState.Published;
        v.PublishedBy = actor.Username;
        v.PublishedAt = now;
        if (overrideReason is not null)
        {
            v.GateOverrideBy = actor.Username;
            v.GateOverrideReason = overrideReason;
        }
        dataset.PublishedVersion = v.Number;
        dataset.LastPublishedAt = now;
        dataset.Version++;
        db.Audit(actor, overrideReason is null ? "dataset.publish" : "dataset.publish.override", LoadDataset.Subject(v.EntryCode, v.Number),
            new { score = v.Score, threshold = v.Threshold, reason = overrideReason });
    }
}

/// <summary>The versions of an entry's data and one version's quality report, for those who see every version.</summary>
public sealed class GetDataset(ShuzhiDb db, DatasetDirectory directory)
{
    public sealed record Overview(string EntryCode, int? PublishedVersion, double Threshold, IReadOnlyList<SchemaField>? Fields, IReadOnlyList<DataVersionSummary> Versions);
    public sealed record VersionDetail(DataVersionSummary Version, IReadOnlyList<SchemaField> Fields, JsonElement? Detection, JsonElement? Report);

    public async Task<Overview> Handle(Actor actor, string entryCode, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRead);
        var (s, d) = await directory.AllowedAsync(actor, entryCode, ct);
        var versions = await db.Set<DataVersion>().AsNoTracking().Where(v => v.EntryId == s.EntryId)
            .Where(v => d.AllVersions || v.State == DataVersionState.Published).OrderByDescending(v => v.Number).ToListAsync(ct);
        return new Overview(entryCode, s.Dataset?.PublishedVersion, await QualityGate.ThresholdAsync(db, s.ProviderDivisionCode, ct),
            s.PublishedSchema?.Fields, versions.Select(DataVersionSummary.Of).ToList());
    }

    public async Task<VersionDetail> Version(Actor actor, string entryCode, int number, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRead);
        var (s, d) = await directory.AllowedAsync(actor, entryCode, ct);
        var v = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.EntryId == s.EntryId && x.Number == number, ct);
        if (v is null || (!d.AllVersions && v.State != DataVersionState.Published)) throw new NotFoundProblem("data version", $"{entryCode} v{number}");
        var progress = LoadProgressBoard.Get(v.Id);
        var schema = DatasetSchema.FromJson(v.SchemaJson);
        var report = v.ReportJson is null ? null : d.AllRaw ? v.ReportJson : ReportFor(v.ReportJson, schema, s.MaskOverrides);
        return new VersionDetail(DataVersionSummary.Of(v) with { Rows = progress?.Rows ?? v.Rows }, schema.Fields,
            v.DetectionJson is null ? null : JsonDocument.Parse(v.DetectionJson).RootElement,
            report is null ? null : JsonDocument.Parse(report).RootElement);
    }

    /// <summary>
    /// The report as someone other than the provider may see it. Its examples were masked at load time with the fields'
    /// default masks; where the provider has since set a different mask on a field, that field's example values are
    /// withheld (row and line numbers stay), so a report never shows more than the row API would.
    /// </summary>
    internal static string ReportFor(string reportJson, DatasetSchema schema, IReadOnlyDictionary<string, string> overrides)
    {
        bool Changed(string field) => overrides.TryGetValue(field, out var o) && schema.Find(field) is { } f && o != f.Mask;
        var keyChanged = schema.Fields.Where(f => f.IsKey).Any(f => Changed(f.Name));
        var report = QualityReport.FromJson(reportJson);
        var problems = report.Problems.Select(p =>
            (p.Field is null ? keyChanged : Changed(p.Field)) || (p.Field is null && p.Code.StartsWith("uniqueness.", StringComparison.Ordinal) && keyChanged)
                ? p with { Examples = p.Examples.Select(e => e with { Value = null }).ToList() }
                : p).ToList();
        return (report with { Problems = problems }).ToJson();
    }
}

/// <summary>In-memory progress of loads running in this process (the upload screen polls the version).</summary>
public static class LoadProgressBoard
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, LoadProgress> Board = new();
    public static LoadProgress? Get(Guid versionId) => Board.TryGetValue(versionId, out var p) ? p : null;
    internal static void Set(Guid versionId, LoadProgress p) => Board[versionId] = p;
    internal static void Clear(Guid versionId) => Board.TryRemove(versionId, out _);
}

/// <summary>
/// After a crash: versions still "Loading" whose loader process is gone are marked Failed ("interrupted"), and row
/// storages that no live version owns are removed. Runs at start-up (server and CLI). Nothing of an interrupted load
/// was ever served, so this only tidies; it does not change what readers see.
/// </summary>
public sealed class DatasetRecovery(ShuzhiDb db, IRowStore store)
{
    /// <summary>machine:pid:start-ticks of this process.</summary>
    public static readonly string ThisProcess = Describe(Environment.ProcessId);

    private static string Describe(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return $"{Environment.MachineName}:{pid}:{p.StartTime.ToUniversalTime().Ticks}";
        }
        catch (ArgumentException) { return $"{Environment.MachineName}:{pid}:gone"; }
        catch (InvalidOperationException) { return $"{Environment.MachineName}:{pid}:gone"; }
    }

    private static bool Alive(string? loader)
    {
        if (loader is null) return false;
        var parts = loader.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName) return true; // another machine: not ours to judge
        return int.TryParse(parts[1], out var pid) && Describe(pid) == loader;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var stuck = await db.Set<DataVersion>().Where(v => v.State == DataVersionState.Loading).ToListAsync(ct);
        var interrupted = stuck.Where(v => !Alive(v.LoaderProcess)).ToList();
        foreach (var v in interrupted)
        {
            v.State = DataVersionState.Failed;
            v.Error = "interrupted: the loading process stopped before the version was complete";
            v.CompletedAt = db.Clock.GetUtcNow();
            db.Audit(Actor.System, "dataset.load.interrupted", LoadDataset.Subject(v.EntryCode, v.Number), new { loader = v.LoaderProcess });
        }
        if (interrupted.Count > 0) await db.SaveChangesAsync(ct);
        // Storages first, then the versions that own them: a load that starts in between has its version row before its
        // storage, so it is never taken for a leftover.
        var present = await store.ListAsync(ct);
        var live = (await db.Set<DataVersion>().AsNoTracking()
            .Where(v => v.State != DataVersionState.Failed).Select(v => v.Storage).ToListAsync(ct)).ToHashSet();
        foreach (var name in present)
            if (!live.Contains(name)) await store.DropAsync(name, ct);
        return interrupted.Count;
    }
}

/// <summary>A read-through stream that computes the SM3 of what was read (the file's fingerprint in the version record).</summary>
internal sealed class Sm3Stream(Stream inner) : Stream
{
    private readonly SM3Digest digest = new();
    /// <summary>Bytes read so far.</summary>
    public long BytesSeen { get; private set; }
    public string HashHex()
    {
        var buffer = new byte[32];
        inner.CopyTo(Null); // nothing should remain; consume defensively
        digest.DoFinal(buffer, 0);
        return Convert.ToHexStringLower(buffer);
    }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        digest.BlockUpdate(buffer[..n]);
        BytesSeen += n;
        return n;
    }
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        digest.BlockUpdate(buffer.Span[..n]);
        BytesSeen += n;
        return n;
    }
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesSeen; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
}
