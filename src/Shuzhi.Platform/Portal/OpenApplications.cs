using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Platform.Portal;

/// <summary>Where an open-data application (贵州 art.31) stands. The case carries the clocks; this is the business state.</summary>
public enum OpenApplicationState
{
    /// <summary>规范性审核中: with the bureau at the provider's level (5 working days).</summary>
    Review,
    /// <summary>驳回: failed the conformity review (reasons given). Final.</summary>
    Rejected,
    /// <summary>待提供部门答复: with the provider (at once, or within 10 working days).</summary>
    ProviderReply,
    /// <summary>不予开放: the provider refused, with the basis or reason. Final.</summary>
    Refused,
    /// <summary>同意开放，待开放: the provider agreed and must open the data within 5 working days.</summary>
    Opening,
    /// <summary>已开放: a personal grant was made; the applicant reads the data.</summary>
    Granted,
    /// <summary>已撤回: the applicant withdrew. Final.</summary>
    Withdrawn,
}

/// <summary>
/// An application by a citizen or market entity for conditionally open data (贵州 art.31): purpose, fields, period of
/// use, and each party's answer. Its case (<see cref="CaseId"/>) holds the steps and their statutory clocks.
/// </summary>
public sealed class OpenApplication
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Number { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    /// <summary>The bureau of the provider's division: it does the conformity review.</summary>
    public Guid BureauOrganisationId { get; set; }
    public Guid ApplicantUserId { get; set; }
    public required string ApplicantName { get; set; }
    public Guid ApplicantOrganisationId { get; set; }
    public required string Purpose { get; set; }
    /// <summary>"|field1|field2|".</summary>
    public required string Fields { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public OpenApplicationState State { get; set; }
    public string? ReviewReasons { get; set; }
    public string? ReplyText { get; set; }
    public Guid? GrantId { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> FieldList => Fields.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class OpenApplicationConfig : IEntityTypeConfiguration<OpenApplication>
{
    public void Configure(EntityTypeBuilder<OpenApplication> b)
    {
        b.ToTable("open_applications");
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.Number).IsUnique();
        b.HasIndex(a => a.CaseId).IsUnique();
        b.HasIndex(a => new { a.ApplicantUserId, a.State });
        b.HasIndex(a => new { a.ProviderOrganisationId, a.State });
        b.HasIndex(a => new { a.BureauOrganisationId, a.State });
        b.HasIndex(a => a.EntryId);
        b.Property(a => a.Number).HasMaxLength(40);
        b.Property(a => a.EntryCode).HasMaxLength(40);
        b.Property(a => a.ProviderDivisionCode).HasMaxLength(6);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

/// <summary>What an applicant asks for (贵州 art.31): the entry, purpose, fields and period of use.</summary>
public sealed record OpenApplicationInput(string? EntryCode, string? Purpose, List<string>? Fields, DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <summary>An act on an open-data application: a decision, its reasons, and (when opening) optionally narrower fields or an earlier end.</summary>
public sealed record OpenApplicationAct(string? Decision, string? Reasons, List<string>? Fields = null, DateOnly? ValidUntil = null);

public sealed record OpenApplicationView(Guid Id, string Number, string EntryCode, string EntryName, string ProviderName, string ApplicantName,
    string State, string Purpose, IReadOnlyList<string> Fields, DateOnly ValidFrom, DateOnly ValidUntil, string? ReviewReasons, string? ReplyText,
    Guid? GrantId, string? GrantStatus, IReadOnlyList<string>? GrantedFields, DateOnly? GrantedUntil, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt,
    WaitingStep? Waiting);

/// <summary>
/// Conditional opening (贵州 art.31; docs/portal-opening.md) as a case: a signed-in citizen or market entity applies on
/// the portal → the bureau at the provider's level reviews conformity within 5 working days (pass → the provider;
/// reject → reasons) → the provider answers at once or within 10 working days (refuse → basis or reason, required;
/// agree → a step of 5 working days to open the data) → opening = a personal <see cref="DataGrant"/> to the applicant,
/// enforced by <see cref="DatasetAccess"/> like a sharing grant. One method per act; each checks its policy, the
/// actor (organisation, or the applicant themselves) and the state, and is audited.
/// </summary>
public sealed class OpenApplications(ShuzhiDb db, ICaseDesk desk)
{
    public const int MaxText = SharingApplications.MaxText;
    /// <summary>Longest period of use one application may ask for (as for sharing: 3 years; apply again after).</summary>
    public const int MaxYears = SharingApplications.MaxYears;
    public const string CaseType = "opendata.application";

    public static string Subject(Guid id) => $"open-application:{id}";

    public async Task<OpenApplicationView> Apply(Actor actor, OpenApplicationInput input, CancellationToken ct)
    {
        actor.Require(Policies.OpenApply);
        var v = new Validator();
        v.NotBlank(input.EntryCode, "entryCode", "数据资源");
        v.ThrowIfAny();
        var (entry, version) = await ListedEntryAsync(input.EntryCode!.Trim(), ct);
        if (version.OpenType == OpenType.Unconditional)
            throw new ConflictProblem("open-type", "无条件开放数据可直接下载，无需申请 / unconditionally open: download it, no application needed");
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        v.NotBlank(input.Purpose, "purpose", "用途").MaxLength(input.Purpose, MaxText, "purpose");
        var known = version.Attributes.Fields ?? [];
        var fields = (input.Fields ?? []).Select(f => f?.Trim() ?? "").Where(f => f.Length > 0).Distinct().ToList();
        if (fields.Count == 0) v.Add("fields", "required", "请选择需要的字段 / name the fields you need");
        foreach (var f in fields.Where(f => known.All(k => k.Name != f))) v.Add("fields", "known-field", $"'{f}' is not a field of {version.Name}");
        var from = input.ValidFrom ?? today;
        if (from < today) v.Add("validFrom", "not-past", "the period of use cannot start in the past");
        if (input.ValidUntil is not { } until) { v.Add("validUntil", "required", "请填写使用截止日期 / give the last day of use"); until = from; }
        else if (until < from) v.Add("validUntil", "after-start", "the last day of use is before the first");
        else if (until > from.AddYears(MaxYears)) v.Add("validUntil", "max-period", $"at most {MaxYears} years of use per application");
        v.ThrowIfAny();
        if (await db.Set<OpenApplication>().AnyAsync(a => a.EntryId == entry.Id && a.ApplicantUserId == actor.UserId && Pending.Contains(a.State), ct))
            throw new ConflictProblem("application-open", "您已有一份未办结的申请 / you already have an open application for this data: follow it or withdraw it first");

        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == entry.ProviderOrganisationId, ct);
        var bureau = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == provider.DivisionCode, ct)
            ?? throw new ConflictProblem("bureau-missing", $"no data bureau of division {provider.DivisionCode} is registered to review the application");
        var now = db.Clock.GetUtcNow();
        var app = new OpenApplication
        {
            Id = Guid.NewGuid(), Number = "", EntryId = entry.Id, EntryCode = entry.Code, EntryName = version.Name,
            ProviderOrganisationId = provider.Id, ProviderName = provider.Name, ProviderDivisionCode = provider.DivisionCode, BureauOrganisationId = bureau.Id,
            ApplicantUserId = actor.UserId, ApplicantName = actor.DisplayName, ApplicantOrganisationId = actor.OrganisationId,
            Purpose = input.Purpose!.Trim(), Fields = Join(fields), ValidFrom = from, ValidUntil = until,
            State = OpenApplicationState.Review, SubmittedAt = now, UpdatedAt = now,
        };
        // The case is opened by the platform, not by the applicant's organisation: citizens share one organisation, and
        // one citizen must not see another's case. The applicant follows it at /open/me/applications.
        var c = await desk.OpenAsync(Actor.System, new OpenCase(CaseType, Subject(app.Id), $"开放申请：{actor.DisplayName}申请「{version.Name}」",
            new NextStep("open-conformity-review", Rules.OpeningConformityReview, bureau.Id, [Role.BureauStaff])), ct);
        app.CaseId = c.Id;
        app.Number = c.Number;
        db.Add(app);
        db.Audit(actor, "opendata.apply", Subject(app.Id), new { app.Number, entry = entry.Code, fields, app.ValidFrom, app.ValidUntil });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, app, ct);
    }

    /// <summary>The bureau's conformity review (art.31 ¶1): pass → to the provider (its 10 working days start); reject → reasons.</summary>
    public async Task<OpenApplicationView> Review(Actor actor, Guid id, OpenApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Review, ct);
        if (Decision(act, "pass", "reject") == "pass")
        {
            await desk.CompleteStepAsync(actor, app.CaseId, "passed", act.Reasons,
                new NextStep("open-provider-reply", Rules.OpeningProviderReply, app.ProviderOrganisationId, [Role.DataCommissioner, Role.DepartmentHead]), ct);
            app.State = OpenApplicationState.ProviderReply;
        }
        else
        {
            var reasons = Reasons(act, "驳回理由 / the reasons for rejecting");
            await desk.CompleteStepAsync(actor, app.CaseId, "rejected", reasons, null, ct);
            await desk.CloseAsync(actor, app.CaseId, "rejected", reasons, ct);
            app.State = OpenApplicationState.Rejected;
        }
        app.ReviewReasons = act.Reasons?.Trim();
        return await SaveAsync(actor, app, "opendata.review", new { decision = act.Decision, reasons = act.Reasons }, ct);
    }

    /// <summary>
    /// The provider's reply (art.31 ¶2): agree → a step of 5 working days to open the data starts (or, with
    /// <c>decision=open</c>, the data is opened at once); refuse → the basis or reason is required.
    /// </summary>
    public async Task<OpenApplicationView> Reply(Actor actor, Guid id, OpenApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Reply, ct);
        var decision = Decision(act, "agree", "open", "refuse");
        if (decision == "refuse")
        {
            app.ReplyText = Reasons(act, "不予开放的依据或理由 / the basis or reason for refusing");
            await desk.CompleteStepAsync(actor, app.CaseId, "refused", app.ReplyText, null, ct);
            await desk.CloseAsync(actor, app.CaseId, "refused", app.ReplyText, ct);
            app.State = OpenApplicationState.Refused;
            return await SaveAsync(actor, app, "opendata.reply", new { decision, basis = app.ReplyText }, ct);
        }
        app.ReplyText = act.Reasons?.Trim();
        await desk.CompleteStepAsync(actor, app.CaseId, "agreed", act.Reasons,
            new NextStep("open-data", Rules.OpeningOpen, app.ProviderOrganisationId, [Role.DataCommissioner, Role.DepartmentHead]), ct);
        app.State = OpenApplicationState.Opening;
        if (decision == "open") return await OpenDataAsync(actor, app, act, "opendata.reply", ct);
        return await SaveAsync(actor, app, "opendata.reply", new { decision, reasons = app.ReplyText }, ct);
    }

    /// <summary>The provider opens the data to the applicant (art.31 ¶2, within 5 working days of agreeing): the personal grant; the case closes.</summary>
    public async Task<OpenApplicationView> Open(Actor actor, Guid id, OpenApplicationAct act, CancellationToken ct) =>
        await OpenDataAsync(actor, await ActAsync(actor, id, Acts.Open, ct), act, "opendata.open", ct);

    /// <summary>The applicant withdraws an application not yet decided.</summary>
    public async Task<OpenApplicationView> Withdraw(Actor actor, Guid id, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Withdraw, ct);
        // The applicant does not see the case (it is the platform's; see Apply): the platform closes it on their behalf.
        await desk.CloseAsync(Actor.System, app.CaseId, "withdrawn", $"申请人撤回 / withdrawn by the applicant {actor.DisplayName}", ct);
        app.State = OpenApplicationState.Withdrawn;
        return await SaveAsync(actor, app, "opendata.withdraw-application", null, ct);
    }

    // -----------------------------------------------------------------------------------------------------------------

    /// <summary>States in which an application is still being decided.</summary>
    internal static readonly OpenApplicationState[] Pending =
        [OpenApplicationState.Review, OpenApplicationState.ProviderReply, OpenApplicationState.Opening];

    internal static string Lower(OpenApplicationState s) => s.ToString().ToLowerInvariant();
    private static string Join(IEnumerable<string> fields) => "|" + string.Join("|", fields) + "|";

    private async Task<OpenApplicationView> OpenDataAsync(Actor actor, OpenApplication app, OpenApplicationAct act, string action, CancellationToken ct)
    {
        var v = new Validator();
        var asked = app.FieldList;
        var fields = act.Fields is { Count: > 0 } narrower ? narrower.Select(f => f.Trim()).Distinct().ToList() : [.. asked];
        foreach (var f in fields.Where(f => !asked.Contains(f))) v.Add("fields", "within-application", $"'{f}' was not applied for");
        var until = act.ValidUntil ?? app.ValidUntil;
        if (until > app.ValidUntil) v.Add("validUntil", "within-application", "a grant cannot run longer than the period applied for");
        if (until < app.ValidFrom) v.Add("validUntil", "after-start", "the last day of use is before the first");
        v.ThrowIfAny();
        var grant = new DataGrant
        {
            Id = Guid.NewGuid(), EntryId = app.EntryId, EntryCode = app.EntryCode, GranteeOrganisationId = app.ApplicantOrganisationId,
            GranteeUserId = app.ApplicantUserId, GranteeName = app.ApplicantName, Fields = Join(fields),
            Reason = $"{app.Number}：同意开放（贵州省政务数据资源管理办法 第三十一条） / opened on application", GrantedBy = actor.Username,
            GrantedAt = db.Clock.GetUtcNow(), ApplicationId = app.Id, Purpose = app.Purpose, ValidFrom = app.ValidFrom, ValidUntil = until, Delivery = "api",
        };
        db.Add(grant);
        app.GrantId = grant.Id;
        app.State = OpenApplicationState.Granted;
        await desk.CompleteStepAsync(actor, app.CaseId, "opened", act.Reasons, null, ct);
        await desk.CloseAsync(actor, app.CaseId, "granted", null, ct);
        db.Audit(actor, "opendata.grant", $"dataset:{app.EntryCode}", new { grant = grant.Id, application = app.Number, grantee = app.ApplicantName, fields, grant.ValidFrom, grant.ValidUntil });
        return await SaveAsync(actor, app, action, new { decision = "open", grant = grant.Id, fields, until }, ct);
    }

    /// <summary>A catalogue entry listed on the portal whose published version is open (404 otherwise, as on the portal).</summary>
    private async Task<(CatalogueEntry, EntryVersion)> ListedEntryAsync(string code, CancellationToken ct)
    {
        var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code, ct);
        if (entry?.PublishedVersion is { } n && entry.State != EntryState.Withdrawn
            && await db.Set<EntryVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.EntryId == entry.Id && v.Number == n, ct) is { } version
            && version.State != EntryState.Withdrawn && version.OpenType is OpenType.Conditional or OpenType.Unconditional)
            return (entry, version);
        throw new NotFoundProblem("open dataset", code);
    }

    /// <summary>
    /// THE table of who acts on an open-data application and in which states (贵州 art.31 as data): the policy, who acts
    /// (an organisation, or the applicant themselves), the states the act is open in. The handlers enforce it (403 policy,
    /// 404 not the one who acts, 409 state); the pages read it to offer only the forms that will be accepted.
    /// </summary>
    public static class Acts
    {
        public const string Review = "review", Reply = "reply", Open = "open", Withdraw = "withdraw";

        internal sealed record Rule(Policy Policy, Func<OpenApplication, Actor, bool> Acting, OpenApplicationState[] States);

        internal static readonly IReadOnlyDictionary<string, Rule> Table = new Dictionary<string, Rule>
        {
            [Review] = new(Policies.OpenReview, (a, x) => a.BureauOrganisationId == x.OrganisationId, [OpenApplicationState.Review]),
            [Reply] = new(Policies.OpenAnswer, (a, x) => a.ProviderOrganisationId == x.OrganisationId, [OpenApplicationState.ProviderReply]),
            [Open] = new(Policies.OpenAnswer, (a, x) => a.ProviderOrganisationId == x.OrganisationId, [OpenApplicationState.Opening]),
            [Withdraw] = new(Policies.OpenApply, (a, x) => a.ApplicantUserId == x.UserId, [OpenApplicationState.Review, OpenApplicationState.ProviderReply]),
        };
    }

    /// <summary>The acts open to the actor on the application now (policy, who, state).</summary>
    public static IReadOnlySet<string> ActsFor(Actor actor, OpenApplication app) =>
        Acts.Table.Where(kv => actor.Satisfies(kv.Value.Policy) && kv.Value.States.Contains(app.State) && (actor.IsSystem || kv.Value.Acting(app, actor)))
            .Select(kv => kv.Key).ToHashSet();

    private async Task<OpenApplication> ActAsync(Actor actor, Guid id, string act, CancellationToken ct)
    {
        var rule = Acts.Table[act];
        actor.Require(rule.Policy);
        var app = await db.Set<OpenApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !(actor.IsSystem || rule.Acting(app, actor))) throw new NotFoundProblem("application", id.ToString());
        if (!rule.States.Contains(app.State))
            throw new ConflictProblem("application-state",
                $"application {app.Number} is {Lower(app.State)}: '{act}' is open only when it is {string.Join(" or ", rule.States.Select(Lower))}");
        return app;
    }

    private static string Decision(OpenApplicationAct act, params string[] allowed) => SharingApplications.Decision(act.Decision, allowed);

    private static string Reasons(OpenApplicationAct act, string what) => SharingApplications.Reasons(act.Reasons, what);

    private async Task<OpenApplicationView> SaveAsync(Actor actor, OpenApplication app, string action, object? details, CancellationToken ct)
    {
        app.UpdatedAt = db.Clock.GetUtcNow();
        app.Version++;
        db.Audit(actor, action, Subject(app.Id), new { app.Number, state = Lower(app.State), details });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, app, ct);
    }

    internal static async Task<OpenApplicationView> ViewAsync(ShuzhiDb db, OpenApplication a, CancellationToken ct)
    {
        var grant = a.GrantId is { } gid
            ? await db.Set<DataGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == gid, ct) ?? db.ChangeTracker.Entries<DataGrant>().Select(e => e.Entity).FirstOrDefault(g => g.Id == gid)
            : null;
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        return new OpenApplicationView(a.Id, a.Number, a.EntryCode, a.EntryName, a.ProviderName, a.ApplicantName, Lower(a.State), a.Purpose, a.FieldList,
            a.ValidFrom, a.ValidUntil, a.ReviewReasons, a.ReplyText, a.GrantId, grant is null ? null : SharingGrants.Status(grant, today),
            grant?.FieldList, grant?.ValidUntil, ChinaTime.ToChina(a.SubmittedAt), ChinaTime.ToChina(a.UpdatedAt),
            await ApplicationQueries.WaitingAsync(db, a.CaseId, ct));
    }
}

/// <summary>
/// Open-data applications as each party sees them: the applicant their own (and nobody else's — citizens share one
/// organisation), the bureau those it reviews, the provider those forwarded to it. Anything else is 404.
/// </summary>
public sealed class OpenApplicationQueries(ShuzhiDb db)
{
    private static readonly OpenApplicationState[] NotForwarded = [OpenApplicationState.Review, OpenApplicationState.Rejected];

    public async Task<(OpenApplicationView View, IReadOnlySet<string> Acts)> Get(Actor actor, Guid id, CancellationToken ct)
    {
        var app = await db.Set<OpenApplication>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !Sees(actor, app)) throw new NotFoundProblem("application", id.ToString());
        return (await OpenApplications.ViewAsync(db, app, ct), OpenApplications.ActsFor(actor, app));
    }

    /// <summary>The signed-in applicant's own applications, newest first.</summary>
    public async Task<IReadOnlyList<OpenApplicationView>> Mine(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenApply);
        return await ViewsAsync(db.Set<OpenApplication>().AsNoTracking().Where(a => a.ApplicantUserId == actor.UserId), ct);
    }

    /// <summary>The applications the bureau reviews (all of its division's providers) or forwarded to the department.</summary>
    public async Task<IReadOnlyList<OpenApplicationView>> Work(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenApplicationsRead);
        var me = actor.OrganisationId;
        var q = db.Set<OpenApplication>().AsNoTracking().Where(a => a.BureauOrganisationId == me || (a.ProviderOrganisationId == me && !NotForwarded.Contains(a.State)));
        return await ViewsAsync(q, ct);
    }

    private static bool Sees(Actor actor, OpenApplication a) =>
        actor.IsSystem || a.ApplicantUserId == actor.UserId
        || (actor.Satisfies(Policies.OpenApplicationsRead) && (a.BureauOrganisationId == actor.OrganisationId
            || (a.ProviderOrganisationId == actor.OrganisationId && !NotForwarded.Contains(a.State))));

    private async Task<IReadOnlyList<OpenApplicationView>> ViewsAsync(IQueryable<OpenApplication> q, CancellationToken ct)
    {
        var apps = await q.OrderByDescending(a => a.UpdatedAt).Take(500).ToListAsync(ct);
        var views = new List<OpenApplicationView>(apps.Count);
        foreach (var a in apps) views.Add(await OpenApplications.ViewAsync(db, a, ct));
        return views;
    }
}
