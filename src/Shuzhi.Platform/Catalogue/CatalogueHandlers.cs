using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Catalogue;

public sealed record EntrySummary(
    string Code, string Name, string Summary, string DepartmentCode, string Department, string Level, string Category,
    string Domain, string ShareType, string OpenType, string Grade, string State, int Version, int? PublishedVersion,
    DateTimeOffset UpdatedAt);

public sealed record VersionInfo(
    int Number, string State, string CreatedBy, DateTimeOffset CreatedAt, string? SubmittedBy, DateTimeOffset? SubmittedAt,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewDecision, string? ReviewReasons, DateTimeOffset? PublishedAt,
    IReadOnlyList<StateChange> History);

public sealed record EntryPermissions(bool Edit, bool Submit, bool Review, bool Withdraw, bool RegisterChange);

public sealed record ConflictInfo(Guid Id, string ItemCode, string EntryCode, string OtherEntryCode, string State, Guid? CaseId, string? CaseNumber,
    DateTimeOffset DetectedAt, string? AuthoritativeEntryCode, string? DecisionReason, string? DecidedBy, DateTimeOffset? DecidedAt);

public sealed record ChangeInfo(Guid Id, string OrganisationCode, string Kind, DateOnly ChangeDate, string Description, string State,
    string? CaseNumber, Guid? CaseId, bool Extended, string? ExtensionReason, string RegisteredBy, DateTimeOffset RegisteredAt,
    IReadOnlyList<string> Entries, IReadOnlyList<string> Pending);

public sealed record EntryDetail(
    string Code, string DepartmentCode, string Department, string Level, string DivisionCode, string State,
    int CurrentVersion, int? PublishedVersion, string? WithdrawReason,
    /// <summary>The version shown (the current one to its department and bureau; else the published one).</summary>
    VersionInfo Version, EntryAttributes Attributes, IReadOnlyList<VersionInfo> Versions,
    IReadOnlyList<ConflictInfo> Conflicts, IReadOnlyList<ChangeInfo> Changes, EntryPermissions Permissions);

/// <summary>Builds the views of an entry for an actor.</summary>
public sealed class CatalogueViews(ShuzhiDb db)
{
    public static VersionInfo Info(EntryVersion v) => new(v.Number, v.State.ToString(), v.CreatedBy, v.CreatedAt, v.SubmittedBy, v.SubmittedAt,
        v.ReviewedBy, v.ReviewedAt, v.ReviewDecision, v.ReviewReasons, v.PublishedAt, v.History);

    public static IQueryable<EntryVersion> VisibleVersions(ShuzhiDb db, Actor actor, CatalogueEntry e)
    {
        var q = db.Set<EntryVersion>().AsNoTracking().Where(v => v.EntryId == e.Id);
        return CatalogueAccess.SeesWorking(actor, e) ? q : q.Where(v => v.PublishedAt != null);
    }

    public async Task<EntryDetail> DetailAsync(Actor actor, CatalogueEntry e, int? number, CancellationToken ct)
    {
        var working = CatalogueAccess.SeesWorking(actor, e);
        var versions = await VisibleVersions(db, actor, e).OrderByDescending(v => v.Number).ToListAsync(ct);
        var shownNumber = number ?? (working ? e.CurrentVersion : e.PublishedVersion!.Value);
        var shown = versions.FirstOrDefault(v => v.Number == shownNumber) ?? throw new NotFoundProblem("catalogue entry version", $"{e.Code} v{shownNumber}");
        var conflicts = await CatalogueAccess.VisibleConflicts(db, actor).Where(c => c.EntryId == e.Id || c.OtherEntryId == e.Id)
            .OrderBy(c => c.DetectedAt).ToListAsync(ct);
        var changeIds = await db.Set<CatalogueChangeEntry>().AsNoTracking().Where(x => x.EntryId == e.Id).Select(x => x.ChangeId).ToListAsync(ct);
        var changes = working ? await ChangesAsync(db.Set<CatalogueChange>().AsNoTracking().Where(c => changeIds.Contains(c.Id)), ct) : [];
        var state = working ? e.State : versions.First(v => v.Number == e.PublishedVersion).State;
        var perms = new EntryPermissions(
            Edit: CatalogueAccess.MayEdit(actor, e) && e.State != EntryState.Submitted,
            Submit: CatalogueAccess.MayEdit(actor, e) && e.State is EntryState.Draft or EntryState.Returned,
            Review: !actor.IsSystem && CatalogueAccess.IsReviewingBureau(actor, e) && e.State == EntryState.Submitted,
            Withdraw: (CatalogueAccess.MayEdit(actor, e) || (!actor.IsSystem && CatalogueAccess.IsReviewingBureau(actor, e))) && e.State == EntryState.Published,
            RegisterChange: CatalogueAccess.MayEdit(actor, e));
        return new EntryDetail(e.Code, e.ProviderCode, e.ProviderName, e.Level.ToString(), e.ProviderDivisionCode, state.ToString(),
            working ? e.CurrentVersion : e.PublishedVersion!.Value, e.PublishedVersion, e.WithdrawReason,
            Info(shown), shown.Attributes, versions.Select(Info).ToList(),
            conflicts.Select(Conflict).ToList(), changes, perms);
    }

    public static ConflictInfo Conflict(SourceConflict c) => new(c.Id, c.ItemCode, c.EntryCode, c.OtherEntryCode, c.State, c.CaseId, c.CaseNumber,
        c.DetectedAt, c.AuthoritativeEntryCode, c.DecisionReason, c.DecidedBy, c.DecidedAt);

    public async Task<List<ChangeInfo>> ChangesAsync(IQueryable<CatalogueChange> query, CancellationToken ct)
    {
        var list = await query.OrderByDescending(c => c.RegisteredAt).ToListAsync(ct);
        var ids = list.Select(c => c.Id).ToList();
        var links = await db.Set<CatalogueChangeEntry>().AsNoTracking().Where(x => ids.Contains(x.ChangeId)).ToListAsync(ct);
        return list.Select(c => new ChangeInfo(c.Id, c.OrganisationCode, c.Kind, c.ChangeDate, c.Description, c.State, c.CaseNumber, c.CaseId,
            c.Extended, c.ExtensionReason, c.RegisteredBy, c.RegisteredAt,
            links.Where(l => l.ChangeId == c.Id).Select(l => l.EntryCode).Order().ToList(),
            links.Where(l => l.ChangeId == c.Id && l.SubmittedAt == null).Select(l => l.EntryCode).Order().ToList())).ToList();
    }
}

/// <summary>Creates a draft entry of the actor's department (贵州 art.9: departments compile their catalogue).</summary>
public sealed class CreateDraft(ShuzhiDb db, CatalogueViews views)
{
    /// <param name="Code">Optional (import): the entry code, which must start with the department's code.</param>
    /// <param name="ProviderCode">Only for the system actor (demo seeding): the provider department's code.</param>
    public sealed record Command(EntryAttributes? Attributes, string? Code = null, string? ProviderCode = null);

    public async Task<EntryDetail> Handle(Actor actor, Command c, CancellationToken ct)
    {
        actor.Require(Policies.CatalogueEdit);
        var org = await ProviderAsync(actor, c.ProviderCode, ct);
        var a = CatalogueRules.Normalise(c.Attributes ?? new EntryAttributes());
        var errors = CatalogueRules.Check(a, org.Level);
        var code = CatalogueRules.Code(c.Code);
        if (code is not null && !CatalogueRules.CodeFormat(code, org.Code))
            errors.Add(CatalogueRules.CodeFormatError("code", org.Code));
        if (errors.Count > 0) throw new ValidationProblem(errors);
        if (code is not null && await db.Set<CatalogueEntry>().AnyAsync(e => e.Code == code, ct))
            throw new ConflictProblem("code-unique", $"目录编码 {code} 已存在 / code {code} exists");
        code ??= await NextCodeAsync(db, org, ct);
        var entry = Add(db, actor, org, code, a);
        db.Audit(actor, "catalogue.entry.create", $"catalogue-entry:{code}", new { code, version = 1, a.Name });
        // An explicit code created by a simultaneous request at the same instant → 409, never 500.
        await db.SaveCatalogueAsync(ct, "code-unique", $"目录编码 {code} 刚被占用，请重试 / code {code} was just taken, try again");
        return await views.DetailAsync(actor, entry, null, ct);
    }

    internal static CatalogueEntry Add(ShuzhiDb db, Actor actor, Organisation org, string code, EntryAttributes a)
    {
        var now = db.Clock.GetUtcNow();
        var entry = new CatalogueEntry
        {
            Id = Guid.NewGuid(), Code = code, ProviderOrganisationId = org.Id, ProviderCode = org.Code, ProviderName = org.Name,
            ProviderDivisionCode = org.DivisionCode, Level = org.Level, State = EntryState.Draft, CurrentVersion = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(entry);
        db.Add(NewVersion(actor, entry, 1, a, now));
        return entry;
    }

    internal static EntryVersion NewVersion(Actor actor, CatalogueEntry entry, int number, EntryAttributes a, DateTimeOffset now)
    {
        var v = new EntryVersion
        {
            Id = Guid.NewGuid(), EntryId = entry.Id, Number = number, State = EntryState.Draft, Name = "", Summary = "", Domain = "",
            SearchText = "", AuthoritativeItems = "", AttributesJson = "{}", HistoryJson = "[]", CreatedBy = actor.Username, CreatedAt = now,
        };
        v.SetAttributes(entry.Code, a);
        v.AddHistory(EntryState.Draft, now, actor.Username, number == 1 ? "创建 / created" : "新版本 / new version");
        return v;
    }

    internal static async Task<Organisation> ProviderAsync(ShuzhiDb db, Actor actor, string? providerCode, CancellationToken ct)
    {
        if (actor.IsSystem && providerCode is not null)
            return await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == providerCode, ct)
                ?? throw new BadRequestProblem("providerCode", "unknown", $"unknown organisation {providerCode}");
        return await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == actor.OrganisationId, ct);
    }

    private Task<Organisation> ProviderAsync(Actor actor, string? providerCode, CancellationToken ct) => ProviderAsync(db, actor, providerCode, ct);

    /// <summary>
    /// The next free code of the department, "{department code}-{0001…}", from an atomic sequence so two
    /// simultaneous drafts never get the same code; codes taken by imports are skipped.
    /// </summary>
    internal static async Task<string> NextCodeAsync(ShuzhiDb db, Organisation org, CancellationToken ct, IReadOnlySet<string>? reserved = null)
    {
        while (true)
        {
            var code = $"{org.Code}-{await db.NextValueAsync("catalogue:" + org.Code, ct):0000}";
            var taken = (reserved?.Contains(code) ?? false)
                || db.ChangeTracker.Entries<CatalogueEntry>().Any(x => x.Entity.Code == code)
                || await db.Set<CatalogueEntry>().AnyAsync(e => e.Code == code, ct);
            if (!taken) return code;
        }
    }
}

/// <summary>
/// Edits an entry. A draft is edited in place; a returned, published or withdrawn entry gets a new draft version
/// (the published version keeps being served until the new one is approved). A submitted entry cannot be edited (409).
/// </summary>
public sealed class UpdateDraft(ShuzhiDb db, CatalogueViews views)
{
    public sealed record Command(string Code, EntryAttributes? Attributes);

    public async Task<EntryDetail> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, c.Code, track: true, ct);
        CatalogueAccess.RequireEdit(actor, entry);
        var a = CatalogueRules.Normalise(c.Attributes ?? new EntryAttributes());
        CatalogueRules.Validate(a, entry.Level);
        var n = await Apply(db, actor, entry, a, ct);
        db.Audit(actor, "catalogue.entry.update", $"catalogue-entry:{entry.Code}", new { entry.Code, version = n, a.Name });
        await db.SaveCatalogueAsync(ct);
        return await views.DetailAsync(actor, entry, null, ct);
    }

    /// <summary>Applies valid attributes to an entry the actor may edit; returns the version number written.</summary>
    internal static async Task<int> Apply(ShuzhiDb db, Actor actor, CatalogueEntry entry, EntryAttributes a, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        if (entry.State == EntryState.Submitted)
            throw new ConflictProblem("not-editable-under-review", "目录已提交审核，审核完成前不能修改 / the entry is under review and cannot be edited");
        if (entry.State == EntryState.Draft)
        {
            var v = await db.Set<EntryVersion>().FirstAsync(x => x.EntryId == entry.Id && x.Number == entry.CurrentVersion, ct);
            v.SetAttributes(entry.Code, a);
            v.AddHistory(EntryState.Draft, now, actor.Username, "修改 / edited");
        }
        else
        {
            entry.CurrentVersion += 1;
            db.Add(CreateDraft.NewVersion(actor, entry, entry.CurrentVersion, a, now));
            entry.State = EntryState.Draft;
        }
        entry.UpdatedAt = now;
        return entry.CurrentVersion;
    }
}

/// <summary>
/// Submits the current draft (or returned) version to the bureau of the same level (贵州 arts 8, 9). Detects 一数一源
/// conflicts (art.13) and completes the update duty of a registered change (art.9).
/// </summary>
public sealed class SubmitEntry(ShuzhiDb db, CatalogueViews views, CaseDeskAccess cases)
{
    public sealed record Command(string Code);

    public async Task<EntryDetail> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, c.Code, track: true, ct);
        CatalogueAccess.RequireEdit(actor, entry);
        if (entry.State is not (EntryState.Draft or EntryState.Returned))
            throw new ConflictProblem("submit-requires-draft", $"只有草稿或已退回的目录可以提交（当前：{CatalogueRules.Label(entry.State)}） / only a draft or returned entry can be submitted");
        var v = await db.Set<EntryVersion>().FirstAsync(x => x.EntryId == entry.Id && x.Number == entry.CurrentVersion, ct);
        CatalogueRules.Validate(v.Attributes, entry.Level);
        var now = db.Clock.GetUtcNow();
        v.SubmittedAt = now;
        v.SubmittedBy = actor.Username;
        v.AddHistory(EntryState.Submitted, now, actor.Username, "提交审核 / submitted");
        entry.State = EntryState.Submitted;
        entry.UpdatedAt = now;
        var conflicts = await OneSource.DetectAsync(db, cases, actor, entry, v, ct);
        var completed = await UpdateDuties.CompleteAsync(db, cases, actor, entry, ct);
        db.Audit(actor, "catalogue.entry.submit", $"catalogue-entry:{entry.Code}",
            new { entry.Code, version = v.Number, conflicts = conflicts.Select(x => x.ItemCode), changesCompleted = completed });
        await db.SaveCatalogueAsync(ct);
        return await views.DetailAsync(actor, entry, null, ct);
    }
}

/// <summary>The bureau of the provider's division approves (→ published) or returns with reasons (贵州 art.8).</summary>
public sealed class ReviewEntry(ShuzhiDb db, CatalogueViews views, IEnumerable<ICataloguePublished> published)
{
    /// <param name="Decision">"approve" or "return".</param>
    public sealed record Command(string Code, string? Decision, string? Reasons);

    public async Task<EntryDetail> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var decision = c.Decision?.Trim().ToLowerInvariant();
        var reasons = CatalogueRules.Text(c.Reasons);
        new Validator()
            .Require(decision is "approve" or "return", "decision", "enum", "审核结论须为 approve（通过）或 return（退回） / decision must be approve or return")
            .Require(decision != "return" || reasons is not null, "reasons", "return-reasons", "退回须说明理由（贵州省政务数据资源管理办法第八条） / returning needs reasons")
            .MaxLength(reasons, 2000, "reasons")
            .ThrowIfAny();
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, c.Code, track: true, ct);
        CatalogueAccess.RequireReview(actor, entry);
        if (entry.State != EntryState.Submitted)
            throw new ConflictProblem("review-requires-submitted", $"只有待审核的目录可以审核（当前：{CatalogueRules.Label(entry.State)}） / only a submitted entry can be reviewed");
        var now = db.Clock.GetUtcNow();
        var v = await db.Set<EntryVersion>().FirstAsync(x => x.EntryId == entry.Id && x.Number == entry.CurrentVersion, ct);
        v.ReviewedAt = now;
        v.ReviewedBy = actor.Username;
        v.ReviewReasons = reasons;
        if (decision == "approve")
        {
            if (entry.PublishedVersion is { } old && old != v.Number)
            {
                var previous = await db.Set<EntryVersion>().FirstAsync(x => x.EntryId == entry.Id && x.Number == old, ct);
                previous.AddHistory(EntryState.Superseded, now, actor.Username, $"被第 {v.Number} 版替代 / superseded by v{v.Number}");
            }
            v.ReviewDecision = "approved";
            v.PublishedAt = now;
            v.AddHistory(EntryState.Published, now, actor.Username, reasons ?? "审核通过 / approved");
            entry.PublishedVersion = v.Number;
            entry.State = EntryState.Published;
            entry.WithdrawReason = null;
            foreach (var p in published) await p.PublishedAsync(actor, entry, v, ct);
        }
        else
        {
            v.ReviewDecision = "returned";
            v.AddHistory(EntryState.Returned, now, actor.Username, reasons);
            entry.State = EntryState.Returned;
        }
        entry.UpdatedAt = now;
        db.Audit(actor, decision == "approve" ? "catalogue.entry.approve" : "catalogue.entry.return", $"catalogue-entry:{entry.Code}",
            new { entry.Code, version = v.Number, reasons });
        await db.SaveCatalogueAsync(ct);
        return await views.DetailAsync(actor, entry, null, ct);
    }
}

/// <summary>
/// Withdraws a published entry, with reasons, by its department or by the bureau of its division (decision; the
/// stop of shared data is filed with the provincial bureau, 贵州 art.24, and of open data announced, art.33).
/// </summary>
public sealed class WithdrawEntry(ShuzhiDb db, CatalogueViews views, CaseDeskAccess cases)
{
    public sealed record Command(string Code, string? Reason);

    public async Task<EntryDetail> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var reason = CatalogueRules.Text(c.Reason);
        new Validator().NotBlank(reason, "reason", "撤销理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        actor.Require(Policies.CatalogueWithdraw);
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, c.Code, track: true, ct);
        if (!CatalogueAccess.MayEdit(actor, entry) && !CatalogueAccess.IsReviewingBureau(actor, entry))
            throw new ForbiddenProblem(Policies.CatalogueWithdraw.Name, "只有提供部门或其同级大数据主管部门可以撤销目录 / only the provider department or its bureau may withdraw");
        if (entry.State != EntryState.Published)
            throw new ConflictProblem("withdraw-requires-published", $"只有已发布且无待处理新版本的目录可以撤销（当前：{CatalogueRules.Label(entry.State)}） / only a published entry with no pending version can be withdrawn");
        var now = db.Clock.GetUtcNow();
        var v = await db.Set<EntryVersion>().FirstAsync(x => x.EntryId == entry.Id && x.Number == entry.PublishedVersion, ct);
        v.AddHistory(EntryState.Withdrawn, now, actor.Username, reason);
        entry.State = EntryState.Withdrawn;
        entry.WithdrawReason = reason;
        entry.UpdatedAt = now;
        // 贵州 art.33: withdrawing published OPEN data is filed with the bureau at the same level, with the reasons, and
        // announced on the portal (the announcement reads this version's history: Portal/OpenWithdrawals).
        string[] filedWith = [];
        if (v.OpenType is OpenType.Unconditional or OpenType.Conditional && cases.Available
            && await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == entry.ProviderDivisionCode, ct) is { } bureau
            && bureau.Id != actor.OrganisationId)
            filedWith = [.. await cases.Desk.NotifyAsync(bureau.Id, [Role.BureauStaff], new NoticeMessage("opendata.withdraw.filed",
                $"开放数据撤销备案：{entry.ProviderName}撤销「{v.Name}」（{entry.Code}），理由：{reason}（贵州省政务数据资源管理办法 第三十三条） / " +
                "withdrawal of open data filed with reasons", "/open/announcements"), ct)];
        db.Audit(actor, "catalogue.entry.withdraw", $"catalogue-entry:{entry.Code}", new { entry.Code, version = v.Number, reason, openType = v.OpenType, filedWith });
        await db.SaveCatalogueAsync(ct);
        return await views.DetailAsync(actor, entry, null, ct);
    }
}

/// <summary>An entry (the version the actor may see, or a specific version).</summary>
public sealed class GetEntry(ShuzhiDb db, CatalogueViews views)
{
    public async Task<EntryDetail> Handle(Actor actor, string code, int? version, CancellationToken ct)
    {
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, code, track: false, ct);
        return await views.DetailAsync(actor, entry, version, ct);
    }
}

/// <summary>The versions of an entry the actor may see (every version to the department and its bureau; published ones to others).</summary>
public sealed class ListVersions(ShuzhiDb db)
{
    public async Task<IReadOnlyList<VersionInfo>> Handle(Actor actor, string code, CancellationToken ct)
    {
        var entry = await CatalogueAccess.LoadVisibleAsync(db, actor, code, track: false, ct);
        var list = await CatalogueViews.VisibleVersions(db, actor, entry).OrderByDescending(v => v.Number).ToListAsync(ct);
        return list.Select(CatalogueViews.Info).ToList();
    }
}

/// <summary>Search and list: only what the actor may see; q matches substrings of code, name, summary, domain and field names.</summary>
public sealed class SearchEntries(ShuzhiDb db)
{
    public sealed record Query(string? Q = null, string? Department = null, string? Level = null, string? Category = null, string? Domain = null,
        string? ShareType = null, string? OpenType = null, string? State = null, int? Page = null, int? PageSize = null, bool ReviewQueue = false);

    public sealed record Result(int Total, int Page, int PageSize, IReadOnlyList<EntrySummary> Items);

    /// <summary>The highest page number accepted (page × pageSize stays far from int overflow).</summary>
    public const int MaxPage = 100_000;

    private static T? ParseEnum<T>(string? value, string field) where T : struct, Enum
    {
        var errors = new List<FieldError>();
        var r = CatalogueRules.ParseEnum<T>(value, field, errors);
        if (errors.Count > 0) throw new BadRequestProblem(field, "enum", errors[0].Detail);
        return r;
    }

    public async Task<Result> Handle(Actor actor, Query query, CancellationToken ct)
    {
        actor.Require(Policies.GovernmentUser);
        var level = ParseEnum<AdminLevel>(query.Level, "level");
        var category = ParseEnum<CatalogueCategory>(query.Category, "category");
        var share = ParseEnum<ShareType>(query.ShareType, "shareType");
        var open = ParseEnum<OpenType>(query.OpenType, "openType");
        var state = ParseEnum<EntryState>(query.State, "state");
        var page = query.Page ?? 1;
        var size = query.PageSize ?? 20;
        new Validator().Require(page is >= 1 and <= MaxPage, "page", "range", $"1 ≤ page ≤ {MaxPage}").Require(size is >= 1 and <= 500, "pageSize", "range", "1 ≤ pageSize ≤ 500")
            .MaxLength(query.Q, 100, "q").ThrowIfAny();

        var q = db.Set<CatalogueEntry>().AsNoTracking()
            .Join(db.Set<EntryVersion>().AsNoTracking(), e => e.Id, v => v.EntryId, (e, v) => new CatalogueAccess.EntryRow { E = e, V = v })
            .Where(CatalogueAccess.ShownVersionFilter(actor))
            .Select(x => new { e = x.E, v = x.V });
        var div = actor.DivisionCode;
        var bureau = Policies.CatalogueReview.Allows(actor);
        var all = actor.IsSystem;
        if (query.ReviewQueue)
            q = q.Where(x => x.e.State == EntryState.Submitted && (all || (bureau && x.e.ProviderDivisionCode == div)));
        var text = CatalogueRules.Text(query.Q)?.ToLowerInvariant();
        if (text is not null) q = q.Where(x => x.v.SearchText.Contains(text));
        var dept = CatalogueRules.Code(query.Department);
        if (dept is not null) q = q.Where(x => x.e.ProviderCode == dept);
        if (level is not null) q = q.Where(x => x.e.Level == level);
        if (category is not null) q = q.Where(x => x.v.Category == category);
        var domain = CatalogueRules.Text(query.Domain);
        if (domain is not null) q = q.Where(x => x.v.Domain == domain);
        if (share is not null) q = q.Where(x => x.v.ShareType == share);
        if (open is not null) q = q.Where(x => x.v.OpenType == open);
        if (state is not null) q = q.Where(x => x.v.State == state);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(x => x.e.Code).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var items = rows.Select(x => new EntrySummary(x.e.Code, x.v.Name, x.v.Summary, x.e.ProviderCode, x.e.ProviderName, x.e.Level.ToString(),
            x.v.Category.ToString(), x.v.Domain, x.v.ShareType.ToString(), x.v.OpenType.ToString(), x.v.Grade.ToString(), x.v.State.ToString(),
            x.v.Number, x.e.PublishedVersion, x.e.UpdatedAt)).ToList();
        return new Result(total, page, size, items);
    }
}
