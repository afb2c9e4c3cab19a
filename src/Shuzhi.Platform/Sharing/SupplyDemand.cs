using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

public enum DemandState { Open, Met, Closed }

/// <summary>
/// A line of the supply–demand list (供需对接清单, 贵州 art.38): every request of a consumer department — an application
/// for catalogued data, or a demand for data not (yet) in the catalogue — stays on it, open, until it is met (a grant,
/// or the bureau matching it to a resource) or the bureau closes it with a reason. A refused application stays open:
/// it is an unmet need the bureau coordinates.
/// </summary>
public sealed class SupplyDemandItem
{
    public Guid Id { get; set; }
    /// <summary>"application", "demand", or "request" (a public user's data request on the open data portal, docs/portal-requests.md).</summary>
    public required string Kind { get; set; }
    public Guid? ApplicationId { get; set; }
    /// <summary>The portal data request a "request" line follows.</summary>
    public Guid? RequestId { get; set; }
    public Guid ConsumerOrganisationId { get; set; }
    public required string ConsumerName { get; set; }
    public required string ConsumerDivisionCode { get; set; }
    /// <summary>What is needed: the entry's name, or the demand's description.</summary>
    public required string Description { get; set; }
    public string? EntryCode { get; set; }
    public Guid? ProviderOrganisationId { get; set; }
    public string? ProviderName { get; set; }
    /// <summary>The division whose bureau keeps this line (the provider's, or the consumer's for a free demand).</summary>
    public required string DivisionCode { get; set; }
    public DemandState State { get; set; }
    /// <summary>Where the application stands (for application lines).</summary>
    public string? Progress { get; set; }
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    internal static SupplyDemandItem ForApplication(SharingApplication app) => new()
    {
        Id = Guid.NewGuid(), Kind = "application", ApplicationId = app.Id, ConsumerOrganisationId = app.ConsumerOrganisationId,
        ConsumerName = app.ConsumerName, ConsumerDivisionCode = app.ConsumerDivisionCode, Description = app.EntryName, EntryCode = app.EntryCode,
        ProviderOrganisationId = app.ProviderOrganisationId, ProviderName = app.ProviderName, DivisionCode = app.ProviderDivisionCode,
        State = DemandState.Open, Progress = SharingApplications.Lower(app.State), CreatedAt = app.SubmittedAt,
    };

    /// <summary>A grant meets the application's line.</summary>
    internal static async Task MeetAsync(ShuzhiDb db, SharingApplication app, Actor actor, CancellationToken ct)
    {
        var item = await LineAsync(db, app, ct);
        if (item is null || item.State != DemandState.Open) return;
        item.State = DemandState.Met;
        item.Resolution = $"已授权 / granted ({app.Number})";
        item.ResolvedBy = actor.Username;
        item.ResolvedAt = db.Clock.GetUtcNow();
    }

    /// <summary>Keeps the line's progress in step with the application; a withdrawn application leaves the list.</summary>
    internal static async Task FollowAsync(ShuzhiDb db, SharingApplication app, CancellationToken ct)
    {
        var item = await LineAsync(db, app, ct);
        if (item is null) return;
        item.Progress = SharingApplications.Lower(app.State);
        if (app.State == ApplicationState.Withdrawn && item.State == DemandState.Open)
        {
            item.State = DemandState.Closed;
            item.Resolution = "申请已撤回 / application withdrawn";
            item.ResolvedAt = db.Clock.GetUtcNow();
        }
    }

    private static async Task<SupplyDemandItem?> LineAsync(ShuzhiDb db, SharingApplication app, CancellationToken ct) =>
        db.ChangeTracker.Entries<SupplyDemandItem>().Select(e => e.Entity).FirstOrDefault(i => i.ApplicationId == app.Id)
        ?? await db.Set<SupplyDemandItem>().FirstOrDefaultAsync(i => i.ApplicationId == app.Id, ct);
}

public sealed record DemandInput(string? Description, string? ProviderCode);
public sealed record ResolveInput(string? Outcome, string? Resolution, string? EntryCode);

public sealed record DemandLine(Guid Id, string Kind, Guid? ApplicationId, string ConsumerName, string Description, string? EntryCode,
    string? ProviderName, string State, string? Progress, string? Resolution, string? ResolvedBy, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt,
    int DaysOpen, Guid? RequestId = null);

/// <summary>
/// The supply–demand list (贵州 art.38): a consumer department files a demand for data it cannot find; the bureau sees
/// every line of its division and below (applications and demands), matches a demand to a catalogue entry or closes it
/// with a reason. Departments see their own lines.
/// </summary>
public sealed class SupplyDemandList(ShuzhiDb db)
{
    public async Task<DemandLine> File(Actor actor, DemandInput input, CancellationToken ct)
    {
        actor.Require(Policies.SharingApply);
        var v = new Validator().NotBlank(input.Description, "description", "需求描述").MaxLength(input.Description, SharingApplications.MaxText, "description");
        Organisation? provider = null;
        if (!string.IsNullOrWhiteSpace(input.ProviderCode))
        {
            provider = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == input.ProviderCode.Trim() && o.Kind == OrganisationKind.Department, ct);
            if (provider is null) v.Add("providerCode", "exists", $"no department with code '{input.ProviderCode}'");
        }
        v.ThrowIfAny();
        var consumer = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == actor.OrganisationId, ct);
        var item = new SupplyDemandItem
        {
            Id = Guid.NewGuid(), Kind = "demand", ConsumerOrganisationId = consumer.Id, ConsumerName = consumer.Name, ConsumerDivisionCode = consumer.DivisionCode,
            Description = input.Description!.Trim(), ProviderOrganisationId = provider?.Id, ProviderName = provider?.Name,
            DivisionCode = provider?.DivisionCode ?? consumer.DivisionCode, State = DemandState.Open, CreatedAt = db.Clock.GetUtcNow(),
        };
        db.Add(item);
        db.Audit(actor, "sharing.demand", $"demand:{item.Id}", new { item.Description, provider = provider?.Code });
        await db.SaveChangesAsync(ct);
        return Line(item, db.Clock.GetUtcNow());
    }

    /// <summary>The bureau meets a demand (naming the catalogue entry that answers it) or closes it with a reason.</summary>
    public async Task<DemandLine> Resolve(Actor actor, Guid id, ResolveInput input, CancellationToken ct)
    {
        actor.Require(Policies.SharingCoordinate);
        var item = await db.Set<SupplyDemandItem>().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || !item.DivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor), StringComparison.Ordinal)) throw new NotFoundProblem("supply–demand line", id.ToString());
        if (item.State != DemandState.Open) throw new ConflictProblem("demand-open", "this line is already resolved");
        var outcome = input.Outcome?.Trim().ToLowerInvariant();
        var v = new Validator();
        if (outcome is not ("met" or "closed")) v.Add("outcome", "one-of", "outcome is met or closed");
        v.NotBlank(input.Resolution, "resolution", "处理说明").MaxLength(input.Resolution, SharingApplications.MaxText, "resolution");
        if (outcome == "met" && item.Kind == "application") v.Add("outcome", "by-grant", "an application's line is met by its grant");
        if (outcome == "met" && string.IsNullOrWhiteSpace(input.EntryCode)) v.Add("entryCode", "required", "name the catalogue entry that meets the demand");
        else if (outcome == "met" && !await db.Set<CatalogueEntry>().AnyAsync(e => e.Code == input.EntryCode!.Trim() && e.PublishedVersion != null, ct))
            v.Add("entryCode", "exists", $"no published catalogue entry '{input.EntryCode}'");
        v.ThrowIfAny();
        item.State = outcome == "met" ? DemandState.Met : DemandState.Closed;
        item.EntryCode = outcome == "met" ? input.EntryCode!.Trim() : item.EntryCode;
        item.Resolution = input.Resolution!.Trim();
        item.ResolvedBy = actor.Username;
        item.ResolvedAt = db.Clock.GetUtcNow();
        db.Audit(actor, "sharing.demand.resolve", $"demand:{item.Id}", new { outcome, item.Resolution, item.EntryCode });
        await db.SaveChangesAsync(ct);
        return Line(item, db.Clock.GetUtcNow());
    }

    /// <summary>The list: the bureau's division and below, or a department's own lines (as consumer or provider). Open lines first.</summary>
    public async Task<IReadOnlyList<DemandLine>> List(Actor actor, bool openOnly, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var q = db.Set<SupplyDemandItem>().AsNoTracking();
        if (actor.Satisfies(Policies.SharingCoordinate))
        {
            var prefix = CaseAccess.DivisionPrefix(actor);
            q = q.Where(i => i.DivisionCode.StartsWith(prefix) || i.ConsumerDivisionCode.StartsWith(prefix));
        }
        else q = q.Where(i => i.ConsumerOrganisationId == actor.OrganisationId || i.ProviderOrganisationId == actor.OrganisationId);
        if (openOnly) q = q.Where(i => i.State == DemandState.Open);
        var now = db.Clock.GetUtcNow();
        return (await q.ToListAsync(ct)).OrderBy(i => i.State).ThenBy(i => i.CreatedAt).Select(i => Line(i, now)).ToList();
    }

    private static DemandLine Line(SupplyDemandItem i, DateTimeOffset now) => new(i.Id, i.Kind, i.ApplicationId, i.ConsumerName, i.Description,
        i.EntryCode, i.ProviderName, i.State.ToString().ToLowerInvariant(), i.Progress, i.Resolution, i.ResolvedBy,
        ChinaTime.ToChina(i.CreatedAt), i.ResolvedAt is { } r ? ChinaTime.ToChina(r) : null,
        ChinaTime.DateOf(i.ResolvedAt ?? now).DayNumber - ChinaTime.DateOf(i.CreatedAt).DayNumber, i.RequestId);
}

internal sealed class SupplyDemandConfig : IEntityTypeConfiguration<SupplyDemandItem>
{
    public void Configure(EntityTypeBuilder<SupplyDemandItem> b)
    {
        b.ToTable("supply_demand_items");
        b.HasKey(i => i.Id);
        b.HasIndex(i => i.ApplicationId).IsUnique();
        b.HasIndex(i => i.RequestId).IsUnique();
        b.HasIndex(i => new { i.DivisionCode, i.State });
        b.HasIndex(i => i.ConsumerOrganisationId);
        b.Property(i => i.Kind).HasMaxLength(12);
        b.Property(i => i.DivisionCode).HasMaxLength(6);
        b.Property(i => i.ConsumerDivisionCode).HasMaxLength(6);
        b.Property(i => i.EntryCode).HasMaxLength(40);
        b.Property(i => i.State).HasConversion<string>().HasMaxLength(8);
    }
}
