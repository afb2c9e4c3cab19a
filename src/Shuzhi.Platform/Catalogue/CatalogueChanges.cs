using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Catalogue;

/// <summary>
/// 贵州 art.9: within 10 working days of a change in law or function the department updates its catalogue and submits
/// it for review; the bureau of the same level may extend by 5 working days. A registered change opens one case
/// (Rules.CatalogueUpdate) whose step is met when every affected entry has been submitted.
/// </summary>
public sealed class RegisterChange(ShuzhiDb db, CaseDeskAccess cases, CatalogueViews views)
{
    /// <param name="Kind">"Law" (法律法规修订) or "Function" (行政管理职能变化).</param>
    public sealed record Command(string? Kind, DateOnly? ChangeDate, string? Description, IReadOnlyList<string>? Entries);

    /// <summary>The earliest change date accepted (decision: older changes are not registered; it also keeps dates in range).</summary>
    public static readonly DateOnly MinChangeDate = new(2000, 1, 1);

    public async Task<ChangeInfo> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var kind = c.Kind?.Trim();
        var description = CatalogueRules.Text(c.Description);
        var codes = (c.Entries ?? []).Select(CatalogueRules.Code).Where(x => x is not null).Select(x => x!).Distinct().ToList();
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        new Validator()
            .Require(kind is "Law" or "Function", "kind", "enum", "变化类型须为 Law（法律法规修订）或 Function（行政管理职能变化） / kind must be Law or Function")
            .Require(c.ChangeDate is not null, "changeDate", "required", "变化之日不能为空 / changeDate is required")
            .Require(c.ChangeDate is null || c.ChangeDate >= MinChangeDate, "changeDate", "range", $"变化之日须在 {MinChangeDate:yyyy-MM-dd} 至今天之间 / the change date must be between {MinChangeDate:yyyy-MM-dd} and today")
            .Require(c.ChangeDate is null || c.ChangeDate <= today, "changeDate", "not-in-future", "变化之日不能晚于今天 / the change date cannot be in the future")
            .NotBlank(description, "description", "变化说明").MaxLength(description, 2000, "description")
            .Require(codes.Count > 0, "entries", "required", "至少选择一个受影响的目录 / name at least one affected entry")
            .ThrowIfAny();
        actor.Require(Policies.CatalogueEdit);
        var entries = await db.Set<CatalogueEntry>().AsNoTracking().Where(e => codes.Contains(e.Code)).ToListAsync(ct);
        var errors = new List<FieldError>();
        for (var i = 0; i < codes.Count; i++)
        {
            var e = entries.FirstOrDefault(x => x.Code == codes[i]);
            if (e is null || !CatalogueAccess.IsOwner(actor, e))
                errors.Add(new FieldError($"entries[{i}]", "own-entry", $"{codes[i]} 不是本部门的目录 / not an entry of your department"));
        }
        if (errors.Count > 0) throw new ValidationProblem(errors);
        var change = await OpenAsync(db, cases, actor, kind!, c.ChangeDate!.Value, description!, entries.OrderBy(e => codes.IndexOf(e.Code)).ToList(), ct);
        await db.SaveCatalogueAsync(ct);
        return (await views.ChangesAsync(db.Set<CatalogueChange>().AsNoTracking().Where(x => x.Id == change.Id), ct))[0];
    }

    /// <summary>
    /// Records the change and opens its art.9 update case (Rules.CatalogueUpdate, counted from the change date) in the
    /// caller's unit of work, audited; the caller authorises and saves. <paramref name="entries"/>: one department's.
    /// Also used by the sharing module when a re-assessment turns conditional data unconditional (kind "Reassessment",
    /// 贵州 art.20 ¶2).
    /// </summary>
    internal static async Task<CatalogueChange> OpenAsync(ShuzhiDb db, CaseDeskAccess cases, Actor actor, string kind, DateOnly changeDate,
        string description, IReadOnlyList<CatalogueEntry> entries, CancellationToken ct)
    {
        var org = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == entries[0].ProviderOrganisationId, ct);
        var codes = entries.Select(e => e.Code).ToList();
        var change = new CatalogueChange
        {
            Id = Guid.NewGuid(), OrganisationId = org.Id, OrganisationCode = org.Code, DivisionCode = org.DivisionCode, Kind = kind,
            ChangeDate = changeDate, Description = description, RegisteredBy = actor.Username, RegisteredAt = db.Clock.GetUtcNow(), State = "Open",
        };
        db.Add(change);
        foreach (var e in entries)
            db.Add(new CatalogueChangeEntry { Id = Guid.NewGuid(), ChangeId = change.Id, EntryId = e.Id, EntryCode = e.Code });
        var label = kind switch { "Law" => "法律法规修订", "Reassessment" => "共享类型评估", _ => "职能变化" };
        var caseRef = await cases.Desk.OpenAsync(actor, new OpenCase("catalogue.update", $"catalogue-change:{change.Id}",
            $"目录更新：{label} — {org.Name}（{string.Join("、", codes)}）",
            new NextStep("update-catalogue", Rules.CatalogueUpdate, org.Id, [Role.DataCommissioner, Role.DepartmentStaff]),
            ChinaTime.StartOf(change.ChangeDate)), ct);
        change.CaseId = caseRef.Id;
        change.CaseNumber = caseRef.Number;
        db.Audit(actor, "catalogue.change.register", $"catalogue-change:{change.Id}",
            new { kind, changeDate = change.ChangeDate, description, entries = codes, caseNumber = caseRef.Number });
        return change;
    }
}

/// <summary>The bureau of the department's division consents to extend the update by 5 working days, once (贵州 art.9).</summary>
public sealed class ExtendUpdate(ShuzhiDb db, CaseDeskAccess cases, CatalogueViews views)
{
    public sealed record Command(Guid ChangeId, string? Reason);

    public async Task<ChangeInfo> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var reason = CatalogueRules.Text(c.Reason);
        new Validator().NotBlank(reason, "reason", "延期理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        actor.Require(Policies.CatalogueReview);
        var change = await db.Set<CatalogueChange>().FirstOrDefaultAsync(x => x.Id == c.ChangeId, ct);
        if (change is null || !(actor.IsSystem || actor.OrganisationId == change.OrganisationId || actor.DivisionCode == change.DivisionCode))
            throw new NotFoundProblem("catalogue change", c.ChangeId.ToString());
        if (!actor.IsSystem && actor.DivisionCode != change.DivisionCode)
            throw new ForbiddenProblem(Policies.CatalogueReview.Name, "只有同级大数据主管部门可以同意延期（贵州省政务数据资源管理办法第九条） / only the bureau of the same level may extend");
        if (change.State != "Open") throw new ConflictProblem("extend-requires-open", "目录更新已完成，无需延期 / the update is already done");
        if (change.Extended) throw new ConflictProblem("extend-once", "已延期一次；第九条只允许延长 5 个工作日 / already extended once (art.9 allows 5 working days)");
        await cases.Desk.ExtendStepAsync(actor, change.CaseId!.Value, Rules.CatalogueUpdateExtension, reason!, ct);
        change.Extended = true;
        change.ExtensionReason = reason;
        change.ExtendedBy = actor.Username;
        db.Audit(actor, "catalogue.change.extend", $"catalogue-change:{change.Id}", new { reason, caseNumber = change.CaseNumber });
        await db.SaveCatalogueAsync(ct);
        return (await views.ChangesAsync(db.Set<CatalogueChange>().AsNoTracking().Where(x => x.Id == change.Id), ct))[0];
    }
}

/// <summary>Registered changes the actor may see: its department's, or those of its division when a bureau.</summary>
public sealed class ListChanges(ShuzhiDb db, CatalogueViews views)
{
    public async Task<IReadOnlyList<ChangeInfo>> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.GovernmentUser);
        var q = db.Set<CatalogueChange>().AsNoTracking();
        if (!actor.IsSystem)
        {
            var bureau = Policies.CatalogueReview.Allows(actor);
            q = q.Where(c => c.OrganisationId == actor.OrganisationId || (bureau && c.DivisionCode == actor.DivisionCode));
        }
        return await views.ChangesAsync(q, ct);
    }
}

internal static class UpdateDuties
{
    /// <summary>Marks the entry's open update duties as submitted; completes the case step of each change whose entries are all submitted.</summary>
    public static async Task<int> CompleteAsync(ShuzhiDb db, CaseDeskAccess cases, Actor actor, CatalogueEntry entry, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var duties = await (from d in db.Set<CatalogueChangeEntry>()
                            join c in db.Set<CatalogueChange>() on d.ChangeId equals c.Id
                            where d.EntryId == entry.Id && d.SubmittedAt == null && c.State == "Open"
                            select d).ToListAsync(ct);
        var completed = 0;
        foreach (var d in duties)
        {
            d.SubmittedAt = now;
            var pending = await db.Set<CatalogueChangeEntry>().CountAsync(x => x.ChangeId == d.ChangeId && x.SubmittedAt == null && x.Id != d.Id, ct);
            if (pending > 0) continue;
            var change = await db.Set<CatalogueChange>().FirstAsync(x => x.Id == d.ChangeId, ct);
            change.State = "Completed";
            change.CompletedAt = now;
            if (change.CaseId is { } caseId)
            {
                // Closing ends the running step (met if in time, overdue otherwise) and the case, in this unit of work.
                await cases.Desk.CloseAsync(actor, caseId, "updated-and-submitted", $"目录已更新并报同级大数据主管部门审核（最后一条：{entry.Code}）", ct);
            }
            completed++;
        }
        return completed;
    }
}

/// <summary>一数一源 (贵州 art.13): detection on submission, and the bureau's decision.</summary>
public static class OneSource
{
    /// <summary>
    /// Claims of another department's published or submitted entry to be the authoritative source of an item this
    /// version claims. Each new pair is recorded as an open conflict with a case for the bureau (of the same division
    /// when both entries are in one division, else the provincial bureau). The submission still goes ahead.
    /// </summary>
    internal static async Task<List<SourceConflict>> DetectAsync(ShuzhiDb db, CaseDeskAccess cases, Actor actor, CatalogueEntry entry, EntryVersion v, CancellationToken ct)
    {
        var found = new List<SourceConflict>();
        var items = v.AuthoritativeItems.Split('|', StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
        {
            var token = $"|{item}|";
            var others = await (from ov in db.Set<EntryVersion>().AsNoTracking()
                                join oe in db.Set<CatalogueEntry>().AsNoTracking() on ov.EntryId equals oe.Id
                                where oe.ProviderOrganisationId != entry.ProviderOrganisationId && ov.AuthoritativeItems.Contains(token)
                                   && ((ov.State == EntryState.Published && ov.Number == oe.PublishedVersion) || (ov.State == EntryState.Submitted && ov.Number == oe.CurrentVersion))
                                select oe).Distinct().ToListAsync(ct);
            foreach (var other in others)
            {
                var known = await db.Set<SourceConflict>().AnyAsync(c => c.ItemCode == item &&
                    ((c.EntryId == entry.Id && c.OtherEntryId == other.Id) || (c.EntryId == other.Id && c.OtherEntryId == entry.Id)), ct);
                if (known || found.Any(f => f.ItemCode == item && f.OtherEntryId == other.Id)) continue;
                var division = other.ProviderDivisionCode == entry.ProviderDivisionCode ? entry.ProviderDivisionCode : "520000";
                var bureau = await db.Set<Organisation>().AsNoTracking()
                    .Where(o => o.Kind == OrganisationKind.DataBureau && (o.DivisionCode == division || o.Level == AdminLevel.Province))
                    .OrderBy(o => o.DivisionCode == division ? 0 : 1).FirstAsync(ct);
                var conflict = new SourceConflict
                {
                    Id = Guid.NewGuid(), ItemCode = item, EntryId = entry.Id, EntryCode = entry.Code, OtherEntryId = other.Id, OtherEntryCode = other.Code,
                    BureauOrganisationId = bureau.Id, State = "Open", DetectedAt = db.Clock.GetUtcNow(),
                };
                // The case is seen by the submitting department and by bureaus that may not see the other (or even this)
                // entry's unpublished versions: its title names an entry only once it is published (the codes are in
                // the conflict, which only those who see both entries, and the deciding bureau, can read).
                static string Named(CatalogueEntry x) => x.PublishedVersion is not null ? x.Code : "待审核目录 / an entry under review";
                var caseRef = await cases.Desk.OpenAsync(actor, new OpenCase("catalogue.one-source", $"catalogue-conflict:{conflict.Id}",
                    $"一数一源冲突：{item}（{Named(entry)} 与 {Named(other)}）",
                    new NextStep("decide-authoritative-source", Rules.OneSourceConflict, bureau.Id, [Role.BureauStaff])), ct);
                conflict.CaseId = caseRef.Id;
                conflict.CaseNumber = caseRef.Number;
                db.Add(conflict);
                db.Audit(actor, "catalogue.conflict.detect", $"catalogue-conflict:{conflict.Id}",
                    new { item, entry = entry.Code, other = other.Code, caseNumber = caseRef.Number });
                found.Add(conflict);
            }
        }
        return found;
    }
}

/// <summary>The bureau decides which entry is the authoritative source of the item (贵州 art.13).</summary>
public sealed class DecideConflict(ShuzhiDb db, CaseDeskAccess cases)
{
    public sealed record Command(Guid ConflictId, string? AuthoritativeEntry, string? Reason);

    public async Task<ConflictInfo> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var chosen = CatalogueRules.Code(c.AuthoritativeEntry);
        var reason = CatalogueRules.Text(c.Reason);
        new Validator().NotBlank(chosen, "authoritativeEntry", "权威来源目录").NotBlank(reason, "reason", "决定理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        actor.Require(Policies.CatalogueReview);
        var conflict = await db.Set<SourceConflict>().FirstOrDefaultAsync(x => x.Id == c.ConflictId, ct)
            ?? throw new NotFoundProblem("source conflict", c.ConflictId.ToString());
        if (!actor.IsSystem && actor.OrganisationId != conflict.BureauOrganisationId)
            throw new ForbiddenProblem(Policies.CatalogueReview.Name, "此一数一源冲突由另一大数据主管部门决定 / another bureau decides this conflict");
        if (conflict.State != "Open") throw new ConflictProblem("already-decided", "此冲突已决定 / already decided");
        if (chosen != conflict.EntryCode && chosen != conflict.OtherEntryCode)
            throw new ValidationProblem("authoritativeEntry", "one-of-conflict", $"须为 {conflict.EntryCode} 或 {conflict.OtherEntryCode} / must be one of the two entries");
        conflict.State = "Decided";
        conflict.AuthoritativeEntryCode = chosen;
        conflict.DecisionReason = reason;
        conflict.DecidedBy = actor.Username;
        conflict.DecidedAt = db.Clock.GetUtcNow();
        if (conflict.CaseId is { } caseId)
            await cases.Desk.CloseAsync(actor, caseId, "decided", $"权威来源：{chosen}。{reason}", ct);
        db.Audit(actor, "catalogue.conflict.decide", $"catalogue-conflict:{conflict.Id}", new { conflict.ItemCode, authoritative = chosen, reason });
        await db.SaveCatalogueAsync(ct);
        return CatalogueViews.Conflict(conflict);
    }
}

/// <summary>一数一源 conflicts the actor may see (<see cref="CatalogueAccess.VisibleConflicts"/>): those its bureau decides, or about its department's entries when it sees both entries.</summary>
public sealed class ListConflicts(ShuzhiDb db)
{
    public async Task<IReadOnlyList<ConflictInfo>> Handle(Actor actor, string? state, CancellationToken ct)
    {
        actor.Require(Policies.GovernmentUser);
        var org = actor.OrganisationId;
        var mine = db.Set<CatalogueEntry>().Where(e => e.ProviderOrganisationId == org).Select(e => e.Id);
        var q = CatalogueAccess.VisibleConflicts(db, actor);
        if (!actor.IsSystem) q = q.Where(c => c.BureauOrganisationId == org || mine.Contains(c.EntryId) || mine.Contains(c.OtherEntryId));
        if (!string.IsNullOrWhiteSpace(state)) q = q.Where(c => c.State == state);
        var list = await q.OrderByDescending(c => c.DetectedAt).ToListAsync(ct);
        return list.Select(CatalogueViews.Conflict).ToList();
    }
}
