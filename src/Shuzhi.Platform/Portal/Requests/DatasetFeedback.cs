using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Requests;

/// <summary>How a provider answers an objection (苏州 task 10 "异议核实与处理").</summary>
public static class ObjectionOutcomes
{
    /// <summary>已更正: the data was wrong and has been (or will be, in the next version) corrected.</summary>
    public const string Corrected = "corrected";
    /// <summary>经核实无误: not an error.</summary>
    public const string NotAnError = "not-an-error";
    public static readonly string[] All = [Corrected, NotAnError];
}

/// <summary>
/// An objection (异议) of a signed-in public user to an open dataset (苏州 task 10): which field, which rows, what is wrong.
/// It goes to the provider as a case (<c>open.objection</c>, step <c>verify-objection</c>, rule SZ-10-OBJECTION: no
/// statutory period, a service target), who verifies and answers (corrected / not an error, with the reason); the user
/// sees the answer on their page. Only open datasets receive objections; the field is a field NAME of the published
/// schema, never a value.
/// </summary>
public sealed class DatasetObjection
{
    public const int MaxRows = 500, MaxText = 2000;

    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Number { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public int DataVersion { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    public Guid UserId { get; set; }
    public required string UserName { get; set; }
    public string? Field { get; set; }
    public string? Rows { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    public int Version { get; set; }
}

/// <summary>A satisfaction rating (满意度评价, 苏州 task 4) of an open dataset: 1–5 stars, one per user and dataset (a new one replaces the old).</summary>
public sealed class DatasetRating
{
    public const int MaxComment = 500;

    public Guid Id { get; set; }
    public required string EntryCode { get; set; }
    public Guid UserId { get; set; }
    public int Stars { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset RatedAt { get; set; }
}

internal sealed class DatasetObjectionConfig : IEntityTypeConfiguration<DatasetObjection>
{
    public void Configure(EntityTypeBuilder<DatasetObjection> b)
    {
        b.ToTable("portal_objections");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CaseId).IsUnique();
        b.HasIndex(x => x.EntryCode);
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => new { x.ProviderOrganisationId, x.Outcome });
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(6);
        b.Property(x => x.UserName).HasMaxLength(100);
        b.Property(x => x.Field).HasMaxLength(100);
        b.Property(x => x.Rows).HasMaxLength(DatasetObjection.MaxRows);
        b.Property(x => x.Description).HasMaxLength(DatasetObjection.MaxText);
        b.Property(x => x.Outcome).HasMaxLength(16);
        b.Property(x => x.Reason).HasMaxLength(DatasetObjection.MaxText);
        b.Property(x => x.AnsweredBy).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class DatasetRatingConfig : IEntityTypeConfiguration<DatasetRating>
{
    public void Configure(EntityTypeBuilder<DatasetRating> b)
    {
        b.ToTable("portal_ratings");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.EntryCode, x.UserId }).IsUnique();
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.Comment).HasMaxLength(DatasetRating.MaxComment);
    }
}

public sealed record ObjectionView(Guid Id, string Number, string EntryCode, string EntryName, int DataVersion, string Provider, string User,
    string? Field, string? Rows, string Description, DateTimeOffset RaisedAt, string Status, DateTimeOffset? Due, string DueText,
    string? Outcome, string? Reason, DateTimeOffset? AnsweredAt, string? AnsweredBy, string RuleId, string Citation)
{
    internal static ObjectionView Of(DatasetObjection o, Step? s) => new(o.Id, o.Number, o.EntryCode, o.EntryName, o.DataVersion, o.ProviderName,
        o.UserName, o.Field, o.Rows, o.Description, ChinaTime.ToChina(o.RaisedAt), o.Outcome is null ? "open" : "answered",
        s?.DueAt is { } d ? ChinaTime.ToChina(d) : null, s is null ? "" : CaseViews.DueText(s),
        o.Outcome, o.Reason, o.AnsweredAt is { } a ? ChinaTime.ToChina(a) : null, o.AnsweredBy,
        Rules.OpenDataObjection.Id, Rules.OpenDataObjection.Citation);
}

/// <summary>What the dataset page shows (anyone): the average rating and count, the objections handled; and the signed-in user's own.</summary>
public sealed record FeedbackSummary(string EntryCode, double? Average, int Ratings, int ObjectionsHandled, int ObjectionsOpen,
    int? MyStars, string? MyComment, IReadOnlyList<ObjectionView> MyObjections, IReadOnlyList<string> Fields);

/// <summary>POST /api/v1/open/datasets/{code}/objections: a public user objects to an open dataset (苏州 task 10).</summary>
public sealed class RaiseObjection(ShuzhiDb db, DatasetDirectory directory, OpenCatalogue catalogue, ICaseDesk desk)
{
    public sealed record Command(string? Field, string? Rows, string? Description);

    public const string RaisedKind = "open.objection.raised";

    public async Task<ObjectionView> Handle(Actor actor, string code, Command c, CancellationToken ct)
    {
        new Validator().NotBlank(c.Description, "description", "异议内容").MaxLength(c.Description, DatasetObjection.MaxText, "description")
            .MaxLength(c.Rows, DatasetObjection.MaxRows, "rows").MaxLength(c.Field, 100, "field").ThrowIfAny();
        actor.Require(Policies.OpenRequest);
        var (view, package) = await DatasetFeedbackQueries.OpenAsync(directory, catalogue, code, ct);
        var field = string.IsNullOrWhiteSpace(c.Field) ? null : c.Field.Trim();
        if (field is not null && view.Schema.Fields.All(f => f.Name != field))
            throw new ValidationProblem("field", "field-of-dataset", $"「{field}」不是该数据集的字段 / not a field of {package.Code}");
        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == view.Snapshot.ProviderOrganisationId, ct);
        var id = Guid.NewGuid();
        var kaseRef = await desk.OpenAsync(actor, new OpenCase("open.objection", $"open-objection:{id}", $"开放数据异议：「{package.Title}」",
            new NextStep("verify-objection", Rules.OpenDataObjection, provider.Id, SubmitDataRequest.RespondRoles)), ct);
        var o = new DatasetObjection
        {
            Id = id, CaseId = kaseRef.Id, Number = kaseRef.Number, EntryCode = package.Code, EntryName = package.Title, DataVersion = view.Version.Number,
            ProviderOrganisationId = provider.Id, ProviderName = provider.Name, ProviderDivisionCode = provider.DivisionCode,
            UserId = actor.UserId, UserName = actor.DisplayName, Field = field, Rows = string.IsNullOrWhiteSpace(c.Rows) ? null : c.Rows.Trim(),
            Description = c.Description!.Trim(), RaisedAt = db.Clock.GetUtcNow(),
        };
        db.Add(o);
        var recipients = await desk.NotifyAsync(provider.Id, SubmitDataRequest.RespondRoles, new NoticeMessage(RaisedKind,
            $"开放数据异议待核实（{o.Number}）：「{o.EntryName}」{(field is null ? "" : "字段「" + field + "」")}", "/open/requests/desk", o.CaseId), ct);
        db.Audit(actor, "open.objection.raise", $"catalogue-entry:{o.EntryCode}", new { objection = o.Id, o.Number, o.DataVersion, field, rows = o.Rows, recipients });
        await db.SaveChangesAsync(ct);
        var step = await db.Set<Step>().AsNoTracking().FirstAsync(s => s.CaseId == o.CaseId, ct);
        return ObjectionView.Of(o, step);
    }
}

/// <summary>POST /api/v1/open/objections/{id}/answer: the provider verifies and answers (corrected / not an error), always with the reason.</summary>
public sealed class AnswerObjection(ShuzhiDb db, ICaseDesk desk)
{
    public sealed record Command(string? Outcome, string? Reason);

    public async Task<ObjectionView> Handle(Actor actor, Guid id, Command c, CancellationToken ct)
    {
        var outcome = c.Outcome?.Trim().ToLowerInvariant();
        var v = new Validator().NotBlank(c.Outcome, "outcome", "核实结果").NotBlank(c.Reason, "reason", "核实说明").MaxLength(c.Reason, DatasetObjection.MaxText, "reason");
        v.Require(c.Outcome is null || ObjectionOutcomes.All.Contains(outcome), "outcome", "one-of", $"outcome must be one of {string.Join(", ", ObjectionOutcomes.All)}");
        v.ThrowIfAny();
        actor.Require(Policies.OpenRespond);
        var o = await db.Set<DatasetObjection>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null || (!actor.IsSystem && o.ProviderOrganisationId != actor.OrganisationId)) throw new NotFoundProblem("objection", id.ToString());
        if (o.Outcome is not null) throw new ConflictProblem("objection.answered", $"{o.Number} was already answered ({o.Outcome})");
        o.Outcome = outcome;
        o.Reason = c.Reason!.Trim();
        o.AnsweredAt = db.Clock.GetUtcNow();
        o.AnsweredBy = actor.DisplayName;
        o.Version++;
        var text = (outcome == ObjectionOutcomes.Corrected ? "已更正" : "经核实无误") + "。" + o.Reason;
        await desk.CompleteStepAsync(actor, o.CaseId, outcome!, text, null, ct);
        await desk.CloseAsync(actor, o.CaseId, outcome!, null, ct);
        db.Audit(actor, "open.objection.answer", $"catalogue-entry:{o.EntryCode}", new { objection = o.Id, o.Number, outcome, o.Reason });
        await db.SaveChangesAsync(ct);
        var step = await db.Set<Step>().AsNoTracking().FirstAsync(s => s.CaseId == o.CaseId, ct);
        return ObjectionView.Of(o, step);
    }
}

/// <summary>PUT /api/v1/open/datasets/{code}/rating: a public user rates an open dataset 1–5 (苏州 task 4); a new rating replaces the old.</summary>
public sealed class RateDataset(ShuzhiDb db, DatasetDirectory directory, OpenCatalogue catalogue, DatasetFeedbackQueries queries)
{
    public sealed record Command(int? Stars, string? Comment);

    public async Task<FeedbackSummary> Handle(Actor actor, string code, Command c, CancellationToken ct)
    {
        var v = new Validator().MaxLength(c.Comment, DatasetRating.MaxComment, "comment");
        v.Require(c.Stars is >= 1 and <= 5, "stars", "range", "评分为 1–5 星 / stars must be 1–5");
        v.ThrowIfAny();
        actor.Require(Policies.OpenRequest);
        var (_, package) = await DatasetFeedbackQueries.OpenAsync(directory, catalogue, code, ct);
        var rating = await db.Set<DatasetRating>().FirstOrDefaultAsync(r => r.EntryCode == package.Code && r.UserId == actor.UserId, ct);
        var replaced = rating?.Stars;
        if (rating is null) db.Add(rating = new DatasetRating { Id = Guid.NewGuid(), EntryCode = package.Code, UserId = actor.UserId });
        rating.Stars = c.Stars!.Value;
        rating.Comment = string.IsNullOrWhiteSpace(c.Comment) ? null : c.Comment.Trim();
        rating.RatedAt = db.Clock.GetUtcNow();
        db.Audit(actor, "open.rating.set", $"catalogue-entry:{package.Code}", new { rating.Stars, replaced, comment = rating.Comment });
        await db.SaveChangesAsync(ct);
        return await queries.Summary(actor, package.Code, ct);
    }
}

/// <summary>The feedback on an open dataset (its page, GET /api/v1/open/datasets/{code}/feedback) and the objections lists.</summary>
public sealed class DatasetFeedbackQueries(ShuzhiDb db, DatasetDirectory directory, OpenCatalogue catalogue)
{
    /// <summary>The open dataset as the public sees it (404 for anything not open) with its package.</summary>
    internal static async Task<(DatasetView View, OpenPackage Package)> OpenAsync(DatasetDirectory directory, OpenCatalogue catalogue, string? code, CancellationToken ct)
    {
        var c = code?.Trim() ?? "";
        var package = await catalogue.FindAsync(c, ct) ?? throw new NotFoundProblem("open dataset", c);
        return (await directory.OpenPublicAsync(c, ct), package);
    }

    /// <param name="actor">null for an anonymous visitor.</param>
    public async Task<FeedbackSummary> Summary(Actor? actor, string code, CancellationToken ct)
    {
        var (view, package) = await OpenAsync(directory, catalogue, code, ct);
        var stars = await db.Set<DatasetRating>().AsNoTracking().Where(r => r.EntryCode == package.Code).Select(r => r.Stars).ToListAsync(ct);
        var outcomes = await db.Set<DatasetObjection>().AsNoTracking().Where(o => o.EntryCode == package.Code).Select(o => o.Outcome).ToListAsync(ct);
        DatasetRating? mine = null;
        IReadOnlyList<ObjectionView> myObjections = [];
        if (actor is not null && !actor.IsSystem)
        {
            mine = await db.Set<DatasetRating>().AsNoTracking().FirstOrDefaultAsync(r => r.EntryCode == package.Code && r.UserId == actor.UserId, ct);
            myObjections = await ViewsAsync(db.Set<DatasetObjection>().AsNoTracking().Where(o => o.EntryCode == package.Code && o.UserId == actor.UserId), ct);
        }
        return new FeedbackSummary(package.Code, stars.Count == 0 ? null : Math.Round(stars.Average(), 1), stars.Count,
            outcomes.Count(o => o is not null), outcomes.Count(o => o is null), mine?.Stars, mine?.Comment, myObjections,
            view.Schema.Fields.Select(f => f.Name).ToList());
    }

    /// <summary>"mine" (the user's objections) or "desk" (the provider's, or the bureau's division).</summary>
    public async Task<IReadOnlyList<ObjectionView>> List(Actor actor, string? scope, CancellationToken ct)
    {
        var q = PortalScope.Apply(db.Set<DatasetObjection>().AsNoTracking(), actor, scope, o => o.UserId, o => o.ProviderOrganisationId, o => o.ProviderDivisionCode);
        return await ViewsAsync(q, ct);
    }

    /// <summary>The comments of the ratings of the provider's open datasets (shown to the provider, not published).</summary>
    public async Task<IReadOnlyList<(string EntryCode, int Stars, string Comment, DateTimeOffset At)>> Comments(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenRespond);
        var codes = await db.Set<Catalogue.CatalogueEntry>().AsNoTracking().Where(e => e.ProviderOrganisationId == actor.OrganisationId).Select(e => e.Code).ToListAsync(ct);
        return (await db.Set<DatasetRating>().AsNoTracking().Where(r => codes.Contains(r.EntryCode) && r.Comment != null).ToListAsync(ct))
            .OrderByDescending(r => r.RatedAt).Take(50).Select(r => (r.EntryCode, r.Stars, r.Comment!, ChinaTime.ToChina(r.RatedAt))).ToList();
    }

    private async Task<IReadOnlyList<ObjectionView>> ViewsAsync(IQueryable<DatasetObjection> q, CancellationToken ct)
    {
        var list = await q.OrderByDescending(o => o.RaisedAt).Take(500).ToListAsync(ct);
        var ids = list.Select(o => o.CaseId).ToList();
        var steps = (await db.Set<Step>().AsNoTracking().Where(s => ids.Contains(s.CaseId) && s.Sequence == 1).ToListAsync(ct)).ToDictionary(s => s.CaseId);
        return list.OrderBy(o => o.Outcome is not null).ThenByDescending(o => o.RaisedAt).Select(o => ObjectionView.Of(o, steps.GetValueOrDefault(o.CaseId))).ToList();
    }
}
