using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Platform.Portal.Requests;

/// <summary>How a department answers a data request.</summary>
public static class RequestOutcomes
{
    /// <summary>将提供: the department will provide the data (explained).</summary>
    public const string WillProvide = "will-provide";
    /// <summary>已开放: the data is already open — the answer names the open dataset.</summary>
    public const string AlreadyOpen = "already-open";
    /// <summary>无法提供: cannot provide, with the reason.</summary>
    public const string Cannot = "cannot";
    public static readonly string[] All = [WillProvide, AlreadyOpen, Cannot];
}

/// <summary>
/// A data request (数据需求) of a public user or market entity on the open data portal (无锡 item 4 "允许用户以附件方式提交所需数据的
/// 具体要求"; 贵州 art.30 "及时响应合理的数据开放需求申请"): routed to the department that owns the data (the entry's provider, or
/// the department chosen), or to the data bureau, which routes it. It runs as a case (<c>open.request</c>) whose steps
/// (<c>route-request</c>, <c>answer-request</c>) count against the service target of rule GZ-30-REQUEST (no statutory period);
/// its attachments are the case's; it is a line ("request") of the supply–demand list (贵州 art.38).
/// </summary>
public sealed class DataRequest
{
    public const int MaxTitle = 200, MaxText = 4000, MaxPurpose = 1000, MaxReason = 2000, MaxFiles = 5;

    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Number { get; set; }
    public Guid RequesterUserId { get; set; }
    public required string RequesterName { get; set; }
    public Guid RequesterOrganisationId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Purpose { get; set; }
    /// <summary>The catalogue entry the request concerns, if any.</summary>
    public string? EntryCode { get; set; }
    public string? EntryName { get; set; }
    /// <summary>The department that answers; null while the bureau routes it.</summary>
    public Guid? DepartmentOrganisationId { get; set; }
    public string? DepartmentName { get; set; }
    public Guid BureauOrganisationId { get; set; }
    public required string BureauName { get; set; }
    /// <summary>The division whose bureau oversees it (the department's, or the routing bureau's).</summary>
    public required string DivisionCode { get; set; }
    /// <summary>How it was routed: "entry" (the entry's provider), "department" (chosen by the requester), "bureau" (routed by the bureau).</summary>
    public required string Routing { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? RoutedAt { get; set; }
    /// <summary>null while open; else one of <see cref="RequestOutcomes.All"/>.</summary>
    public string? Outcome { get; set; }
    /// <summary>For <see cref="RequestOutcomes.AlreadyOpen"/>: the open dataset's code.</summary>
    public string? DatasetCode { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    public int Version { get; set; }

    /// <summary>"routing" (at the bureau), "open" (at the department) or "answered".</summary>
    public string Status => Outcome is not null ? "answered" : DepartmentOrganisationId is null ? "routing" : "open";
}

internal sealed class DataRequestConfig : IEntityTypeConfiguration<DataRequest>
{
    public void Configure(EntityTypeBuilder<DataRequest> b)
    {
        b.ToTable("portal_data_requests");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CaseId).IsUnique();
        b.HasIndex(x => x.RequesterUserId);
        b.HasIndex(x => new { x.DepartmentOrganisationId, x.Outcome });
        b.HasIndex(x => x.DivisionCode);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.RequesterName).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(DataRequest.MaxTitle);
        b.Property(x => x.Description).HasMaxLength(DataRequest.MaxText);
        b.Property(x => x.Purpose).HasMaxLength(DataRequest.MaxPurpose);
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.DepartmentName).HasMaxLength(200);
        b.Property(x => x.BureauName).HasMaxLength(200);
        b.Property(x => x.DivisionCode).HasMaxLength(6);
        b.Property(x => x.Routing).HasMaxLength(12);
        b.Property(x => x.Outcome).HasMaxLength(16);
        b.Property(x => x.DatasetCode).HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(DataRequest.MaxReason);
        b.Property(x => x.AnsweredBy).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Status);
    }
}

/// <summary>An attachment of a request, with the URL it is downloaded from (the case's, checked against the case's visibility).</summary>
public sealed record RequestAttachment(Guid Id, string FileName, string ContentType, long Size, string Sm3, string Url);

/// <summary>A data request as its requester, the department and the bureau see it, with the clock of its running (or last) step.</summary>
public sealed record DataRequestView(Guid Id, string Number, string Title, string Description, string Purpose, string? EntryCode, string? EntryName,
    string? Department, string Bureau, string Requester, string Routing, string Status, DateTimeOffset SubmittedAt,
    string Step, string Basis, DateTimeOffset? Due, string DueText, bool? InTarget,
    string? Outcome, string? DatasetCode, string? DatasetLink, string? Reason, DateTimeOffset? AnsweredAt, string? AnsweredBy,
    IReadOnlyList<RequestAttachment> Attachments, string RuleId, string Citation)
{
    internal static DataRequestView Of(DataRequest r, IReadOnlyList<Step> steps, IReadOnlyList<Attachment> files, DateTimeOffset now)
    {
        var step = steps.OrderByDescending(s => s.Sequence).FirstOrDefault();
        return new(r.Id, r.Number, r.Title, r.Description, r.Purpose, r.EntryCode, r.EntryName, r.DepartmentName, r.BureauName, r.RequesterName,
            r.Routing, r.Status, ChinaTime.ToChina(r.SubmittedAt), step?.StepType ?? "", step is null ? "none" : CaseViews.Lower(step.Basis),
            step?.DueAt is { } d ? ChinaTime.ToChina(d) : null, step is null ? "" : CaseViews.DueText(step), RequestTimeliness.InTarget(steps, now),
            r.Outcome, r.DatasetCode, r.DatasetCode is null ? null : "/open/datasets/" + Uri.EscapeDataString(r.DatasetCode), r.Reason,
            r.AnsweredAt is { } a ? ChinaTime.ToChina(a) : null, r.AnsweredBy,
            files.Select(f => new RequestAttachment(f.Id, f.FileName, f.ContentType, f.Size, f.Sm3, $"/api/v1/cases/{r.CaseId}/attachments/{f.Id}")).ToList(),
            Rules.OpenDataRequest.Id, Rules.OpenDataRequest.Citation);
    }
}

/// <summary>POST /api/v1/open/requests: a public user or market entity submits a data request, with attachments.</summary>
public sealed class SubmitDataRequest(ShuzhiDb db, ICaseDesk desk, DataRequestQueries queries)
{
    /// <param name="Entry">The catalogue entry code it concerns (optional).</param>
    /// <param name="Department">Else the department code it is addressed to (optional; without either the bureau routes it).</param>
    public sealed record Command(string? Title, string? Description, string? Purpose, string? Entry, string? Department,
        IReadOnlyList<AddAttachment.Command>? Files);

    /// <summary>The kinds of file a request may carry (the requirements as a document, a sheet, an example or a picture).</summary>
    public static readonly string[] FileTypes = [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".txt", ".json", ".png", ".jpg", ".jpeg"];

    public const string SubmittedKind = "open.request.submitted";
    public static readonly Role[] RespondRoles = [Role.DataCommissioner, Role.DepartmentStaff, Role.DepartmentHead];

    public async Task<DataRequestView> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var files = c.Files ?? [];
        var v = new Validator().NotBlank(c.Title, "title", "需求名称").MaxLength(c.Title, DataRequest.MaxTitle, "title")
            .NotBlank(c.Description, "description", "需求描述").MaxLength(c.Description, DataRequest.MaxText, "description")
            .NotBlank(c.Purpose, "purpose", "用途").MaxLength(c.Purpose, DataRequest.MaxPurpose, "purpose")
            .MaxLength(c.Entry, 40, "entry").MaxLength(c.Department, 40, "department");
        v.Require(files.Count <= DataRequest.MaxFiles, "files", "max-count", $"至多 {DataRequest.MaxFiles} 个附件 / at most {DataRequest.MaxFiles} attachments");
        v.ThrowIfAny();
        for (var i = 0; i < files.Count; i++)
        {
            AddAttachment.Validate(files[i], $"files[{i}]");
            var ext = Path.GetExtension(AddAttachment.FileName(files[i])).ToLowerInvariant();
            if (!FileTypes.Contains(ext))
                throw new ValidationProblem($"files[{i}]", "file-type",
                    $"「{AddAttachment.FileName(files[i])}」类型不支持，可上传 {string.Join(" ", FileTypes)} / file type not accepted: use {string.Join(" ", FileTypes)}");
        }
        actor.Require(Policies.OpenRequest);

        string? entryName = null, entryCode = null;
        Organisation? department = null;
        var routing = "bureau";
        if (!string.IsNullOrWhiteSpace(c.Entry))
        {
            entryCode = c.Entry.Trim();
            var (entry, name) = await PublishedEntryAsync(db, entryCode, ct)
                ?? throw new ValidationProblem("entry", "exists", $"没有已发布的目录条目「{entryCode}」 / no published catalogue entry '{entryCode}'");
            entryName = name;
            department = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == entry.ProviderOrganisationId, ct);
            routing = "entry";
        }
        else if (!string.IsNullOrWhiteSpace(c.Department))
        {
            var code = c.Department.Trim();
            department = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == code && o.Kind == OrganisationKind.Department, ct)
                ?? throw new ValidationProblem("department", "exists", $"没有代码为「{code}」的部门 / no department with code '{code}'");
            routing = "department";
        }
        var bureau = await BureauOfAsync(db, department?.DivisionCode ?? actor.DivisionCode, ct);

        var id = Guid.NewGuid();
        var title = c.Title!.Trim();
        var step = department is null
            ? new NextStep("route-request", Rules.OpenDataRequest, bureau.Id, [Role.BureauStaff])
            : new NextStep("answer-request", Rules.OpenDataRequest, department.Id, RespondRoles);
        var kaseRef = await desk.OpenAsync(actor, new OpenCase("open.request", $"open-request:{id}", $"数据需求：{title}", step), ct);
        var kase = await db.Set<Case>().FindAsync([kaseRef.Id], ct) ?? throw new InvalidOperationException("the case just opened is not tracked");
        var now = db.Clock.GetUtcNow();
        var r = new DataRequest
        {
            Id = id, CaseId = kase.Id, Number = kase.Number, RequesterUserId = actor.UserId, RequesterName = actor.DisplayName,
            RequesterOrganisationId = actor.OrganisationId, Title = title, Description = c.Description!.Trim(), Purpose = c.Purpose!.Trim(),
            EntryCode = entryCode, EntryName = entryName, DepartmentOrganisationId = department?.Id, DepartmentName = department?.Name,
            BureauOrganisationId = bureau.Id, BureauName = bureau.Name, DivisionCode = department?.DivisionCode ?? bureau.DivisionCode,
            Routing = routing, SubmittedAt = now, RoutedAt = department is null ? null : now,
        };
        db.Add(r);
        foreach (var f in files) AddAttachment.Stage(db, actor, kase, f);
        // 供需对接清单 (贵州 art.38): the request is an unmet need until it is answered with open data (or the bureau resolves it).
        db.Add(new SupplyDemandItem
        {
            Id = Guid.NewGuid(), Kind = "request", RequestId = r.Id, ConsumerOrganisationId = actor.OrganisationId, ConsumerName = actor.DisplayName,
            ConsumerDivisionCode = actor.DivisionCode, Description = title, EntryCode = entryCode, ProviderOrganisationId = department?.Id,
            ProviderName = department?.Name, DivisionCode = r.DivisionCode, State = DemandState.Open, Progress = r.Status, CreatedAt = now,
        });
        var recipients = department is null
            ? await desk.NotifyAsync(bureau.Id, [Role.BureauStaff], new NoticeMessage(SubmittedKind, $"数据需求待分派（{r.Number}）：{title}", $"/open/requests/{r.Id}", kase.Id), ct)
            : await desk.NotifyAsync(department.Id, RespondRoles, new NoticeMessage(SubmittedKind, $"数据需求待答复（{r.Number}）：{title}", $"/open/requests/{r.Id}", kase.Id), ct);
        db.Audit(actor, "open.request.submit", $"open-request:{r.Id}", new
        {
            r.Number, title, entry = entryCode, department = department?.Code, routing, files = files.Select(AddAttachment.FileName).ToList(), recipients,
        });
        await db.SaveChangesAsync(ct);
        return await queries.Get(actor, r.Id, ct);
    }

    /// <summary>
    /// A catalogue entry a request may concern — published, not withdrawn, of any open type (people ask for data that is
    /// not open yet) — with its published name; null otherwise.
    /// </summary>
    public static async Task<(CatalogueEntry Entry, string Name)?> PublishedEntryAsync(ShuzhiDb db, string code, CancellationToken ct)
    {
        code = code.Trim();
        var entry = await db.Set<CatalogueEntry>().AsNoTracking()
            .FirstOrDefaultAsync(e => e.Code == code && e.PublishedVersion != null && e.State != EntryState.Withdrawn, ct);
        return entry is null ? null : (entry, await FileSupplyStop.EntryNameAsync(db, entry.Id, ct));
    }

    /// <summary>The departments a request may be addressed to (code, name), by code.</summary>
    public static async Task<IReadOnlyList<(string Code, string Name)>> DepartmentsAsync(ShuzhiDb db, CancellationToken ct) =>
        (await db.Set<Organisation>().AsNoTracking().Where(o => o.Kind == OrganisationKind.Department).Select(o => new { o.Code, o.Name }).ToListAsync(ct))
        .OrderBy(o => o.Code, StringComparer.Ordinal).Select(o => (o.Code, o.Name)).ToList();

    /// <summary>The data bureau of a division (the province's if the division has none).</summary>
    internal static async Task<Organisation> BureauOfAsync(ShuzhiDb db, string divisionCode, CancellationToken ct)
    {
        var province = divisionCode[..Math.Min(2, divisionCode.Length)] + "0000";
        var bureaus = await db.Set<Organisation>().AsNoTracking()
            .Where(o => o.Kind == OrganisationKind.DataBureau && (o.DivisionCode == divisionCode || o.DivisionCode == province)).ToListAsync(ct);
        return bureaus.OrderBy(o => o.DivisionCode == divisionCode ? 0 : 1).FirstOrDefault()
               ?? throw new ConflictProblem("bureau.missing", $"no data bureau for division {divisionCode}");
    }
}

/// <summary>POST /api/v1/open/requests/{id}/route: the bureau sends a request addressed to no department to the department that holds the data.</summary>
public sealed class RouteDataRequest(ShuzhiDb db, ICaseDesk desk, DataRequestQueries queries)
{
    public sealed record Command(string? Department, string? Comment);

    public async Task<DataRequestView> Handle(Actor actor, Guid id, Command c, CancellationToken ct)
    {
        new Validator().NotBlank(c.Department, "department", "部门").MaxLength(c.Comment, DataRequest.MaxReason, "comment").ThrowIfAny();
        actor.Require(Policies.OpenCoordinate);
        var r = await db.Set<DataRequest>().FirstOrDefaultAsync(x => x.Id == id, ct);
        var prefix = CaseAccess.DivisionPrefix(actor);
        if (r is null || (!actor.IsSystem && !r.DivisionCode.StartsWith(prefix, StringComparison.Ordinal))) throw new NotFoundProblem("data request", id.ToString());
        if (r.Status != "routing") throw new ConflictProblem("request.routed", $"{r.Number} is already with {r.DepartmentName}");
        var code = c.Department!.Trim();
        var department = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == code && o.Kind == OrganisationKind.Department, ct);
        if (department is null || (!actor.IsSystem && !department.DivisionCode.StartsWith(prefix, StringComparison.Ordinal)))
            throw new ValidationProblem("department", "exists", $"本辖区没有代码为「{code}」的部门 / no department '{code}' in your division");
        var now = db.Clock.GetUtcNow();
        r.DepartmentOrganisationId = department.Id;
        r.DepartmentName = department.Name;
        r.DivisionCode = department.DivisionCode;
        r.RoutedAt = now;
        r.Version++;
        await desk.CompleteStepAsync(actor, r.CaseId, "routed", $"分派至 {department.Name}{(string.IsNullOrWhiteSpace(c.Comment) ? "" : "：" + c.Comment.Trim())}",
            new NextStep("answer-request", Rules.OpenDataRequest, department.Id, SubmitDataRequest.RespondRoles), ct);
        var line = await DataRequestQueries.LineAsync(db, r.Id, ct);
        if (line is not null)
        {
            line.ProviderOrganisationId = department.Id;
            line.ProviderName = department.Name;
            line.DivisionCode = department.DivisionCode;
            line.Progress = r.Status;
        }
        var recipients = await desk.NotifyAsync(department.Id, SubmitDataRequest.RespondRoles,
            new NoticeMessage(SubmitDataRequest.SubmittedKind, $"数据需求待答复（{r.Number}）：{r.Title}", $"/open/requests/{r.Id}", r.CaseId), ct);
        db.Audit(actor, "open.request.route", $"open-request:{r.Id}", new { r.Number, department = department.Code, comment = c.Comment, recipients });
        await db.SaveChangesAsync(ct);
        return await queries.Get(actor, r.Id, ct);
    }
}

/// <summary>
/// POST /api/v1/open/requests/{id}/answer: the department answers — will provide (explained), already open (naming the
/// open dataset, which meets the supply–demand line), or cannot (with the reason; the line stays open for the bureau).
/// </summary>
public sealed class AnswerDataRequest(ShuzhiDb db, ICaseDesk desk, OpenCatalogue catalogue, DataRequestQueries queries)
{
    public sealed record Command(string? Outcome, string? Dataset, string? Reason);

    public async Task<DataRequestView> Handle(Actor actor, Guid id, Command c, CancellationToken ct)
    {
        var outcome = c.Outcome?.Trim().ToLowerInvariant();
        var v = new Validator().NotBlank(c.Outcome, "outcome", "答复结果").MaxLength(c.Reason, DataRequest.MaxReason, "reason").MaxLength(c.Dataset, 40, "dataset");
        v.Require(c.Outcome is null || RequestOutcomes.All.Contains(outcome), "outcome", "one-of", $"outcome must be one of {string.Join(", ", RequestOutcomes.All)}");
        v.Require(outcome != RequestOutcomes.AlreadyOpen || !string.IsNullOrWhiteSpace(c.Dataset), "dataset", "required",
            "请填写已开放数据集的代码 / name the open dataset (its code)");
        v.Require(outcome is not (RequestOutcomes.Cannot or RequestOutcomes.WillProvide) || !string.IsNullOrWhiteSpace(c.Reason), "reason", "required",
            "请说明理由或提供安排 / the reason (cannot) or the plan (will provide) is required");
        v.ThrowIfAny();
        actor.Require(Policies.OpenRespond);
        var r = await db.Set<DataRequest>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || (!actor.IsSystem && r.DepartmentOrganisationId != actor.OrganisationId)) throw new NotFoundProblem("data request", id.ToString());
        if (r.Outcome is not null) throw new ConflictProblem("request.answered", $"{r.Number} was already answered ({r.Outcome})");
        string? dataset = null;
        if (outcome == RequestOutcomes.AlreadyOpen)
        {
            dataset = c.Dataset!.Trim();
            if (await catalogue.FindAsync(dataset, ct) is null)
                throw new ValidationProblem("dataset", "open", $"「{dataset}」不是已开放的数据集 / '{dataset}' is not an open dataset");
        }
        var now = db.Clock.GetUtcNow();
        r.Outcome = outcome;
        r.DatasetCode = dataset;
        r.Reason = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim();
        r.AnsweredAt = now;
        r.AnsweredBy = actor.DisplayName;
        r.Version++;
        var text = outcome switch
        {
            RequestOutcomes.AlreadyOpen => $"已开放：{dataset}",
            RequestOutcomes.WillProvide => "将提供",
            _ => "无法提供",
        } + (r.Reason is null ? "" : "。" + r.Reason);
        await desk.CompleteStepAsync(actor, r.CaseId, outcome!, text, null, ct);
        await desk.CloseAsync(actor, r.CaseId, outcome!, null, ct);
        var line = await DataRequestQueries.LineAsync(db, r.Id, ct);
        if (line is not null && line.State == DemandState.Open)
        {
            line.Progress = outcome;
            if (outcome == RequestOutcomes.AlreadyOpen)
            {
                line.State = DemandState.Met;
                line.EntryCode = dataset;
                line.Resolution = $"已开放 / already open ({dataset})";
                line.ResolvedBy = actor.Username;
                line.ResolvedAt = now;
            }
        }
        db.Audit(actor, "open.request.answer", $"open-request:{r.Id}", new { r.Number, outcome, dataset, r.Reason });
        await db.SaveChangesAsync(ct);
        return await queries.Get(actor, r.Id, ct);
    }
}

/// <summary>
/// GET /api/v1/open/requests[/{id}]: the requester sees their own requests (and no one else's); a department those routed
/// to it; a bureau those of its division and below. Anything else is 404.
/// </summary>
public sealed class DataRequestQueries(ShuzhiDb db)
{
    /// <summary>"mine" (the requester's own) or "desk" (to answer or route: the department's, the bureau's division).</summary>
    public async Task<IReadOnlyList<DataRequestView>> List(Actor actor, string? scope, CancellationToken ct)
    {
        var q = PortalScope.Apply(db.Set<DataRequest>().AsNoTracking(), actor, scope, r => r.RequesterUserId, r => r.DepartmentOrganisationId, r => r.DivisionCode);
        return await ViewsAsync(await q.OrderByDescending(r => r.SubmittedAt).Take(500).ToListAsync(ct), ct);
    }

    public async Task<DataRequestView> Get(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.SignedIn);
        var r = await db.Set<DataRequest>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || !CanSee(actor, r)) throw new NotFoundProblem("data request", id.ToString());
        return (await ViewsAsync([r], ct))[0];
    }

    public static bool CanSee(Actor actor, DataRequest r) =>
        actor.IsSystem || r.RequesterUserId == actor.UserId
        || (actor.Satisfies(Policies.OpenRespond) && r.DepartmentOrganisationId == actor.OrganisationId)
        || (actor.Satisfies(Policies.OpenCoordinate) && r.DivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor), StringComparison.Ordinal));

    internal async Task<IReadOnlyList<DataRequestView>> ViewsAsync(IReadOnlyList<DataRequest> requests, CancellationToken ct)
    {
        var caseIds = requests.Select(r => r.CaseId).ToList();
        var steps = (await db.Set<Step>().AsNoTracking().Where(s => caseIds.Contains(s.CaseId)).ToListAsync(ct)).ToLookup(s => s.CaseId);
        var files = (await db.Set<Attachment>().AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).ToListAsync(ct))
            .OrderBy(a => a.UploadedAt).ToLookup(a => a.CaseId);
        var now = db.Clock.GetUtcNow();
        return requests.Select(r => DataRequestView.Of(r, steps[r.CaseId].ToList(), files[r.CaseId].ToList(), now)).ToList();
    }

    internal static async Task<SupplyDemandItem?> LineAsync(ShuzhiDb db, Guid requestId, CancellationToken ct) =>
        await db.Set<SupplyDemandItem>().FirstOrDefaultAsync(i => i.RequestId == requestId, ct);
}

/// <summary>
/// The response-timeliness indicator (spec 20 "response timeliness"; 无锡 item 7 "服务响应") over data requests: requests answered
/// within their service target ÷ requests that are decided — answered, or still open past their target. Requests still
/// within their target are pending (not yet counted); requests whose steps ran with no target configured are counted apart.
/// </summary>
public sealed class RequestTimeliness(ShuzhiDb db)
{
    public sealed record Result(int Requests, int Answered, int AnsweredInTarget, int Late, int Pending, int WithoutTarget, double? Rate,
        string RuleId, string Definition);

    public async Task<Result> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.OpenCoordinate);
        var prefix = CaseAccess.DivisionPrefix(actor);
        var q = db.Set<DataRequest>().AsNoTracking();
        if (!actor.IsSystem) q = q.Where(r => r.DivisionCode.StartsWith(prefix));
        var requests = await q.Select(r => new { r.CaseId, r.Outcome }).ToListAsync(ct);
        var ids = requests.Select(r => r.CaseId).ToList();
        var steps = (await db.Set<Step>().AsNoTracking().Where(s => ids.Contains(s.CaseId)).ToListAsync(ct)).ToLookup(s => s.CaseId);
        var now = db.Clock.GetUtcNow();
        int answered = 0, inTarget = 0, late = 0, pending = 0, none = 0;
        foreach (var r in requests)
        {
            var s = steps[r.CaseId].ToList();
            if (r.Outcome is not null) answered++;
            switch (InTarget(s, now))
            {
                case true: inTarget++; break;
                case false: late++; break;
                default:
                    if (s.All(x => x.DueAt is null)) none++; else pending++;
                    break;
            }
        }
        return new Result(requests.Count, answered, inTarget, late, pending, none, inTarget + late == 0 ? null : Math.Round((double)inTarget / (inTarget + late), 4),
            Rules.OpenDataRequest.Id, "按服务目标答复的数据需求 ÷ 已答复或已超服务目标的数据需求 / requests answered within their service target ÷ requests answered or past their target");
    }

    /// <summary>
    /// true: every step done by its target (and the request answered); false: a step done late, or one still open past its
    /// target; null: still within its target, or no target configured for it.
    /// </summary>
    public static bool? InTarget(IReadOnlyList<Step> steps, DateTimeOffset now)
    {
        if (steps.Count == 0) return null;
        if (steps.Any(s => s.DueAt is { } due && (s.CompletedAt ?? now) > due)) return false;
        if (steps.Any(s => s.CompletedAt is null) || steps.All(s => s.DueAt is null)) return null;
        return true;
    }
}
