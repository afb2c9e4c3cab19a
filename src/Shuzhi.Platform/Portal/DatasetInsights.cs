using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Loading;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>How often one kind of problem occurred (the code, its dimension and severity, the catalogue field) — never an example value.</summary>
public sealed record ProblemCount(string Code, QualityDimension Dimension, ProblemSeverity Severity, string? Field, long Count);

/// <summary>The published version's quality as the public sees it: score, dimension scores, problem counts, timeliness.</summary>
public sealed record QualitySummary(int Version, double Score, long Rows, IReadOnlyList<DimensionScore> Dimensions,
    IReadOnlyList<ProblemCount> Problems, TimelinessAssessment Timeliness);

/// <summary>One published data version: when it was published, its rows and score, and how its load stood against the update cycle.</summary>
public sealed record PublishedDataVersion(int Number, DateTimeOffset PublishedAt, long Rows, double? Score, TimelinessStatus? Status,
    DateOnly? DueDate, int DaysLate, bool Current);

/// <summary>The published versions and whether the next update is due or overdue now (<see cref="Timeliness.Assess"/>).</summary>
public sealed record VersionHistory(UpdateCycle Cycle, IReadOnlyList<PublishedDataVersion> Versions, TimelinessAssessment Now);

/// <summary>
/// What the dataset page shows about an open package's data beyond its rows (issue 5 item 3): the quality report's summary
/// and the published versions with their timeliness. Only for open packages (<see cref="DatasetAccess.IsOpen"/>); null otherwise.
/// The quality report's examples (masked cell values) are never passed on: only codes, fields and counts.
/// Timeliness is <see cref="Timeliness"/>'s rule, the same the quality report applies at each load.
/// </summary>
public sealed class DatasetInsights(ShuzhiDb db, DatasetDirectory directory)
{
    public const int MaxVersions = 20;

    public async Task<QualitySummary?> QualityAsync(string code, CancellationToken ct)
    {
        var s = await directory.GetAsync(code, ct);
        if (s is null || !DatasetAccess.IsOpen(s) || s.Published!.ReportJson is not { } json) return null;
        var report = QualityReport.FromJson(json);
        var fields = s.PublishedSchema?.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        return new QualitySummary(s.Published.Number, report.Score, report.Rows, report.Dimensions,
            report.Problems.Select(p => new ProblemCount(p.Code, p.Dimension, p.Severity, p.Field is { } f && fields.Contains(f) ? f : null, p.Count)).ToList(),
            report.Timeliness);
    }

    /// <summary>The fields the public receives masked (the open agreement names them: never to be re-identified).</summary>
    public async Task<IReadOnlyList<string>> MaskedFieldsAsync(string code, CancellationToken ct)
    {
        var s = await directory.GetAsync(code, ct);
        if (s is null || !DatasetAccess.IsOpen(s)) return [];
        var view = await directory.OpenPublicAsync(code, ct);
        return view.Schema.Fields.Where((_, i) => view.Masks[i].Kind != Core.Datasets.MaskKind.None).Select(f => f.Name).ToList();
    }

    public async Task<VersionHistory?> VersionsAsync(OpenPackage package, CancellationToken ct)
    {
        var s = await directory.GetAsync(package.Code, ct);
        if (s is null || !DatasetAccess.IsOpen(s)) return null;
        var cycle = Enum.TryParse<UpdateCycle>(package.UpdateCycle, out var c) ? c : UpdateCycle.Irregular;
        var rows = await db.Set<DataVersion>().AsNoTracking()
            .Where(v => v.EntryId == s.EntryId && (v.State == DataVersionState.Published || v.State == DataVersionState.Superseded) && v.PublishedAt != null)
            .OrderByDescending(v => v.Number).Take(MaxVersions)
            .Select(v => new { v.Number, v.PublishedAt, v.Rows, v.Score, v.ReportJson }).ToListAsync(ct);
        var versions = rows.Select(v =>
        {
            var t = v.ReportJson is null ? null : QualityReport.FromJson(v.ReportJson).Timeliness;
            return new PublishedDataVersion(v.Number, v.PublishedAt!.Value, v.Rows, v.Score, t?.Status, t?.DueDate, t?.DaysLate ?? 0, v.Number == s.Published!.Number);
        }).ToList();
        // Is the next update overdue today? The same rule, from the last publication to now.
        var now = Timeliness.Assess(cycle, s.Dataset?.LastPublishedAt ?? s.Published!.PublishedAt, db.Clock.GetUtcNow());
        return new VersionHistory(cycle, versions, now);
    }
}
