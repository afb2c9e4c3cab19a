using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets.Reading;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>What users contribute to the portal, the licences offered, and the views of both kinds.</summary>
public static class Contributions
{
    /// <summary>Licences a user may open social data under (open licences only).</summary>
    public static readonly IReadOnlyList<string> Licences = ["CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "ODC-BY-1.0"];

    public sealed record DataView(Guid Id, string Title, string Description, string Licence, string SubmitterName, string FileName, string Format,
        string? Encoding, long Rows, IReadOnlyList<string> Columns, string State, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, string? RejectReason);

    public sealed record DataPreview(DataView Data, IReadOnlyList<IReadOnlyList<string?>> Rows);

    public sealed record ShowcaseView(Guid Id, string Title, string Description, string Url, IReadOnlyList<string> Datasets, string SubmitterName,
        string State, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, string? RejectReason);

    internal static DataView View(CommunityDataset d) => new(d.Id, d.Title, d.Description, d.Licence, d.SubmitterName, d.FileName, d.Format, d.Encoding, d.Rows,
        JsonSerializer.Deserialize<string[]>(d.ColumnsJson)!, d.State.ToString(), ChinaTime.ToChina(d.SubmittedAt),
        d.ReviewedAt is { } r ? ChinaTime.ToChina(r) : null, d.RejectReason);

    internal static ShowcaseView View(ShowcaseItem s) => new(s.Id, s.Title, s.Description, s.Url, s.Codes, s.SubmitterName, s.State.ToString(),
        ChinaTime.ToChina(s.SubmittedAt), s.ReviewedAt is { } r ? ChinaTime.ToChina(r) : null, s.RejectReason);

    internal static Validator Text(this Validator v, string? title, string? description)
        => v.NotBlank(title, "title", "标题").MaxLength(title?.Trim(), 200, "title")
            .NotBlank(description, "description", "说明").MaxLength(description?.Trim(), 4000, "description");
}

/// <summary>
/// POST /api/v1/open/community-data (multipart: file, title, description, licence): a user opens social data of their own
/// (支持用户上传自愿开放的社会数据). The file is read by the dataset readers (<see cref="TabularReader"/>: format and encoding
/// detected as for a department's load); an unreadable file, or one that is not CSV/XLSX, is refused. Pending until reviewed.
/// </summary>
public sealed class SubmitCommunityData(ShuzhiDb db)
{
    public sealed record Command(string? Title, string? Description, string? Licence, string? FileName, byte[]? Content);

    public static ValidationProblem TooLarge() => new([new FieldError("file", "max-size", $"文件不能超过 {CommunityDataset.MaxBytes / 1024 / 1024} MB / at most {CommunityDataset.MaxBytes / 1024 / 1024} MB")]);

    public async Task<Contributions.DataView> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var v = new Validator().Text(c.Title, c.Description)
            .Require(c.Licence is not null && Contributions.Licences.Contains(c.Licence), "licence", "one-of", $"licence must be one of {string.Join(", ", Contributions.Licences)}")
            .Require(c.Content is { Length: > 0 }, "file", "required", "请选择文件 / a file is required");
        if (c.Content is { Length: > CommunityDataset.MaxBytes }) throw TooLarge();
        v.ThrowIfAny();
        actor.Require(Policies.OpenCommunity);

        string[] columns;
        var preview = new List<string?[]>();
        long rows = 0;
        SourceDetection detection;
        try
        {
            using var source = TabularReader.Open(new MemoryStream(c.Content!, writable: false), c.FileName ?? "data.csv");
            detection = source.Detection;
            if (detection.Format is not (SourceFormat.Csv or SourceFormat.Xlsx))
                throw new ValidationProblem([new FieldError("file", "format", $"只接受 CSV 或 XLSX 文件 / CSV or XLSX only (this is {detection.Format})")]);
            columns = source.Headers.ToArray();
            while (source.Read())
            {
                rows++;
                if (preview.Count < CommunityDataset.PreviewRows)
                    preview.Add(Enumerable.Range(0, source.FieldCount).Select(i => source.GetKind(i) == CellKind.Empty ? null : source.GetString(i)).ToArray());
            }
        }
        catch (TabularReadException e)
        {
            throw new ValidationProblem([new FieldError("file", "readable", "文件无法读取 / the file cannot be read: " + e.Message)]);
        }
        new Validator().Require(columns.Length > 0 && rows > 0, "file", "empty", "文件没有数据行 / the file has no data rows").ThrowIfAny();

        var d = new CommunityDataset
        {
            Id = Guid.NewGuid(), SubmitterId = actor.UserId, SubmitterName = actor.DisplayName, Title = c.Title!.Trim(), Description = c.Description!.Trim(),
            Licence = c.Licence!, FileName = Path.GetFileName(c.FileName ?? "data.csv"), Format = detection.Format.ToString().ToUpperInvariant(),
            Encoding = detection.Encoding, Content = c.Content!, ColumnsJson = JsonSerializer.Serialize(columns), PreviewJson = JsonSerializer.Serialize(preview),
            Rows = rows, State = ReviewState.Pending, SubmittedAt = db.Clock.GetUtcNow(),
        };
        db.Add(d);
        db.Audit(actor, "opendata.community.submit", $"community-data:{d.Id}", new { d.Title, d.Format, d.Rows, bytes = d.Content.Length, d.Licence });
        await db.SaveChangesAsync(ct);
        return Contributions.View(d);
    }
}

/// <summary>POST /api/v1/open/showcase: a user submits an application or result built on open data; pending until reviewed.</summary>
public sealed class SubmitShowcase(ShuzhiDb db, OpenCatalogue catalogue)
{
    public sealed record Command(string? Title, string? Description, string? Url, IReadOnlyList<string>? Datasets);

    public async Task<Contributions.ShowcaseView> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var codes = (c.Datasets ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList();
        var v = new Validator().Text(c.Title, c.Description)
            .Require(Uri.TryCreate(c.Url?.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp),
                "url", "format", "链接须为 http(s) 网址 / url must be an http(s) address")
            .MaxLength(c.Url?.Trim(), 500, "url")
            .Require(codes.Count is >= 1 and <= 20, "datasets", "count", "请列出所用的开放数据集（1–20 个） / name 1–20 open datasets used");
        v.ThrowIfAny();
        actor.Require(Policies.OpenCommunity);
        var open = (await catalogue.ListAsync(ct)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = codes.Where(x => !open.Contains(x)).ToList();
        new Validator().Require(unknown.Count == 0, "datasets", "open", $"不是开放数据集 / not open datasets: {string.Join(", ", unknown)}").ThrowIfAny();
        var s = new ShowcaseItem
        {
            Id = Guid.NewGuid(), SubmitterId = actor.UserId, SubmitterName = actor.DisplayName, Title = c.Title!.Trim(), Description = c.Description!.Trim(),
            Url = c.Url!.Trim(), DatasetCodes = string.Join('\n', codes), State = ReviewState.Pending, SubmittedAt = db.Clock.GetUtcNow(),
        };
        db.Add(s);
        db.Audit(actor, "opendata.showcase.submit", $"showcase:{s.Id}", new { s.Title, s.Url, datasets = codes });
        await db.SaveChangesAsync(ct);
        return Contributions.View(s);
    }
}

/// <summary>
/// POST /api/v1/community/review/{data|showcase}/{id}/approve|reject: the bureau decides whether a submission shows on the
/// portal. Only a pending submission is decided; a rejection names its reason, which the submitter sees.
/// </summary>
public sealed class ReviewSubmission(ShuzhiDb db)
{
    public sealed record Command(bool Approve, string? Reason);

    public async Task<string> Handle(Actor actor, string kind, Guid id, Command c, CancellationToken ct)
    {
        new Validator().Require(kind is "data" or "showcase", "kind", "one-of", "kind must be data or showcase")
            .Require(c.Approve || !string.IsNullOrWhiteSpace(c.Reason), "reason", "required", "驳回须说明理由 / a rejection needs a reason")
            .MaxLength(c.Reason?.Trim(), 1000, "reason").ThrowIfAny();
        actor.Require(Policies.CommunityReview);
        IReviewed item = kind == "data"
            ? await db.Set<CommunityDataset>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundProblem("community-data", id.ToString())
            : await db.Set<ShowcaseItem>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundProblem("showcase", id.ToString());
        if (item.State != ReviewState.Pending)
            throw new ConflictProblem("already-reviewed", $"已审核（{item.State}） / already reviewed ({item.State})");
        item.State = c.Approve ? ReviewState.Approved : ReviewState.Rejected;
        item.ReviewedBy = actor.DisplayName;
        item.ReviewedAt = db.Clock.GetUtcNow();
        item.RejectReason = c.Approve ? null : c.Reason!.Trim();
        db.Audit(actor, $"opendata.{(kind == "data" ? "community" : "showcase")}.{(c.Approve ? "approve" : "reject")}", $"{(kind == "data" ? "community-data" : "showcase")}:{id}",
            new { item.Title, reason = item.RejectReason });
        await db.SaveChangesAsync(ct);
        return item.State.ToString();
    }
}

/// <summary>
/// Reading contributions: the portal's lists (approved only — a pending or rejected submission does not exist for anyone but
/// its submitter and the bureau), the submitter's own with their state, the bureau's queue, and the showcase indicator.
/// </summary>
public sealed class ContributionQueries(ShuzhiDb db)
{
    /// <summary>A data set as listed: without its file and preview rows.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<CommunityDataset, CommunityDataset>> Listed = d => new CommunityDataset
    {
        Id = d.Id, SubmitterId = d.SubmitterId, SubmitterName = d.SubmitterName, Title = d.Title, Description = d.Description, Licence = d.Licence,
        FileName = d.FileName, Format = d.Format, Encoding = d.Encoding, Content = Array.Empty<byte>(), ColumnsJson = d.ColumnsJson, PreviewJson = "",
        Rows = d.Rows, State = d.State, SubmittedAt = d.SubmittedAt, ReviewedBy = d.ReviewedBy, ReviewedAt = d.ReviewedAt, RejectReason = d.RejectReason,
    };

    public async Task<IReadOnlyList<Contributions.DataView>> ApprovedData(CancellationToken ct) =>
        (await db.Set<CommunityDataset>().AsNoTracking().Where(d => d.State == ReviewState.Approved).Select(Listed).ToListAsync(ct))
        .OrderByDescending(d => d.ReviewedAt).Select(Contributions.View).ToList();

    /// <summary>An approved data set with its preview rows; null if there is none or it is not approved.</summary>
    public async Task<Contributions.DataPreview?> ApprovedPreview(Guid id, CancellationToken ct)
    {
        var d = await db.Set<CommunityDataset>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.State == ReviewState.Approved, ct);
        return d is null ? null : new(Contributions.View(d), JsonSerializer.Deserialize<string?[][]>(d.PreviewJson)!);
    }

    /// <summary>The file of an approved data set (the bureau may fetch any, to review it).</summary>
    public async Task<(string FileName, string Format, byte[] Content)?> File(Actor? actor, Guid id, CancellationToken ct)
    {
        var reviewer = actor is not null && actor.Satisfies(Policies.CommunityReview);
        var d = await db.Set<CommunityDataset>().AsNoTracking()
            .Where(x => x.Id == id && (reviewer || x.State == ReviewState.Approved)).Select(x => new { x.FileName, x.Format, x.Content }).FirstOrDefaultAsync(ct);
        return d is null ? null : (d.FileName, d.Format, d.Content);
    }

    public async Task<IReadOnlyList<Contributions.ShowcaseView>> ApprovedShowcase(string? dataset, CancellationToken ct)
    {
        var rows = await db.Set<ShowcaseItem>().AsNoTracking().Where(s => s.State == ReviewState.Approved).ToListAsync(ct);
        return rows.Where(s => dataset is null || s.Codes.Contains(dataset)).OrderByDescending(s => s.ReviewedAt).Select(Contributions.View).ToList();
    }

    /// <summary>Indicator: applications built on open data (approved showcase items).</summary>
    public Task<int> ApprovedShowcaseCount(CancellationToken ct) => ApprovedShowcaseCountAsync(db, ct);

    /// <summary>The same count with a given unit of work (the bureau's indicators).</summary>
    public static Task<int> ApprovedShowcaseCountAsync(ShuzhiDb db, CancellationToken ct) =>
        db.Set<ShowcaseItem>().CountAsync(s => s.State == ReviewState.Approved, ct);

    public sealed record Mine(IReadOnlyList<Contributions.DataView> Data, IReadOnlyList<Contributions.ShowcaseView> Showcase);

    public async Task<Mine> MineAsync(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenCommunity);
        var data = await db.Set<CommunityDataset>().AsNoTracking().Where(d => d.SubmitterId == actor.UserId).Select(Listed).ToListAsync(ct);
        var items = await db.Set<ShowcaseItem>().AsNoTracking().Where(s => s.SubmitterId == actor.UserId).ToListAsync(ct);
        return new(data.OrderByDescending(d => d.SubmittedAt).Select(Contributions.View).ToList(),
            items.OrderByDescending(s => s.SubmittedAt).Select(Contributions.View).ToList());
    }

    /// <summary>The bureau's queue: pending first, then the latest decided.</summary>
    public async Task<Mine> ForReviewAsync(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.CommunityReview);
        var data = await db.Set<CommunityDataset>().AsNoTracking().Select(Listed).ToListAsync(ct);
        var items = await db.Set<ShowcaseItem>().AsNoTracking().ToListAsync(ct);
        return new(data.OrderBy(d => d.State != ReviewState.Pending).ThenByDescending(d => d.SubmittedAt).Take(200).Select(Contributions.View).ToList(),
            items.OrderBy(s => s.State != ReviewState.Pending).ThenByDescending(s => s.SubmittedAt).Take(200).Select(Contributions.View).ToList());
    }
}
