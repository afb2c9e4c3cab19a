using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>The consumer's report on a grant (贵州 art.23(三)): the quality of the shared data, how it was used, and what it achieved.</summary>
public sealed class UsageFeedback
{
    public Guid Id { get; set; }
    public Guid GrantId { get; set; }
    public Guid? ApplicationId { get; set; }
    public Guid ConsumerOrganisationId { get; set; }
    public required string EntryCode { get; set; }
    /// <summary>1 (poor) … 5 (excellent).</summary>
    public int QualityRating { get; set; }
    public required string Quality { get; set; }
    public required string Usage { get; set; }
    public required string Results { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

internal sealed class UsageFeedbackConfig : IEntityTypeConfiguration<UsageFeedback>
{
    public void Configure(EntityTypeBuilder<UsageFeedback> b)
    {
        b.ToTable("usage_feedback");
        b.HasKey(f => f.Id);
        b.HasIndex(f => f.GrantId);
        b.Property(f => f.EntryCode).HasMaxLength(40);
    }
}

/// <summary>
/// The first delivery under a sharing grant (first read or download) starts the consumer's usage report clock:
/// 10 working days (贵州 art.23(三); spec 10 decision: from the first delivery). It opens a `sharing.feedback` case in
/// the consumer's inbox — the reminder — which the overdue job escalates to the consumer's head, deputy and data
/// commissioner when it runs out (art.43). Happens once per grant, whichever process delivers first.
/// </summary>
public sealed class GrantDeliveries(IServiceScopeFactory scopes)
{
    public const string CaseType = "sharing.feedback";
    private readonly ConcurrentDictionary<Guid, byte> done = new();

    public static string Subject(Guid grantId) => $"sharing-grant:{grantId}";

    public async Task FirstAsync(DataGrant grant, CancellationToken ct)
    {
        if (!done.TryAdd(grant.Id, 0)) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
        var desk = scope.ServiceProvider.GetRequiredService<ICaseDesk>();
        var now = db.Clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the first delivery: only one process (and one request) sees the update succeed.
        var claimed = await db.Set<DataGrant>().Where(g => g.Id == grant.Id && g.FirstDeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.FirstDeliveredAt, now), ct);
        if (claimed == 0) return;
        if (grant.IsPersonal)
        {
            // Open data opened to one person (贵州 art.31): recorded, but no usage report is owed (that is art.23(三), between departments).
            db.Audit(Actor.System, "opendata.grant.first-delivery", Subject(grant.Id), new { grant.EntryCode, grantee = grant.GranteeName });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return;
        }
        Role[] roles = [Role.DataCommissioner, Role.DepartmentHead];
        var c = await desk.OpenAsync(Actor.System, new OpenCase(CaseType, Subject(grant.Id), $"使用反馈：{grant.GranteeName}使用「{grant.EntryCode}」",
            new NextStep("usage-feedback", Rules.SharingUsageFeedback, grant.GranteeOrganisationId, roles), now), ct);
        // The reminder: the case is in their inbox with its due date; this notice says why it appeared.
        await desk.NotifyAsync(grant.GranteeOrganisationId, roles, new NoticeMessage("sharing.feedback.due",
            $"已首次获取「{grant.EntryCode}」的共享数据：请在 10 个工作日内反馈共享质量、使用情况和应用成效（贵州省政务数据资源管理办法 第二十三条（三）） / " +
            "first delivery made: report on quality, use and results within 10 working days", $"/sharing/grants", c.Id), ct);
        db.Audit(Actor.System, "sharing.grant.first-delivery", Subject(grant.Id), new { grant.EntryCode, grantee = grant.GranteeName });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

public sealed record FeedbackInput(int? QualityRating, string? Quality, string? Usage, string? Results);

public sealed record GrantLine(Guid Id, string EntryCode, string GranteeName, IReadOnlyList<string> Fields, string? RowFilter, string? Purpose,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string Delivery, string Status, string? Application, string GrantedBy, DateTimeOffset GrantedAt,
    string? RevokedBy, DateTimeOffset? RevokedAt, string? RevokeReason, DateTimeOffset? FirstDeliveredAt, bool FeedbackGiven, bool Sharing);

public sealed record UsageLine(long Sequence, DateTimeOffset At, string Actor, string Organisation, string Action, string Subject, JsonElement Details);

/// <summary>
/// Grants seen from sharing (docs/sharing.md "Grants"): the consumer's own, the provider's on its data, the bureau's in
/// its division; revocation by the provider (at once); the consumer's usage report; and the log of every call under
/// the grants — who, when, which query, how many rows, refusals included — for the same three parties.
/// </summary>
public sealed class SharingGrants(ShuzhiDb db, ICaseDesk desk, AccessLog log)
{
    public async Task<IReadOnlyList<GrantLine>> List(Actor actor, string? entryCode, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var q = Visible(actor);
        if (!string.IsNullOrWhiteSpace(entryCode)) q = q.Where(g => g.EntryCode == entryCode.Trim());
        var grants = await q.OrderByDescending(g => g.GrantedAt).Take(1000).ToListAsync(ct);
        return await LinesAsync(grants, ct);
    }

    public async Task<GrantLine> Get(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var g = await Visible(actor).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundProblem("grant", id.ToString());
        return (await LinesAsync([g], ct))[0];
    }

    /// <summary>The provider revokes a grant on its data: no call under it succeeds from the next request on.</summary>
    public async Task<GrantLine> Revoke(Actor actor, Guid id, string? reason, CancellationToken ct)
    {
        actor.Require(Policies.SharingProvide);
        new Validator().NotBlank(reason, "reason", "撤销理由").MaxLength(reason, SharingApplications.MaxText, "reason").ThrowIfAny();
        var g = await db.Set<DataGrant>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (g is not null && g.GranteeOrganisationId == actor.OrganisationId)
            throw new ForbiddenProblem(Policies.SharingProvide.Name, "only the providing department revokes a grant");
        var provider = g is null ? Guid.Empty
            : await db.Set<Catalogue.CatalogueEntry>().Where(e => e.Id == g.EntryId).Select(e => e.ProviderOrganisationId).FirstOrDefaultAsync(ct);
        if (g is null || provider != actor.OrganisationId) throw new NotFoundProblem("grant", id.ToString());
        if (!MayRevoke(actor, provider, g.GranteeOrganisationId, g.RevokedAt)) throw new ConflictProblem("grant-active", "the grant was already revoked");
        g.RevokedAt = db.Clock.GetUtcNow();
        g.RevokedBy = actor.Username;
        g.RevokeReason = reason!.Trim();
        db.Audit(actor, "dataset.grant.revoke", $"dataset:{g.EntryCode}", new { grant = g.Id, reason = g.RevokeReason });
        await db.SaveChangesAsync(ct);
        return (await LinesAsync([g], ct))[0];
    }

    /// <summary>The consumer's usage report (art.23(三)); the first one completes the feedback case and its clock.</summary>
    public async Task<GrantLine> Feedback(Actor actor, Guid id, FeedbackInput input, CancellationToken ct)
    {
        actor.Require(Policies.SharingApply);
        var g = await db.Set<DataGrant>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.GranteeOrganisationId == actor.OrganisationId, ct)
                ?? throw new NotFoundProblem("grant", id.ToString());
        var v = new Validator();
        if (input.QualityRating is not (>= 1 and <= 5)) v.Add("qualityRating", "range", "rate the data's quality from 1 (poor) to 5 (excellent)");
        v.NotBlank(input.Quality, "quality", "共享质量").MaxLength(input.Quality, SharingApplications.MaxText, "quality");
        v.NotBlank(input.Usage, "usage", "使用情况").MaxLength(input.Usage, SharingApplications.MaxText, "usage");
        v.NotBlank(input.Results, "results", "应用成效").MaxLength(input.Results, SharingApplications.MaxText, "results");
        if (g.FirstDeliveredAt is null) v.Add("grant", "delivered", "no data has been delivered under this grant yet: report after use");
        else if (!MayReport(actor, g.GranteeOrganisationId, g.FirstDeliveredAt,
                     await db.Set<UsageFeedback>().AnyAsync(f => f.GrantId == g.Id, ct)))
            v.Add("grant", "once", "the usage report for this grant was already given");
        v.ThrowIfAny();
        db.Add(new UsageFeedback
        {
            Id = Guid.NewGuid(), GrantId = g.Id, ApplicationId = g.ApplicationId, ConsumerOrganisationId = g.GranteeOrganisationId, EntryCode = g.EntryCode,
            QualityRating = input.QualityRating!.Value, Quality = input.Quality!.Trim(), Usage = input.Usage!.Trim(), Results = input.Results!.Trim(),
            SubmittedBy = actor.Username, SubmittedAt = db.Clock.GetUtcNow(),
        });
        foreach (var c in await desk.FindOpenAsync(GrantDeliveries.Subject(g.Id), ct))
        {
            await desk.CompleteStepAsync(actor, c.Id, "reported", null, null, ct);
            await desk.CloseAsync(actor, c.Id, "reported", null, ct);
        }
        db.Audit(actor, "sharing.feedback", GrantDeliveries.Subject(g.Id), new { g.EntryCode, input.QualityRating });
        await db.SaveChangesAsync(ct);
        return (await LinesAsync([g], ct))[0];
    }

    /// <summary>
    /// Every call on an entry's data (reads, downloads, refusals, sealed extracts) — under one grant, or all — as the
    /// access log recorded it. The provider and the bureau see every caller; a consumer sees its own organisation's.
    /// </summary>
    public async Task<IReadOnlyList<UsageLine>> Usage(Actor actor, string? entryCode, Guid? grantId, int? limit, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        DataGrant? grant = null;
        if (grantId is { } gid)
        {
            grant = await Visible(actor).FirstOrDefaultAsync(g => g.Id == gid, ct) ?? throw new NotFoundProblem("grant", gid.ToString());
            entryCode = grant.EntryCode;
        }
        if (string.IsNullOrWhiteSpace(entryCode)) throw new BadRequestProblem("entry", "required", "name the entry (entry=CODE) or the grant (grant=ID)");
        entryCode = entryCode.Trim();
        var entry = await db.Set<Catalogue.CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == entryCode, ct)
                    ?? throw new NotFoundProblem("catalogue entry", entryCode);
        var seesAll = actor.IsSystem || entry.ProviderOrganisationId == actor.OrganisationId
                      || (actor.Satisfies(Policies.SharingCoordinate) && entry.ProviderDivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor), StringComparison.Ordinal));
        await log.FlushAsync(ct); // the caller sees their own last call
        var prefix = $"dataset:{entryCode}";
        var q = db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Subject == prefix || r.Subject.StartsWith(prefix + "/"))
            .Where(r => r.Action == "dataset.rows" || r.Action == "dataset.download" || r.Action == "dataset.refused" || r.Action == "sharing.extract.seal");
        if (!seesAll) q = q.Where(r => r.Organisation == actor.OrganisationName);
        if (grant is not null)
        {
            var needle = grant.Id.ToString();
            q = q.Where(r => r.Details.Contains(needle));
        }
        var rows = await q.OrderByDescending(r => r.Sequence).Take(Math.Clamp(limit ?? 200, 1, 1000)).ToListAsync(ct);
        return rows.Select(r => new UsageLine(r.Sequence, ChinaTime.ToChina(r.Instant), r.Actor, r.Organisation, r.Action, r.Subject,
            JsonDocument.Parse(string.IsNullOrEmpty(r.Details) ? "{}" : r.Details).RootElement.Clone())).ToList();
    }

    /// <summary>Grants the actor may see: its organisation's, those on its organisation's data, or (bureau) its division's.</summary>
    private IQueryable<DataGrant> Visible(Actor actor)
    {
        var grants = db.Set<DataGrant>().AsNoTracking();
        if (actor.IsSystem) return grants;
        var entries = db.Set<Catalogue.CatalogueEntry>().AsNoTracking();
        if (actor.Satisfies(Policies.SharingCoordinate))
        {
            var prefix = CaseAccess.DivisionPrefix(actor);
            return grants.Where(g => entries.Any(e => e.Id == g.EntryId && e.ProviderDivisionCode.StartsWith(prefix)));
        }
        var me = actor.OrganisationId;
        return grants.Where(g => g.GranteeOrganisationId == me || entries.Any(e => e.Id == g.EntryId && e.ProviderOrganisationId == me));
    }

    private async Task<List<GrantLine>> LinesAsync(IReadOnlyList<DataGrant> grants, CancellationToken ct)
    {
        var ids = grants.Select(g => g.Id).ToList();
        var appIds = grants.Where(g => g.ApplicationId != null).Select(g => g.ApplicationId!.Value).ToList();
        var numbers = await db.Set<SharingApplication>().AsNoTracking().Where(a => appIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Number, ct);
        var reported = (await db.Set<UsageFeedback>().AsNoTracking().Where(f => ids.Contains(f.GrantId)).Select(f => f.GrantId).ToListAsync(ct)).ToHashSet();
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        return grants.Select(g => new GrantLine(g.Id, g.EntryCode, g.GranteeName, g.FieldList, g.RowFilter, g.Purpose, g.ValidFrom, g.ValidUntil,
            g.Delivery, Status(g, today), g.ApplicationId is { } a ? numbers.GetValueOrDefault(a) : null, g.GrantedBy, ChinaTime.ToChina(g.GrantedAt),
            g.RevokedBy, g.RevokedAt is { } r ? ChinaTime.ToChina(r) : null, g.RevokeReason,
            g.FirstDeliveredAt is { } f ? ChinaTime.ToChina(f) : null, reported.Contains(g.Id), g.IsSharingGrant)).ToList();
    }

    /// <summary>The provider of the data revokes a grant to another organisation that is not yet revoked.</summary>
    public static bool MayRevoke(Actor actor, Guid providerOrganisationId, Guid granteeOrganisationId, DateTimeOffset? revokedAt) =>
        actor.Satisfies(Policies.SharingProvide) && providerOrganisationId == actor.OrganisationId
        && granteeOrganisationId != actor.OrganisationId && revokedAt is null;

    /// <summary>The grantee reports usage once, after the first delivery (贵州 art.23(三)).</summary>
    public static bool MayReport(Actor actor, Guid granteeOrganisationId, DateTimeOffset? firstDeliveredAt, bool reported) =>
        actor.Satisfies(Policies.SharingApply) && granteeOrganisationId == actor.OrganisationId && firstDeliveredAt is not null && !reported;

    /// <summary>active, revoked, expired or pending (not yet valid).</summary>
    public static string Status(DataGrant g, DateOnly today) =>
        g.RevokedAt is not null ? "revoked"
        : g.ValidUntil is { } u && today > u ? "expired"
        : g.ValidFrom is { } f && today < f ? "pending"
        : "active";
}
