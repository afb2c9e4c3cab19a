using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>What a consumer asks for (贵州 art.23: purpose, legal basis, fields, scope, period) — also the terms of a grant.</summary>
public sealed record ApplicationInput(string? EntryCode, string? Purpose, string? LegalBasis, List<string>? Fields, string? RowFilter,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string? Delivery);

/// <summary>An act on an application: a decision, its reasons, and (when it agrees) optionally narrower terms.</summary>
public sealed record ApplicationAct(string? Decision, string? Reasons, List<string>? Fields = null, string? RowFilter = null, DateOnly? ValidUntil = null);

/// <summary>
/// The conditional-sharing procedure of 贵州 art.23 as a case (docs/sharing.md "Applications"): apply → the bureau's
/// conformity review (5 working days; return for correction suspends its clock; rejection with reasons) → the
/// provider's reply (5 working days; agree → grant; refuse → basis or reason) → on objection, negotiation organised by
/// the provider's bureau (no period) → if unresolved, the government at that level decides (no period) and its
/// decision is carried out. One method per act; each checks its policy, the actor's organisation and the state.
/// </summary>
public sealed class SharingApplications(ShuzhiDb db, ICaseDesk desk, IDelegateLookup delegations)
{
    public const int MaxText = 2000;
    /// <summary>Longest period of use one application may ask for (decision: 3 years; apply again after).</summary>
    public const int MaxYears = 3;
    public const string CaseType = "sharing.application";

    public async Task<ApplicationView> Apply(Actor actor, ApplicationInput input, CancellationToken ct)
    {
        actor.Require(Policies.SharingApply);
        var v = new Validator();
        v.NotBlank(input.EntryCode, "entryCode", "数据资源");
        v.ThrowIfAny();
        var (entry, version) = await PublishedEntryAsync(input.EntryCode!.Trim(), ct);
        if (entry.ProviderOrganisationId == actor.OrganisationId)
            throw new ValidationProblem("entryCode", "other-department", "this is your own department's data: no application is needed");
        switch (version.ShareType)
        {
            case ShareType.Unconditional:
                throw new ConflictProblem("share-type", "无条件共享数据可直接使用（贵州 第二十二条） / unconditionally shared: usable at once, no application needed");
            case ShareType.NotShared:
                throw new ConflictProblem("share-type", "不予共享（贵州 第十九条） / not shared: it cannot be applied for");
        }
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        var terms = Terms(v, version, input, today);
        v.ThrowIfAny();
        if (await db.Set<SharingApplication>().AnyAsync(a => a.EntryId == entry.Id && a.ConsumerOrganisationId == actor.OrganisationId
                && Open.Contains(a.State), ct))
            throw new ConflictProblem("application-open", "your department already has an open application for this data: follow it or withdraw it first");

        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == entry.ProviderOrganisationId, ct);
        var consumer = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == actor.OrganisationId, ct);
        // 贵州 art.44: a provider may delegate applications from a region to the corresponding department one level down.
        var delegate_ = await delegations.FindDelegateAsync(entry.Id, provider.Id, consumer.DivisionCode, ct);
        var answering = delegate_ ?? provider;
        var bureau = await BureauOfAsync(answering.DivisionCode, ct);

        var app = new SharingApplication
        {
            Id = Guid.NewGuid(), Number = "", EntryId = entry.Id, EntryCode = entry.Code, EntryName = version.Name,
            ProviderOrganisationId = provider.Id, ProviderName = provider.Name, ProviderDivisionCode = provider.DivisionCode,
            BureauOrganisationId = bureau.Id, DelegateOrganisationId = delegate_?.Id,
            ConsumerOrganisationId = consumer.Id, ConsumerName = consumer.Name, ConsumerDivisionCode = consumer.DivisionCode,
            ApplicantUserId = actor.UserId, ApplicantName = actor.DisplayName,
            Purpose = input.Purpose!.Trim(), LegalBasis = input.LegalBasis!.Trim(), Fields = Join(terms.Fields), RowFilter = terms.RowFilter,
            ValidFrom = terms.From, ValidUntil = terms.Until, Delivery = terms.Delivery,
            State = ApplicationState.ConformityReview, SubmittedAt = db.Clock.GetUtcNow(), UpdatedAt = db.Clock.GetUtcNow(),
        };
        var c = await desk.OpenAsync(actor, new OpenCase(CaseType, Subject(app.Id), $"共享申请：{consumer.Name}申请使用「{version.Name}」",
            new NextStep("conformity-review", Rules.SharingConformityReview, bureau.Id, [Role.BureauStaff])), ct);
        app.CaseId = c.Id;
        app.Number = c.Number;
        db.Add(app);
        db.Add(SupplyDemandItem.ForApplication(app));
        db.Audit(actor, "sharing.apply", Subject(app.Id), new
        {
            app.Number, entry = entry.Code, fields = terms.Fields, app.RowFilter, app.ValidFrom, app.ValidUntil, app.Delivery,
            delegatedTo = delegate_?.Code,
        });
        await db.SaveChangesAsync(ct);
        return await ApplicationQueries.ViewAsync(db, app, ct);
    }

    /// <summary>The bureau's conformity review (art.23(一)): pass → to the provider; return → correction (clock stops); reject → reasons.</summary>
    public async Task<ApplicationView> Review(Actor actor, Guid id, ApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Review, ct);
        switch (Decision(act, "pass", "return", "reject"))
        {
            case "pass":
                await desk.CompleteStepAsync(actor, app.CaseId, "passed", act.Reasons,
                    new NextStep("provider-reply", Rules.SharingProviderReply, app.DelegateOrganisationId ?? app.ProviderOrganisationId,
                        [Role.DataCommissioner, Role.DepartmentHead]), ct);
                app.State = ApplicationState.ProviderReply;
                break;
            case "return":
                await desk.SuspendStepAsync(actor, app.CaseId, "退回补正 / returned for correction: " + Reasons(act), ct);
                app.State = ApplicationState.Returned;
                break;
            default:
                await desk.CompleteStepAsync(actor, app.CaseId, "rejected", Reasons(act), null, ct);
                await desk.CloseAsync(actor, app.CaseId, "rejected", act.Reasons, ct);
                app.State = ApplicationState.Rejected;
                break;
        }
        app.ReviewReasons = act.Reasons?.Trim();
        return await SaveAsync(actor, app, "sharing.review", new { decision = act.Decision, reasons = act.Reasons }, ct);
    }

    /// <summary>The applicant corrects a returned application and resubmits it: the review clock resumes with the days left.</summary>
    public async Task<ApplicationView> Resubmit(Actor actor, Guid id, ApplicationInput input, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Resubmit, ct);
        var (_, version) = await PublishedEntryAsync(app.EntryCode, ct);
        var v = new Validator();
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        var terms = Terms(v, version, input with
        {
            Purpose = input.Purpose ?? app.Purpose, LegalBasis = input.LegalBasis ?? app.LegalBasis, Fields = input.Fields ?? [.. app.FieldList],
            RowFilter = input.RowFilter ?? app.RowFilter, ValidFrom = input.ValidFrom ?? (app.ValidFrom < today ? today : app.ValidFrom),
            ValidUntil = input.ValidUntil ?? app.ValidUntil, Delivery = input.Delivery ?? app.Delivery,
        }, today);
        v.ThrowIfAny();
        app.Purpose = (input.Purpose ?? app.Purpose).Trim();
        app.LegalBasis = (input.LegalBasis ?? app.LegalBasis).Trim();
        (app.Fields, app.RowFilter, app.ValidFrom, app.ValidUntil, app.Delivery) = (Join(terms.Fields), terms.RowFilter, terms.From, terms.Until, terms.Delivery);
        await desk.ResumeStepAsync(actor, app.CaseId, "已补正 / corrected and resubmitted", ct);
        app.State = ApplicationState.ConformityReview;
        return await SaveAsync(actor, app, "sharing.resubmit", new { fields = terms.Fields, app.RowFilter, app.ValidUntil }, ct);
    }

    /// <summary>The provider's reply (art.23(二)): agree (optionally on narrower terms) → a grant; refuse → basis or reason.</summary>
    public async Task<ApplicationView> Reply(Actor actor, Guid id, ApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Reply, ct);
        app.ReplyText = act.Reasons?.Trim();
        if (Decision(act, "agree", "refuse") == "agree")
        {
            var grant = await GrantAsync(actor, app, act, "提供部门同意 / agreed by the provider", ct);
            await desk.CompleteStepAsync(actor, app.CaseId, "agreed", act.Reasons, null, ct);
            await desk.CloseAsync(actor, app.CaseId, "granted", null, ct);
            return await SaveAsync(actor, app, "sharing.reply", new { decision = "agree", grant = grant.Id, reasons = act.Reasons }, ct);
        }
        await desk.CompleteStepAsync(actor, app.CaseId, "refused", Reasons(act, "不予共享的依据或理由 / the basis or reason for refusing"), null, ct);
        app.State = ApplicationState.Refused;
        return await SaveAsync(actor, app, "sharing.reply", new { decision = "refuse", reasons = act.Reasons }, ct);
    }

    /// <summary>The applicant objects to a refusal: the provider's bureau organises negotiation (art.23(二) ¶2; no statutory period).</summary>
    public async Task<ApplicationView> Object(Actor actor, Guid id, ApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Object, ct);
        app.ObjectionText = Reasons(act, "异议理由 / why you object");
        await desk.StartStepAsync(actor, app.CaseId, new NextStep("negotiation", Rules.SharingNegotiation, app.BureauOrganisationId, [Role.BureauStaff]),
            "提出异议 / objection: " + app.ObjectionText, ct);
        app.State = ApplicationState.Negotiation;
        return await SaveAsync(actor, app, "sharing.object", new { objection = app.ObjectionText }, ct);
    }

    /// <summary>The applicant accepts a refusal: the case closes; the request stays on the supply–demand list, unmet (art.38).</summary>
    public async Task<ApplicationView> AcceptRefusal(Actor actor, Guid id, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Accept, ct);
        await desk.CloseAsync(actor, app.CaseId, "refused", "申请部门接受答复 / the applicant accepted the reply", ct);
        app.State = ApplicationState.Closed;
        return await SaveAsync(actor, app, "sharing.accept-refusal", null, ct);
    }

    /// <summary>
    /// The bureau records the negotiation: agreed (the provider agrees → grant), withdrawn (the applicant drops the
    /// objection), or unresolved → referred to the government at the same level (art.23(二) ¶2).
    /// </summary>
    public async Task<ApplicationView> Negotiate(Actor actor, Guid id, ApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Negotiate, ct);
        var decision = Decision(act, "agreed", "withdrawn", "unresolved");
        app.NegotiationText = Reasons(act, "协商记录 / the record of the negotiation");
        switch (decision)
        {
            case "agreed":
                var grant = await GrantAsync(actor, app, act, "协商一致 / agreed in negotiation", ct);
                await desk.CompleteStepAsync(actor, app.CaseId, "agreed", app.NegotiationText, null, ct);
                await desk.CloseAsync(actor, app.CaseId, "granted", null, ct);
                return await SaveAsync(actor, app, "sharing.negotiate", new { decision, grant = grant.Id, record = app.NegotiationText }, ct);
            case "withdrawn":
                await desk.CompleteStepAsync(actor, app.CaseId, "withdrawn", app.NegotiationText, null, ct);
                await desk.CloseAsync(actor, app.CaseId, "refused", "异议撤回 / objection withdrawn", ct);
                app.State = ApplicationState.Closed;
                break;
            default:
                var bureau = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == app.BureauOrganisationId, ct);
                var government = await db.Set<Organisation>().AsNoTracking()
                    .FirstOrDefaultAsync(o => o.Kind == OrganisationKind.Government && o.DivisionCode == bureau.DivisionCode, ct)
                    ?? throw new ConflictProblem("government-missing", $"no people's government of division {bureau.DivisionCode} is registered to refer the dispute to");
                await desk.CompleteStepAsync(actor, app.CaseId, "unresolved", app.NegotiationText,
                    new NextStep("government-decision", Rules.SharingGovernmentDecision, government.Id, [Role.GovernmentDecisionMaker]), ct);
                app.State = ApplicationState.Referred;
                break;
        }
        return await SaveAsync(actor, app, "sharing.negotiate", new { decision, record = app.NegotiationText }, ct);
    }

    /// <summary>The government's decision on a referred dispute, recorded and carried out: share → the grant is made at once.</summary>
    public async Task<ApplicationView> Decide(Actor actor, Guid id, ApplicationAct act, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Decide, ct);
        app.DecisionText = Reasons(act, "决定内容及理由 / the decision and its reasons");
        if (Decision(act, "share", "refuse") == "share")
        {
            var grant = await GrantAsync(actor, app, act, "同级人民政府决定 / decided by the government", ct);
            await desk.CompleteStepAsync(actor, app.CaseId, "share", app.DecisionText, null, ct);
            await desk.CloseAsync(actor, app.CaseId, "granted", null, ct);
            return await SaveAsync(actor, app, "sharing.decide", new { decision = "share", grant = grant.Id, text = app.DecisionText }, ct);
        }
        await desk.CompleteStepAsync(actor, app.CaseId, "refuse", app.DecisionText, null, ct);
        await desk.CloseAsync(actor, app.CaseId, "refused", null, ct);
        app.State = ApplicationState.Closed;
        return await SaveAsync(actor, app, "sharing.decide", new { decision = "refuse", text = app.DecisionText }, ct);
    }

    /// <summary>The applicant withdraws an application that is not yet decided.</summary>
    public async Task<ApplicationView> Withdraw(Actor actor, Guid id, CancellationToken ct)
    {
        var app = await ActAsync(actor, id, Acts.Withdraw, ct);
        await desk.CloseAsync(actor, app.CaseId, "withdrawn", null, ct);
        app.State = ApplicationState.Withdrawn;
        return await SaveAsync(actor, app, "sharing.withdraw", null, ct);
    }

    // -----------------------------------------------------------------------------------------------------------------

    /// <summary>States in which an application is still being decided.</summary>
    internal static readonly ApplicationState[] Open =
        [ApplicationState.ConformityReview, ApplicationState.Returned, ApplicationState.ProviderReply, ApplicationState.Refused,
         ApplicationState.Negotiation, ApplicationState.Referred];

    public static string Subject(Guid id) => $"sharing-application:{id}";
    internal static string Lower(ApplicationState s) => s.ToString().ToLowerInvariant();
    private static string Join(IEnumerable<string> fields) => "|" + string.Join("|", fields) + "|";

    private sealed record ValidTerms(List<string> Fields, string? RowFilter, DateOnly From, DateOnly Until, string Delivery);

    /// <summary>Checks what is asked for against the entry's published catalogue fields.</summary>
    private static ValidTerms Terms(Validator v, EntryVersion version, ApplicationInput input, DateOnly today)
    {
        v.NotBlank(input.Purpose, "purpose", "使用目的").MaxLength(input.Purpose, MaxText, "purpose");
        v.NotBlank(input.LegalBasis, "legalBasis", "使用依据").MaxLength(input.LegalBasis, MaxText, "legalBasis");
        var known = version.Attributes.Fields ?? [];
        var fields = (input.Fields ?? []).Select(f => f?.Trim() ?? "").Where(f => f.Length > 0).Distinct().ToList();
        if (fields.Count == 0) v.Add("fields", "required", "name the fields you need (贵州 art.23: only what the purpose requires)");
        foreach (var f in fields.Where(f => known.All(k => k.Name != f))) v.Add("fields", "known-field", $"'{f}' is not a field of {version.Name}");
        var filter = string.IsNullOrWhiteSpace(input.RowFilter) ? null : input.RowFilter.Trim();
        foreach (var e in RowFilterText.Check(filter, DatasetSchema.From(known).ToRowSchema())) v.Add(e.Parameter, e.Rule, e.Message);
        var from = input.ValidFrom ?? today;
        if (from < today) v.Add("validFrom", "not-past", "the period of use cannot start in the past");
        if (input.ValidUntil is not { } until) { v.Add("validUntil", "required", "give the last day of use (贵州 art.23: the period)"); until = from; }
        else if (until < from) v.Add("validUntil", "after-start", "the last day of use is before the first");
        else if (until > from.AddYears(MaxYears)) v.Add("validUntil", "max-period", $"at most {MaxYears} years of use per application");
        var delivery = string.IsNullOrWhiteSpace(input.Delivery) ? "api" : input.Delivery.Trim().ToLowerInvariant();
        if (delivery is not ("api" or "file")) v.Add("delivery", "one-of", "delivery is api (row API and downloads) or file (sealed extracts)");
        return new(fields, filter, from, until, delivery);
    }

    /// <summary>Makes the grant an agreement carries out: the application's terms, or narrower ones the agreeing party sets.</summary>
    private async Task<DataGrant> GrantAsync(Actor actor, SharingApplication app, ApplicationAct act, string basis, CancellationToken ct)
    {
        var v = new Validator();
        var asked = app.FieldList;
        var fields = act.Fields is { Count: > 0 } narrower ? narrower.Select(f => f.Trim()).Distinct().ToList() : [.. asked];
        foreach (var f in fields.Where(f => !asked.Contains(f))) v.Add("fields", "within-application", $"'{f}' was not applied for");
        var (_, version) = await PublishedEntryAsync(app.EntryCode, ct);
        var filter = string.IsNullOrWhiteSpace(act.RowFilter) ? app.RowFilter : act.RowFilter.Trim();
        foreach (var e in RowFilterText.Check(filter, DatasetSchema.From(version.Attributes.Fields ?? []).ToRowSchema())) v.Add(e.Parameter, e.Rule, e.Message);
        var until = act.ValidUntil ?? app.ValidUntil;
        if (until > app.ValidUntil) v.Add("validUntil", "within-application", "a grant cannot run longer than the period applied for");
        if (until < app.ValidFrom) v.Add("validUntil", "after-start", "the last day of use is before the first");
        v.ThrowIfAny();
        var grant = new DataGrant
        {
            Id = Guid.NewGuid(), EntryId = app.EntryId, EntryCode = app.EntryCode, GranteeOrganisationId = app.ConsumerOrganisationId,
            GranteeName = app.ConsumerName, Fields = Join(fields), Reason = $"{app.Number}：{basis}", GrantedBy = actor.Username,
            GrantedAt = db.Clock.GetUtcNow(), ApplicationId = app.Id, Purpose = app.Purpose, RowFilter = filter,
            ValidFrom = app.ValidFrom, ValidUntil = until, Delivery = app.Delivery,
        };
        db.Add(grant);
        app.GrantId = grant.Id;
        app.State = ApplicationState.Granted;
        await SupplyDemandItem.MeetAsync(db, app, actor, ct);
        db.Audit(actor, "sharing.grant", $"dataset:{app.EntryCode}", new
        {
            grant = grant.Id, application = app.Number, grantee = app.ConsumerName, fields, filter, grant.ValidFrom, grant.ValidUntil, grant.Delivery, basis,
        });
        return grant;
    }

    private async Task<(CatalogueEntry, EntryVersion)> PublishedEntryAsync(string code, CancellationToken ct)
    {
        var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code, ct);
        if (entry?.PublishedVersion is not { } n || entry.State == EntryState.Withdrawn) throw new NotFoundProblem("published catalogue entry", code);
        var version = await db.Set<EntryVersion>().AsNoTracking().FirstAsync(v => v.EntryId == entry.Id && v.Number == n, ct);
        return (entry, version);
    }

    private async Task<Organisation> BureauOfAsync(string division, CancellationToken ct) =>
        await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == division, ct)
        ?? throw new ConflictProblem("bureau-missing", $"no data bureau of division {division} is registered to review the application");

    /// <summary>
    /// THE table of who acts on an application, and in which states (贵州 art.23 as data): the policy, the organisation that
    /// acts (the government: that of the reviewing bureau's division), the states the act is open in. The handlers enforce
    /// it (403 policy, 404 not the acting organisation, 409 state); the pages read it to offer only the forms that will
    /// be accepted (<see cref="MayActAsync"/>).
    /// </summary>
    public static class Acts
    {
        public const string Review = "review", Resubmit = "resubmit", Reply = "reply", Object = "object", Accept = "accept",
            Withdraw = "withdraw", Negotiate = "negotiate", Decide = "decide";

        internal sealed record Rule(Policy Policy, Func<SharingApplication, Guid?> ActingOrganisation, ApplicationState[] States);

        internal static readonly IReadOnlyDictionary<string, Rule> Table = new Dictionary<string, Rule>
        {
            [Review] = new(Policies.SharingCoordinate, a => a.BureauOrganisationId, [ApplicationState.ConformityReview]),
            [Resubmit] = new(Policies.SharingApply, a => a.ConsumerOrganisationId, [ApplicationState.Returned]),
            [Reply] = new(Policies.SharingProvide, a => a.DelegateOrganisationId ?? a.ProviderOrganisationId, [ApplicationState.ProviderReply]),
            [Object] = new(Policies.SharingApply, a => a.ConsumerOrganisationId, [ApplicationState.Refused]),
            [Accept] = new(Policies.SharingApply, a => a.ConsumerOrganisationId, [ApplicationState.Refused]),
            [Withdraw] = new(Policies.SharingApply, a => a.ConsumerOrganisationId, [.. Open.Where(s => s != ApplicationState.Referred)]),
            [Negotiate] = new(Policies.SharingCoordinate, a => a.BureauOrganisationId, [ApplicationState.Negotiation]),
            [Decide] = new(Policies.SharingDecide, _ => null, [ApplicationState.Referred]),
        };
    }

    /// <summary>Is the actor's organisation the one that takes <paramref name="act"/> on <paramref name="app"/>?</summary>
    private static async Task<bool> IsActingAsync(ShuzhiDb db, Actor actor, SharingApplication app, Acts.Rule rule, CancellationToken ct)
    {
        if (actor.IsSystem) return true;
        if (rule.ActingOrganisation(app) is { } org) return org == actor.OrganisationId;
        // The government of the reviewing bureau's division (贵州 art.23(二): 同级人民政府).
        var division = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == app.BureauOrganisationId).Select(o => o.DivisionCode).FirstAsync(ct);
        return actor.OrganisationKind == OrganisationKind.Government && actor.DivisionCode == division;
    }

    /// <summary>May the actor take <paramref name="act"/> on the application now (policy, organisation, state)?</summary>
    public static async Task<bool> MayActAsync(ShuzhiDb db, Actor actor, SharingApplication app, string act, CancellationToken ct)
    {
        var rule = Acts.Table[act];
        return actor.Satisfies(rule.Policy) && rule.States.Contains(app.State) && await IsActingAsync(db, actor, app, rule, ct);
    }

    /// <summary>The application, tracked, for an act by the actor: 403 without the policy, 404 unless the actor's organisation acts on it, 409 in another state.</summary>
    private async Task<SharingApplication> ActAsync(Actor actor, Guid id, string act, CancellationToken ct)
    {
        var rule = Acts.Table[act];
        actor.Require(rule.Policy);
        var app = await db.Set<SharingApplication>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await IsActingAsync(db, actor, app, rule, ct)) throw new NotFoundProblem("application", id.ToString());
        if (!rule.States.Contains(app.State))
            throw new ConflictProblem("application-state",
                $"application {app.Number} is {Lower(app.State)}: '{act}' is open only when it is {string.Join(" or ", rule.States.Select(Lower))}");
        return app;
    }

    private static string Decision(ApplicationAct act, params string[] allowed) => Decision(act.Decision, allowed);

    private static string Reasons(ApplicationAct act, string what = "理由 / the reasons") => Reasons(act.Reasons, what);

    /// <summary>The decision of an act, lower-cased, one of <paramref name="allowed"/> (else 422 naming "decision"). Also for open-data applications.</summary>
    internal static string Decision(string? decision, params string[] allowed)
    {
        var d = decision?.Trim().ToLowerInvariant();
        if (d is null || !allowed.Contains(d))
            throw new ValidationProblem("decision", "one-of", $"decision must be one of: {string.Join(", ", allowed)}");
        return d;
    }

    /// <summary>Required reasons of an act, trimmed (else 422 naming "reasons"). Also for open-data applications.</summary>
    internal static string Reasons(string? reasons, string what)
    {
        new Validator().NotBlank(reasons, "reasons", what).MaxLength(reasons, MaxText, "reasons").ThrowIfAny();
        return reasons!.Trim();
    }

    private async Task<ApplicationView> SaveAsync(Actor actor, SharingApplication app, string action, object? details, CancellationToken ct)
    {
        app.UpdatedAt = db.Clock.GetUtcNow();
        app.Version++;
        await SupplyDemandItem.FollowAsync(db, app, ct);
        db.Audit(actor, action, Subject(app.Id), new { app.Number, state = Lower(app.State), details });
        await db.SaveChangesAsync(ct);
        return await ApplicationQueries.ViewAsync(db, app, ct);
    }
}
