using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Datasets;

/// <summary>How to read the file and build the version.</summary>
public sealed record LoadRequest
{
    public LoadMode Mode { get; init; } = LoadMode.Replace;
    public ReadOptions Read { get; init; } = ReadOptions.Default;
    /// <summary>User mapping {field: file column}; fields not named are matched by name.</summary>
    public IReadOnlyDictionary<string, string>? Mapping { get; init; }
    /// <summary>Publish at once when the score meets the threshold (otherwise the version stays Loaded).</summary>
    public bool Publish { get; init; } = true;
}

/// <summary>Progress of a load, for the CLI bar and the upload screen.</summary>
public sealed record LoadProgress(int Version, string Phase, long Rows, long BytesRead, long? TotalBytes);

/// <summary>What a load produced.</summary>
public sealed record LoadResult(DataVersionSummary Version, QualityReport Report);

/// <summary>
/// Loads a file into a new immutable version of an entry's data (spec 10 §2; issue 3 item 1).
/// Atomic: the rows are written to a new storage that nobody reads; only when it is complete and durable does one
/// database transaction mark the version Loaded (and, if asked and the quality gate passes, Published). A failure,
/// a cancellation or a killed process leaves the previous version served and the new one Failed or (after a crash)
/// recognised as interrupted by <see cref="DatasetRecovery"/>, which also removes its leftover rows.
/// Parsing and checking run on one thread while another writes (a bounded channel between them), so the
/// memory in flight is a few batches whatever the file size.
/// </summary>
public sealed class LoadDataset(ShuzhiDb db, IRowStore store, MaskingKey maskingKey, ShuzhiOptions options, IEnumerable<IDataPublishCheck> checks)
{
    private const int BatchRows = 2048, BatchesInFlight = 8;

    public async Task<LoadResult> Handle(Actor actor, string entryCode, Stream file, string fileName, LoadRequest request,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        actor.Require(Policies.DatasetLoad);
        var entry = await db.Set<CatalogueEntry>().FirstOrDefaultAsync(e => e.Code == entryCode, ct);
        if (entry is null || !CatalogueAccess.SeesEntry(actor, entry)) throw new NotFoundProblem("catalogue entry", entryCode);
        if (!actor.IsSystem && entry.ProviderOrganisationId != actor.OrganisationId)
            throw new ForbiddenProblem(Policies.DatasetLoad.Name, "only the provider department loads data into its entries");
        if (entry.State == EntryState.Withdrawn) throw new ConflictProblem("entry-withdrawn", "the entry has been withdrawn; data can no longer be loaded into it");

        var catalogueVersion = entry.PublishedVersion ?? entry.CurrentVersion;
        var attributes = (await db.Set<EntryVersion>().AsNoTracking()
            .FirstAsync(v => v.EntryId == entry.Id && v.Number == catalogueVersion, ct)).Attributes;
        var schema = DatasetSchema.From(attributes.Fields ?? []);
        if (schema.Fields.Count == 0) throw new ConflictProblem("entry-has-fields", "the entry lists no data items (fields); describe them in the catalogue first");

        var dataset = await db.Set<Dataset>().FirstOrDefaultAsync(d => d.EntryId == entry.Id, ct);
        if (dataset is null)
        {
            dataset = new Dataset { EntryId = entry.Id, EntryCode = entry.Code, ProviderOrganisationId = entry.ProviderOrganisationId, ProviderDivisionCode = entry.ProviderDivisionCode };
            db.Add(dataset);
        }

        DataVersion? basis = null;
        if (request.Mode != LoadMode.Replace)
        {
            basis = dataset.PublishedVersion is { } p
                ? await db.Set<DataVersion>().AsNoTracking().FirstAsync(v => v.EntryId == entry.Id && v.Number == p, ct)
                : throw new ValidationProblem([new FieldError("mode", "basis-exists", $"{request.Mode.ToString().ToLowerInvariant()} needs a published version to build on; the first load must be mode=replace")]);
            if (!DatasetSchema.FromJson(basis.SchemaJson).SameLayout(schema))
                throw new ValidationProblem([new FieldError("mode", "same-fields", $"the entry's fields changed since version {basis.Number}; load the whole data with mode=replace")]);
            if (basis.StoreKind != store.Kind)
                throw new ValidationProblem([new FieldError("mode", "same-store", $"version {basis.Number} is stored in {basis.StoreKind}, this platform runs on {store.Kind}; load with mode=replace")]);
        }
        if (request.Mode == LoadMode.Upsert && schema.KeyColumns.Count == 0)
            throw new ValidationProblem([new FieldError("mode", "key-defined", "upsert matches rows by the entry's key, and no field of the entry is marked as an identifier (isIdentifier)")]);

        var threshold = await QualityGate.ThresholdAsync(db, entry.ProviderDivisionCode, ct);
        var now = db.Clock.GetUtcNow();
        var number = ++dataset.LastVersion;
        dataset.Version++;
        var version = new DataVersion
        {
            Id = Guid.NewGuid(), EntryId = entry.Id, EntryCode = entry.Code, Number = number, State = DataVersionState.Loading,
            Mode = request.Mode, BasisVersion = basis?.Number, Storage = $"v{entry.Id:N}_{number}", StoreKind = store.Kind, CatalogueVersion = catalogueVersion,
            FileName = Path.GetFileName(fileName), LoadedBy = actor.Username, StartedAt = now, Threshold = threshold,
            LoaderProcess = DatasetRecovery.ThisProcess, SchemaJson = schema.ToJson(),
        };
        db.Add(version);
        db.Audit(actor, "dataset.load.start", Subject(entry.Code, number), new { file = version.FileName, mode = request.Mode.ToString(), basis = basis?.Number });
        await db.SaveChangesAsync(ct); // the version number is taken (a concurrent load gets a concurrency conflict → 409)

        IProgress<LoadProgress> both = new FanOut(progress, version.Id);
        try
        {
            var (report, rows, detection, mapped, sm3, bytes) = await WriteAsync(version, schema, basis, file, fileName, request, both, dataset, ct);
            version.SchemaJson = mapped.ToJson();
            version.DetectionJson = JsonSerializer.Serialize(detection, EntryAttributes.Json);
            version.FileSm3 = sm3;
            version.FileBytes = bytes;
            version.Rows = rows;
            version.Score = report.Score;
            version.GatePassed = report.Score >= threshold;
            version.ReportJson = report.ToJson();
            version.CompletedAt = db.Clock.GetUtcNow();
            version.State = DataVersionState.Loaded;
            db.Audit(actor, "dataset.load", Subject(entry.Code, number), new { rows, score = report.Score, threshold, gate = version.GatePassed, fileSm3 = sm3 });
            // A publish check's finding (sensitive fields of open data) needs a person to confirm: the load stays unpublished.
            if (request.Publish && version.GatePassed && !await NeedsConfirmationAsync(dataset, version, ct))
                await PublishVersion.ApplyAsync(db, dataset, version, actor, null, ct);
            await db.SaveChangesAsync(CancellationToken.None);
            LoadProgressBoard.Clear(version.Id);
            return new LoadResult(DataVersionSummary.Of(version), report);
        }
        catch (Exception e)
        {
            LoadProgressBoard.Clear(version.Id);
            db.ChangeTracker.Clear();
            await FailAsync(version.Id, actor, e, ct.IsCancellationRequested);
            try { await store.DropAsync(version.Storage, CancellationToken.None); } catch { /* recovery removes it later */ }
            throw e switch
            {
                TabularReadException r => new ValidationProblem([new FieldError("file", "readable", r.Message)]),
                ArgumentException a when a.ParamName is "encoding" or "delimiter" => new ValidationProblem([new FieldError(a.ParamName!, "known", a.Message)]),
                _ => e,
            };
        }
    }

    private async Task<(QualityReport, long, SourceDetection, DatasetSchema, string, long)> WriteAsync(
        DataVersion version, DatasetSchema schema, DataVersion? basis, Stream file, string fileName, LoadRequest request,
        IProgress<LoadProgress>? progress, Dataset dataset, CancellationToken ct)
    {
        var read = request.Read.TotalBytes is null && file.CanSeek ? request.Read with { TotalBytes = file.Length - file.Position } : request.Read;
        var hashing = new Sm3Stream(file);
        using var source = TabularReader.Open(hashing, fileName, read);
        var targets = schema.ToTargetFields();
        var mapping = SchemaMapper.Map(targets, source.Headers, request.Mapping?.ToDictionary(p => p.Key, p => (string?)p.Value)); // 422 naming mapping.{field}
        var mapped = schema with
        {
            Fields = schema.Fields.Select((f, i) => f with { SourceColumn = mapping.Fields[i].ColumnName }).ToList(),
        };
        var collector = new QualityCollector(targets, mapping, maskingKey.Hasher);
        var checker = new RowChecker(targets, mapping, DateOnly.FromDateTime(db.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime));

        await using var writer = await store.CreateAsync(version.Storage, schema.ToRowSchema(), request.Mode, basis?.Storage, ct);
        var channel = Channel.CreateBounded<(object?[][] Rows, string?[] Bad, int Count)>(
            new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        // Parse and check on one thread …
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var rows = new object?[BatchRows][];
                var bad = new string?[BatchRows];
                var n = 0;
                var lastReport = Stopwatch.GetTimestamp();
                var started = lastReport;
                var cap = options.Datasets.LoadRowsPerSecond;
                while (source.Read())
                {
                    var values = new object?[targets.Count];
                    bad[n] = checker.Check(source, values);
                    collector.Add(source, checker);
                    rows[n++] = values;
                    if (n == BatchRows)
                    {
                        if (!channel.Writer.TryWrite((rows, bad, n))) channel.Writer.WriteAsync((rows, bad, n), stop.Token).AsTask().GetAwaiter().GetResult();
                        rows = new object?[BatchRows][];
                        bad = new string?[BatchRows];
                        n = 0;
                        if (cap > 0)
                        {
                            var due = TimeSpan.FromSeconds((double)source.RowNumber / cap) - Stopwatch.GetElapsedTime(started);
                            if (due > TimeSpan.Zero) Thread.Sleep(due);
                        }
                        if (Stopwatch.GetElapsedTime(lastReport).TotalMilliseconds > 200)
                        {
                            lastReport = Stopwatch.GetTimestamp();
                            progress?.Report(new LoadProgress(version.Number, "reading", source.RowNumber, source.BytesRead, source.TotalBytes));
                        }
                    }
                }
                if (n > 0) channel.Writer.WriteAsync((rows, bad, n), stop.Token).AsTask().GetAwaiter().GetResult();
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
                throw;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // … while this one writes.
        try
        {
            await foreach (var (rows, bad, count) in channel.Reader.ReadAllAsync(stop.Token))
                for (var i = 0; i < count; i++)
                    await writer.AddAsync(rows[i], bad[i], stop.Token);
        }
        catch
        {
            stop.Cancel();
            try { await producer; } catch { /* the writer's failure is the one to report */ }
            throw;
        }
        await producer;
        progress?.Report(new LoadProgress(version.Number, "indexing", source.RowNumber, source.BytesRead, source.TotalBytes));
        var total = await writer.CommitAsync(ct);
        var timeliness = Timeliness.Assess(await UpdateCycleAsync(version, ct), dataset.LastPublishedAt, db.Clock.GetUtcNow());
        var report = collector.Complete(source, timeliness);
        progress?.Report(new LoadProgress(version.Number, "done", source.RowNumber, source.BytesRead, source.TotalBytes));
        return (report, total, source.Detection, mapped, hashing.HashHex(), hashing.BytesSeen);
    }

    private async Task<UpdateCycle> UpdateCycleAsync(DataVersion version, CancellationToken ct)
    {
        var attrs = await db.Set<EntryVersion>().AsNoTracking()
            .Where(v => v.EntryId == version.EntryId && v.Number == version.CatalogueVersion).Select(v => v.AttributesJson).FirstAsync(ct);
        return JsonSerializer.Deserialize<EntryAttributes>(attrs, EntryAttributes.Json)!.UpdateCycle ?? UpdateCycle.Irregular;
    }

    private async Task FailAsync(Guid versionId, Actor actor, Exception e, bool cancelled)
    {
        var v = await db.Set<DataVersion>().FirstAsync(x => x.Id == versionId, CancellationToken.None);
        v.State = DataVersionState.Failed;
        v.CompletedAt = db.Clock.GetUtcNow();
        v.Error = cancelled ? "cancelled" : e switch
        {
            ProblemException p => p.Message,
            TabularReadException r => r.Message,
            _ => "internal error: " + e.GetType().Name,
        };
        db.Audit(actor, "dataset.load.fail", Subject(v.EntryCode, v.Number), new { error = v.Error });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Reports to the caller and to <see cref="LoadProgressBoard"/> (the upload screen polls it).</summary>
    private sealed class FanOut(IProgress<LoadProgress>? caller, Guid versionId) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            caller?.Report(value);
            LoadProgressBoard.Set(versionId, value);
        }
    }

    private async Task<bool> NeedsConfirmationAsync(Dataset dataset, DataVersion version, CancellationToken ct)
    {
        foreach (var check in checks)
            if (await check.ConfirmationNeededAsync(dataset, version, ct) is not null) return true;
        return false;
    }

    internal static string Subject(string code, int number) => $"dataset:{code}/v{number}";
}
