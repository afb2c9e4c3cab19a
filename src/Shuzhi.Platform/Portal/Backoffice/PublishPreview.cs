using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>
/// 发布预览 (spec 20 back office): how the portal will show an entry before it is opened — the catalogue version that is
/// being prepared (or the published one) and the first <see cref="Rows"/> rows of a data version, masked exactly as the
/// public will receive them (<see cref="DatasetDirectory.PublicView"/>, <see cref="RowCells.Visible"/>), with the
/// sensitive-field scan of that version. Only those who see every version (the provider department, the bureau of its
/// division — <see cref="DatasetAccess.Decide"/>); anyone else gets 404.
/// </summary>
public sealed class PublishPreview(ShuzhiDb db, DatasetDirectory directory, IRowStore store, SensitiveScan scan, AccessLog log, TimeProvider clock)
{
    public const int Rows = 20;

    public sealed record Column(string Name, string Type, string Mask);
    public sealed record Result(string Code, string Name, string Summary, string Domain, string OpenType, string ProviderName,
        string UpdateCycle, IReadOnlyList<string> Formats, int CatalogueVersion, string CatalogueState, bool OpenNow, bool WillOpen,
        int? DataVersion, string? DataState, long DataRows, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<string?>> FirstRows,
        IReadOnlyList<SensitiveFinding> Findings);

    public async Task<Result> Handle(Actor actor, string code, int? version, CancellationToken ct)
    {
        actor.Require(Policies.OpenBackoffice);
        var s = await directory.GetAsync(code, ct) ?? throw new NotFoundProblem("catalogue entry", code);
        if (!DatasetAccess.Decide(actor, s, ChinaTime.DateOf(clock.GetUtcNow())).AllVersions) throw new NotFoundProblem("catalogue entry", code);
        var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstAsync(e => e.Id == s.EntryId, ct);
        // The version being prepared (what approval would publish), else the published one.
        var cv = await db.Set<EntryVersion>().AsNoTracking().FirstAsync(v => v.EntryId == entry.Id && v.Number == entry.CurrentVersion, ct);
        var a = JsonSerializer.Deserialize<EntryAttributes>(cv.AttributesJson, EntryAttributes.Json)!;

        var versions = db.Set<DataVersion>().AsNoTracking().Where(v => v.EntryId == entry.Id);
        var data = version is { } n
            ? await versions.FirstOrDefaultAsync(v => v.Number == n, ct) ?? throw new NotFoundProblem("data version", $"{code} v{n}")
            : await versions.Where(v => v.State == DataVersionState.Loaded).OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct)
              ?? await versions.Where(v => v.State == DataVersionState.Published).FirstOrDefaultAsync(ct);
        if (data is not null && data.State is not (DataVersionState.Loaded or DataVersionState.Published or DataVersionState.Superseded))
            throw new ConflictProblem("version-has-rows", $"version {data.Number} is {data.State.ToString().ToLowerInvariant()}: it has no rows to preview");

        var columns = new List<Column>();
        var rows = new List<IReadOnlyList<string?>>();
        IReadOnlyList<SensitiveFinding> findings = [];
        if (data is not null)
        {
            var view = directory.PublicView(s, data, DatasetSchema.FromJson(data.SchemaJson));
            for (var i = 0; i < view.Schema.Fields.Count; i++)
                columns.Add(new Column(view.Schema.Fields[i].Name, view.Schema.Fields[i].Type.ToString(), view.Masks[i].ToString()));
            await foreach (var r in store.ScanAsync(data.Storage, view.RowSchema, new RowQuery { Limit = Rows }, ct))
            {
                var bad = RowCells.Bad(r.Bad);
                rows.Add(Enumerable.Range(0, columns.Count).Select(i => RowCells.Text(RowCells.Visible(view, i, r.Values[i], bad))).ToList());
            }
            findings = await scan.ScanAsync(s, data, ct);
            log.Record(actor, "opendata.preview", LoadDataset.Subject(code, data.Number), new { rows = rows.Count });
        }
        return new Result(code, cv.Name, cv.Summary, cv.Domain, cv.OpenType.ToString(), entry.ProviderName,
            (a.UpdateCycle ?? UpdateCycle.Irregular).ToString(), a.Formats ?? [], cv.Number, cv.State.ToString(), DatasetAccess.IsOpen(s),
            SensitiveScan.Opens(cv.OpenType), data?.Number, data?.State.ToString(), data?.Rows ?? 0, columns, rows, findings);
    }
}
