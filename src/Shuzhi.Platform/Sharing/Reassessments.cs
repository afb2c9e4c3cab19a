using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

public sealed record ReassessmentView(Guid Id, string EntryCode, string EntryName, string Provider, string ProviderDivisionCode,
    Guid CaseId, string CaseNumber, string Trigger, DateTimeOffset OpenedAt, string OpenedBy, string State,
    string? Basis, string? Reason, DateTimeOffset? AnsweredAt, string? AnsweredBy, string? CatalogueCaseNumber, string? CurrentBasis)
{
    internal static ReassessmentView From(ShareReassessment r, string? currentBasis) => new(r.Id, r.EntryCode, r.EntryName, r.ProviderName,
        r.ProviderDivisionCode, r.CaseId, r.CaseNumber, r.Trigger, r.OpenedAt, r.OpenedBy, r.State, r.Basis, r.Reason, r.AnsweredAt, r.AnsweredBy,
        r.CatalogueCaseNumber, currentBasis);
}

/// <summary>
/// 贵州 art.20 ¶2 "定期进行评估，具备无条件共享条件的，应当及时转为无条件共享": a re-assessment case
/// (<c>sharing.reassessment</c>, step <c>reassess</c>, rule GZ-20-REASSESS — no statutory period, the configured service
/// target if any) for the provider department, opened when a filing's re-assessment date comes (the job) or at once by
/// a bureau. The provider keeps the condition (the basis is filed again, next date + the configured months) or turns
/// the data unconditional (the filing is withdrawn at once, and an art.9 catalogue update is opened for the entry).
/// Never two open re-assessments of one entry (a unique key, so concurrent openers cannot both succeed).
/// </summary>
public sealed class Reassessments(ShuzhiDb db, ICaseDesk desk, CaseDeskAccess cases, ShareBasisFilings filings, IServiceScopeFactory scopes)
{
    public const string CaseType = "sharing.reassessment";
    public const string OneOpen = "one-open-reassessment";

    public sealed record StartInput(string? Entry);
    public sealed record AnswerInput(string? Outcome, string? Basis, string? Reason);
    public sealed record RunResult(int Due, int Opened);

    /// <summary>A bureau starts a re-assessment of an entry of its division (or below) at once.</summary>
    public async Task<ReassessmentView> Start(Actor actor, StartInput c, CancellationToken ct)
    {
        var code = Commissioners.Text(c.Entry);
        new Validator().NotBlank(code, "entry", "目录编码").ThrowIfAny();
        actor.Require(Policies.SharingCoordinate);
        var prefix = FilingScope.BureauPrefix(actor) ?? "";
        var filing = await db.Set<ShareBasisFiling>().AsNoTracking().FirstOrDefaultAsync(f => f.EntryCode == code && f.InForceEntryId != null, ct);
        if (filing is null)
        {
            var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code && e.PublishedVersion != null, ct);
            if (entry is null || !entry.ProviderDivisionCode.StartsWith(prefix, StringComparison.Ordinal)) throw new NotFoundProblem("catalogue entry", code!);
            throw new ValidationProblem("entry", "basis-filed", $"{code} 没有在用的有条件共享依据备案，无需评估 / {code} has no conditional-sharing basis on file to re-assess");
        }
        if (!filing.ProviderDivisionCode.StartsWith(prefix, StringComparison.Ordinal))
            throw new ForbiddenProblem(Policies.SharingCoordinate.Name, "只能评估本地区及下级地区的目录 / a bureau starts re-assessments in its own division and below");
        var r = await OpenAsync(actor, filing, "bureau", ct);
        return ReassessmentView.From(r, filing.Basis);
    }

    /// <summary>
    /// Opens a re-assessment for every filing in force whose date has come and whose entry has none open (the job, or a
    /// bureau at once). Idempotent: an entry with an open re-assessment is skipped, and a concurrent run's case wins.
    /// </summary>
    public async Task<RunResult> OpenDue(Actor actor, CancellationToken ct)
    {
        if (!actor.IsSystem) actor.Require(Policies.SharingCoordinate);
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        var open = db.Set<ShareReassessment>().Where(r => r.OpenEntryId != null).Select(r => r.EntryId);
        var withdrawn = db.Set<CatalogueEntry>().Where(e => e.State == EntryState.Withdrawn).Select(e => e.Id);
        var due = await db.Set<ShareBasisFiling>().AsNoTracking()
            .Where(f => f.InForceEntryId != null && f.ReassessmentDue <= today && !open.Contains(f.EntryId) && !withdrawn.Contains(f.EntryId))
            .ToListAsync(ct);
        var opened = 0;
        foreach (var filing in due.OrderBy(f => f.ReassessmentDue).ThenBy(f => f.EntryCode, StringComparer.Ordinal))
        {
            // Each in its own unit of work: a conflict (another run opened it first) leaves nothing pending for the next.
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<Reassessments>().OpenAsync(Actor.System, filing, "due", ct);
                opened++;
            }
            catch (ProblemException p) when (p.Status == 409) { }
        }
        if (!actor.IsSystem)
        {
            // The cases are the platform's act (the date came); asking for the run now is the person's.
            db.Audit(actor, "sharing.reassessment.run", "sharing-reassessments", new { due = due.Count, opened });
            await db.SaveChangesAsync(ct);
        }
        return new RunResult(due.Count, opened);
    }

    internal async Task<ShareReassessment> OpenAsync(Actor actor, ShareBasisFiling filing, string trigger, CancellationToken ct)
    {
        if (await db.Set<ShareReassessment>().AnyAsync(r => r.OpenEntryId == filing.EntryId, ct))
            throw new ProblemException(409, "conflict", "状态冲突 / Conflict", $"{filing.EntryCode} 已有进行中的评估 / {filing.EntryCode} already has an open re-assessment",
                [new FieldError("entry", OneOpen, "一个目录同时只能有一个进行中的评估 / one open re-assessment per entry")]);
        var r = new ShareReassessment
        {
            Id = Guid.NewGuid(), EntryId = filing.EntryId, EntryCode = filing.EntryCode, EntryName = filing.EntryName, FilingId = filing.Id,
            ProviderOrganisationId = filing.ProviderOrganisationId, ProviderName = filing.ProviderName, ProviderDivisionCode = filing.ProviderDivisionCode,
            CaseNumber = "", Trigger = trigger, OpenedAt = db.Clock.GetUtcNow(), OpenedBy = actor.Username, State = "Open", OpenEntryId = filing.EntryId,
        };
        var c = await desk.OpenAsync(actor, new OpenCase(CaseType, $"sharing-reassessment:{r.Id}",
            $"有条件共享定期评估：{filing.EntryName}（{filing.EntryCode}）",
            new NextStep("reassess", Rules.SharingReassessment, filing.ProviderOrganisationId, [Role.DataCommissioner, Role.DepartmentHead])), ct);
        r.CaseId = c.Id;
        r.CaseNumber = c.Number;
        db.Add(r);
        db.Audit(actor, "sharing.reassessment.open", $"sharing-reassessment:{r.Id}", new
        {
            entry = filing.EntryCode, filing = filing.Id, trigger, due = filing.ReassessmentDue, caseNumber = c.Number,
        });
        await db.SaveOrConflictAsync(ct, OneOpen, $"{filing.EntryCode} 已有进行中的评估 / {filing.EntryCode} already has an open re-assessment");
        return r;
    }

    /// <summary>The provider's answer: "keep" (with the basis, possibly updated) or "unconditional".</summary>
    public async Task<ReassessmentView> Answer(Actor actor, Guid id, AnswerInput c, CancellationToken ct)
    {
        var outcome = c.Outcome?.Trim().ToLowerInvariant();
        var basis = Commissioners.Text(c.Basis);
        var reason = Commissioners.Text(c.Reason);
        new Validator()
            .Require(outcome is "keep" or "unconditional", "outcome", "enum", "评估结论须为 keep（维持有条件共享）或 unconditional（转为无条件共享） / outcome is keep or unconditional")
            .Require(outcome != "keep" || basis is not null, "basis", "share-legal-basis",
                "维持有条件共享须提供法律、法规、规章依据（贵州省政务数据资源管理办法第二十条） / keeping the condition needs its legal basis (art.20)")
            .MaxLength(basis, 2000, "basis").MaxLength(reason, 2000, "reason")
            .ThrowIfAny();
        actor.Require(Policies.SharingProvide);
        var r = await db.Set<ShareReassessment>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !Sees(actor, r)) throw new NotFoundProblem("re-assessment", id.ToString());
        if (!actor.IsSystem && actor.OrganisationId != r.ProviderOrganisationId)
            throw new ForbiddenProblem(Policies.SharingProvide.Name, "只有数据提供部门答复评估 / only the provider department answers the re-assessment");
        if (r.State != "Open") throw new ConflictProblem("already-answered", "此评估已答复 / the re-assessment was already answered");
        var filing = await db.Set<ShareBasisFiling>().FirstOrDefaultAsync(f => f.InForceEntryId == r.EntryId, ct);
        var now = db.Clock.GetUtcNow();
        ShareBasisFiling? renewed = null;
        CatalogueChange? change = null;
        if (outcome == "keep")
        {
            if (filing is null)
                throw new ConflictProblem("basis-filed", "该目录已没有在用的有条件共享依据备案（已转为无条件共享或已发布新版本） / the entry no longer has a basis on file");
            filings.End(filing, FilingState.Superseded, actor, "定期评估维持有条件共享，依据重新备案 / kept on re-assessment, basis filed again");
            renewed = filings.New(filing.EntryId, filing.EntryCode, filing.EntryName, filing.EntryVersion, filing.ProviderOrganisationId, filing.ProviderName,
                filing.ProviderDivisionCode, basis!, filing.BureauOrganisationId, actor, "reassessment", filing.Id);
        }
        else
        {
            if (filing is not null)
                filings.End(filing, FilingState.Withdrawn, actor, reason ?? "定期评估认为具备无条件共享条件 / re-assessed: fit for unconditional sharing");
            // 贵州 art.9: the department brings its catalogue entry in line (ShareType Unconditional) and submits it for review.
            var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstAsync(e => e.Id == r.EntryId, ct);
            change = await RegisterChange.OpenAsync(db, cases, actor, "Reassessment", ChinaTime.DateOf(now),
                $"有条件共享定期评估（{r.CaseNumber}）认为具备无条件共享条件，目录共享类型应更新为无条件共享（贵州省政务数据资源管理办法第二十条）"
                + (reason is null ? "" : "：" + reason), [entry], ct);
            r.CatalogueChangeId = change.Id;
            r.CatalogueCaseNumber = change.CaseNumber;
        }
        await desk.CloseAsync(actor, r.CaseId, outcome == "keep" ? "kept" : "unconditional",
            outcome == "keep" ? $"维持有条件共享，依据：{basis}" : $"转为无条件共享{(reason is null ? "" : "：" + reason)}", ct);
        r.State = outcome == "keep" ? "Kept" : "Unconditional";
        r.Basis = basis;
        r.Reason = reason;
        r.AnsweredAt = now;
        r.AnsweredBy = actor.Username;
        r.OpenEntryId = null;
        r.Version++;
        db.Audit(actor, "sharing.reassessment.answer", $"sharing-reassessment:{r.Id}", new
        {
            entry = r.EntryCode, caseNumber = r.CaseNumber, outcome, basis, reason, filing = filing?.Id, renewed = renewed?.Id,
            nextDue = renewed?.ReassessmentDue, catalogueCase = change?.CaseNumber,
        });
        await db.SaveOrConflictAsync(ct);
        return ReassessmentView.From(r, renewed?.Basis);
    }

    /// <summary>Re-assessments the actor sees: its department's; a bureau those of its division and below.</summary>
    public async Task<IReadOnlyList<ReassessmentView>> List(Actor actor, string? state, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var q = db.Set<ShareReassessment>().AsNoTracking();
        var prefix = FilingScope.BureauPrefix(actor);
        q = prefix is null ? q.Where(r => r.ProviderOrganisationId == actor.OrganisationId) : q.Where(r => r.ProviderDivisionCode.StartsWith(prefix));
        if (!string.IsNullOrWhiteSpace(state))
        {
            var s = state.Trim();
            if (s is not ("Open" or "Kept" or "Unconditional")) throw new BadRequestProblem("state", "enum", "state is one of Open, Kept, Unconditional");
            q = q.Where(r => r.State == s);
        }
        var list = await q.ToListAsync(ct);
        var ids = list.Select(r => r.EntryId).ToList();
        var bases = await db.Set<ShareBasisFiling>().AsNoTracking().Where(f => f.InForceEntryId != null && ids.Contains(f.EntryId))
            .ToDictionaryAsync(f => f.EntryId, f => f.Basis, ct);
        return list.OrderBy(r => r.State != "Open").ThenByDescending(r => r.OpenedAt)
            .Select(r => ReassessmentView.From(r, bases.GetValueOrDefault(r.EntryId))).ToList();
    }

    private static bool Sees(Actor actor, ShareReassessment r) =>
        actor.IsSystem || actor.OrganisationId == r.ProviderOrganisationId
        || (FilingScope.BureauPrefix(actor) is { } p && r.ProviderDivisionCode.StartsWith(p, StringComparison.Ordinal));
}
