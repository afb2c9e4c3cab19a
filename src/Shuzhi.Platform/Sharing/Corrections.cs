using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>The answers a provider gives to a correction report (贵州 art.25 "予以核实、更新，并反馈校核处理结果").</summary>
public static class CorrectionOutcomes
{
    /// <summary>已更正: corrected by loading a new data version (named).</summary>
    public const string Corrected = "corrected";
    /// <summary>经核实无误: the data was verified and is correct (explained).</summary>
    public const string Confirmed = "confirmed";
    /// <summary>不适用: the report does not apply (explained).</summary>
    public const string NotApplicable = "not-applicable";
    public static readonly string[] All = [Corrected, Confirmed, NotApplicable];
}

/// <summary>
/// 数据校核 (贵州 art.25): a consumer department that reads an entry's data reports doubtful or wrong data; the provider
/// verifies and corrects it within 10 working days (case <c>sharing.correction</c>, step <c>verify-correct</c>,
/// rule GZ-25-VERIFY) and answers; the consumer sees the answer. The bureaus see it through the case.
/// </summary>
public sealed class CorrectionReport
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Number { get; set; }

    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    /// <summary>The data version the report is about.</summary>
    public int DataVersion { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }

    public Guid ConsumerOrganisationId { get; set; }
    public required string ConsumerName { get; set; }
    public required string ConsumerDivisionCode { get; set; }
    public Guid ReporterUserId { get; set; }
    public required string ReporterName { get; set; }

    /// <summary>Which rows: free text or row numbers.</summary>
    public string? Rows { get; set; }
    /// <summary>"|field1|field2|" (fields of <see cref="DataVersion"/>), or "".</summary>
    public string Fields { get; set; } = "";
    public required string Description { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>null while open; else one of <see cref="CorrectionOutcomes.All"/>.</summary>
    public string? Outcome { get; set; }
    public int? CorrectedVersion { get; set; }
    public string? Explanation { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> FieldList => Fields.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class CorrectionReportConfig : IEntityTypeConfiguration<CorrectionReport>
{
    public void Configure(EntityTypeBuilder<CorrectionReport> b)
    {
        b.ToTable("sharing_correction_reports");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CaseId).IsUnique();
        b.HasIndex(x => x.EntryId);
        b.HasIndex(x => new { x.ProviderOrganisationId, x.Outcome });
        b.HasIndex(x => new { x.ConsumerOrganisationId, x.Outcome });
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(6);
        b.Property(x => x.ConsumerName).HasMaxLength(200);
        b.Property(x => x.ConsumerDivisionCode).HasMaxLength(6);
        b.Property(x => x.ReporterName).HasMaxLength(100);
        b.Property(x => x.Rows).HasMaxLength(2000);
        b.Property(x => x.Fields).HasMaxLength(4000);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Outcome).HasMaxLength(20);
        b.Property(x => x.Explanation).HasMaxLength(4000);
        b.Property(x => x.AnsweredBy).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.FieldList);
    }
}

/// <summary>A correction report with its clock (from the case step).</summary>
public sealed record CorrectionView(Guid Id, Guid CaseId, string Number, string EntryCode, string EntryName, int DataVersion,
    string Provider, string Consumer, string Reporter, string? Rows, IReadOnlyList<string> Fields, string Description, DateTimeOffset ReportedAt,
    string State, DateTimeOffset? Due, DateOnly? LastDay, string DueText, bool Provisional, bool Overdue, string ClockState,
    string? Outcome, int? CorrectedVersion, string? Explanation, DateTimeOffset? AnsweredAt, string? AnsweredBy,
    string RuleId, string Citation)
{
    internal static CorrectionView Of(CorrectionReport r, Step? s, DateTimeOffset now) => new(r.Id, r.CaseId, r.Number, r.EntryCode, r.EntryName,
        r.DataVersion, r.ProviderName, r.ConsumerName, r.ReporterName, r.Rows, r.FieldList, r.Description, ChinaTime.ToChina(r.ReportedAt),
        r.Outcome is null ? "open" : "answered",
        s?.DueAt is { } d ? ChinaTime.ToChina(d) : null, s?.LastDay, s is null ? "" : CaseViews.DueText(s), s?.Provisional ?? false,
        s is not null && (s.State == Core.Procedures.ClockState.Overdue || (s.CompletedAt is null && s.DueAt < now)),
        s is null ? "" : CaseViews.Lower(s.State),
        r.Outcome, r.CorrectedVersion, r.Explanation, r.AnsweredAt is { } a ? ChinaTime.ToChina(a) : null, r.AnsweredBy,
        Rules.SharingCorrection.Id, Rules.SharingCorrection.Citation);
}

/// <summary>POST /api/v1/sharing/corrections: a consumer department reports doubtful or wrong data (贵州 art.25).</summary>
public sealed class ReportCorrection(ShuzhiDb db, DatasetDirectory directory, ICaseDesk desk)
{
    /// <param name="Entry">Catalogue entry code.</param>
    /// <param name="Version">The data version (default: the published one).</param>
    /// <param name="Rows">Which rows: free text or row numbers.</param>
    /// <param name="Fields">Fields of that version.</param>
    public sealed record Command(string? Entry, int? Version, string? Rows, IReadOnlyList<string>? Fields, string? Description);

    public const string ReportedKind = "sharing.correction.reported";
    public static readonly Role[] ProviderRoles = [Role.DataCommissioner, Role.DepartmentHead];

    public async Task<CorrectionView> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var v = new Validator().NotBlank(c.Entry, "entry", "目录条目").NotBlank(c.Description, "description", "问题描述")
            .MaxLength(c.Description, 4000, "description").MaxLength(c.Rows, 2000, "rows");
        v.Require(c.Fields is null || c.Fields.All(f => !string.IsNullOrWhiteSpace(f)), "fields", "required", "a field name may not be blank");
        v.ThrowIfAny();
        actor.Require(Policies.SharingApply);
        var code = c.Entry!.Trim();
        // Only those who may read the data report on it (403/404 with the reason otherwise).
        var (s, _) = await directory.AllowedAsync(actor, code, ct);
        if (s.ProviderOrganisationId == actor.OrganisationId)
            throw new ValidationProblem("entry", "not-own", "数据提供部门自行更正本部门数据，无需校核申请 / the provider corrects its own data: reports come from consuming departments");
        var version = c.Version ?? s.Dataset?.PublishedVersion ?? throw new ValidationProblem("version", "published", $"{code} has no published data version");
        var dv = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.EntryId == s.EntryId && x.Number == version, ct);
        if (dv is null || dv.State is not (DataVersionState.Published or DataVersionState.Superseded))
            throw new ValidationProblem("version", "exists", $"{code} has no published (or formerly published) data version {version}");
        var fields = (c.Fields ?? []).Select(f => f.Trim()).Distinct().ToList();
        var known = DatasetSchema.FromJson(dv.SchemaJson).Fields.Select(f => f.Name).ToHashSet();
        var unknown = fields.Where(f => !known.Contains(f)).ToList();
        if (unknown.Count > 0)
            throw new ValidationProblem("fields", "field-of-version", $"not fields of {code} v{version}: {string.Join(", ", unknown)}");

        var now = db.Clock.GetUtcNow();
        var entryName = await FileSupplyStop.EntryNameAsync(db, s.EntryId, ct);
        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == s.ProviderOrganisationId, ct);
        var id = Guid.NewGuid();
        var kase = await desk.OpenAsync(actor, new OpenCase("sharing.correction", $"sharing-correction:{id}",
            $"数据校核：{actor.OrganisationName}反馈「{entryName}」v{version} 数据疑义",
            new NextStep("verify-correct", Rules.SharingCorrection, provider.Id, ProviderRoles)), ct);
        var report = new CorrectionReport
        {
            Id = id, CaseId = kase.Id, Number = kase.Number, EntryId = s.EntryId, EntryCode = s.EntryCode, EntryName = entryName, DataVersion = version,
            ProviderOrganisationId = provider.Id, ProviderName = provider.Name, ProviderDivisionCode = provider.DivisionCode,
            ConsumerOrganisationId = actor.OrganisationId, ConsumerName = actor.OrganisationName, ConsumerDivisionCode = actor.DivisionCode,
            ReporterUserId = actor.UserId, ReporterName = actor.DisplayName,
            Rows = string.IsNullOrWhiteSpace(c.Rows) ? null : c.Rows.Trim(),
            Fields = fields.Count == 0 ? "" : "|" + string.Join("|", fields) + "|",
            Description = c.Description!.Trim(), ReportedAt = now,
        };
        db.Add(report);
        // 并报送同级大数据主管部门: the bureau of the consumer's division.
        var bureau = await db.Set<Organisation>().AsNoTracking()
            .FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == actor.DivisionCode, ct);
        IReadOnlyList<string> recipients = [];
        if (bureau is not null)
            recipients = await desk.NotifyAsync(bureau.Id, [Role.BureauStaff], new NoticeMessage(ReportedKind,
                $"数据校核报送：{actor.OrganisationName}对{provider.Name}「{entryName}」（{code} v{version}）有疑义：{Shorten(report.Description)}（贵州省政务数据资源管理办法 第二十五条）",
                $"/sharing/corrections/{id}", kase.Id), ct);
        db.Audit(actor, "sharing.correction.report", $"catalogue-entry:{code}", new
        {
            report = id, kase.Number, version, fields, rows = report.Rows, provider = provider.Name, bureau = bureau?.Name, recipients,
        });
        await db.SaveChangesAsync(ct);
        var step = await db.Set<Step>().AsNoTracking().FirstAsync(x => x.CaseId == kase.Id, ct);
        return CorrectionView.Of(report, step, now);
    }

    internal static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
}

/// <summary>POST /api/v1/sharing/corrections/{id}/answer: the provider answers (贵州 art.25: within 10 working days).</summary>
public sealed class AnswerCorrection(ShuzhiDb db, ICaseDesk desk)
{
    /// <param name="Outcome">"corrected" (with <paramref name="CorrectedVersion"/>), "confirmed" or "not-applicable" (with <paramref name="Explanation"/>).</param>
    public sealed record Command(string? Outcome, int? CorrectedVersion, string? Explanation);

    public const string AnsweredKind = "sharing.correction.answered";

    public async Task<CorrectionView> Handle(Actor actor, Guid id, Command c, CancellationToken ct)
    {
        var v = new Validator().NotBlank(c.Outcome, "outcome", "处理结果").MaxLength(c.Explanation, 4000, "explanation");
        var outcome = c.Outcome?.Trim().ToLowerInvariant();
        v.Require(c.Outcome is null || CorrectionOutcomes.All.Contains(outcome), "outcome", "one-of", $"outcome must be one of {string.Join(", ", CorrectionOutcomes.All)}");
        v.Require(outcome != CorrectionOutcomes.Corrected || c.CorrectedVersion is not null, "correctedVersion", "required",
            "更正须载入新的数据版本并注明版本号 / a correction names the new data version that corrects it");
        v.Require(outcome is not (CorrectionOutcomes.Confirmed or CorrectionOutcomes.NotApplicable) || !string.IsNullOrWhiteSpace(c.Explanation),
            "explanation", "required", "说明不能为空 / explanation is required for confirmed and not-applicable");
        v.ThrowIfAny();
        actor.Require(Policies.SharingProvide);
        var r = await db.Set<CorrectionReport>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || (!actor.IsSystem && r.ProviderOrganisationId != actor.OrganisationId))
            throw new NotFoundProblem("correction report", id.ToString());
        if (r.Outcome is not null) throw new ConflictProblem("correction.answered", $"{r.Number} was already answered ({r.Outcome})");
        if (outcome == CorrectionOutcomes.Corrected)
        {
            var nv = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.EntryId == r.EntryId && x.Number == c.CorrectedVersion, ct);
            if (nv is null || nv.Number <= r.DataVersion || nv.State is not (DataVersionState.Published or DataVersionState.Superseded))
                throw new ValidationProblem("correctedVersion", "newer-published-version",
                    $"更正版本须为 {r.EntryCode} 已发布的、晚于 v{r.DataVersion} 的数据版本 / must be a published data version of {r.EntryCode} newer than v{r.DataVersion}");
        }
        var now = db.Clock.GetUtcNow();
        r.Outcome = outcome;
        r.CorrectedVersion = outcome == CorrectionOutcomes.Corrected ? c.CorrectedVersion : null;
        r.Explanation = string.IsNullOrWhiteSpace(c.Explanation) ? null : c.Explanation.Trim();
        r.AnsweredAt = now;
        r.AnsweredBy = actor.DisplayName;
        r.Version++;
        var text = outcome switch
        {
            CorrectionOutcomes.Corrected => $"已更正：载入新版本 v{r.CorrectedVersion}",
            CorrectionOutcomes.Confirmed => "经核实数据无误",
            _ => "不适用",
        } + (r.Explanation is null ? "" : "。" + r.Explanation);
        await desk.CompleteStepAsync(actor, r.CaseId, outcome!, text, null, ct);
        await desk.CloseAsync(actor, r.CaseId, outcome!, null, ct);
        var recipients = await desk.NotifyAsync(r.ConsumerOrganisationId, ReportCorrection.ProviderRoles, new NoticeMessage(AnsweredKind,
            $"数据校核结果（{r.Number}）：{r.ProviderName}对「{r.EntryName}」（{r.EntryCode} v{r.DataVersion}）的反馈答复 — {ReportCorrection.Shorten(text)}",
            $"/sharing/corrections/{r.Id}", r.CaseId), ct);
        db.Audit(actor, "sharing.correction.answer", $"catalogue-entry:{r.EntryCode}", new
        {
            report = r.Id, r.Number, outcome, r.CorrectedVersion, r.Explanation, recipients,
        });
        await db.SaveChangesAsync(ct);
        var step = await db.Set<Step>().AsNoTracking().FirstAsync(x => x.CaseId == r.CaseId, ct);
        return CorrectionView.Of(r, step, now);
    }
}

/// <summary>
/// GET /api/v1/sharing/corrections[/{id}]: the consumer sees the reports it filed, the provider the reports on its data,
/// a data bureau those where the provider or the consumer is in its division or below. <c>state</c>: open (default for
/// bureaus), answered, all (default for departments).
/// </summary>
public sealed class ListCorrections(ShuzhiDb db)
{
    public static readonly string[] States = ["open", "answered", "all"];

    public async Task<IReadOnlyList<CorrectionView>> Handle(Actor actor, string? state, CancellationToken ct)
    {
        var bureau = actor.Satisfies(Policies.SharingCoordinate);
        state = string.IsNullOrWhiteSpace(state) ? (bureau ? "open" : "all") : state.Trim().ToLowerInvariant();
        if (!States.Contains(state)) throw new BadRequestProblem("state", "one-of", $"state must be one of {string.Join(", ", States)}");
        actor.Require(Policies.SharingRead);
        var q = db.Set<CorrectionReport>().AsNoTracking();
        if (bureau)
        {
            var prefix = CaseAccess.DivisionPrefix(actor);
            if (!actor.IsSystem) q = q.Where(x => x.ProviderDivisionCode.StartsWith(prefix) || x.ConsumerDivisionCode.StartsWith(prefix));
        }
        else q = q.Where(x => x.ProviderOrganisationId == actor.OrganisationId || x.ConsumerOrganisationId == actor.OrganisationId);
        if (state == "open") q = q.Where(x => x.Outcome == null);
        if (state == "answered") q = q.Where(x => x.Outcome != null);
        var reports = await q.ToListAsync(ct);
        var caseIds = reports.Select(r => r.CaseId).ToList();
        var steps = (await db.Set<Step>().AsNoTracking().Where(s => caseIds.Contains(s.CaseId) && s.Sequence == 1).ToListAsync(ct)).ToDictionary(s => s.CaseId);
        var now = db.Clock.GetUtcNow();
        return reports.Select(r => CorrectionView.Of(r, steps.GetValueOrDefault(r.CaseId), now))
            .OrderBy(v => v.State == "answered").ThenByDescending(v => v.Overdue).ThenBy(v => v.Due).ThenByDescending(v => v.ReportedAt).ToList();
    }

    public async Task<CorrectionView> Get(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var r = await db.Set<CorrectionReport>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        var visible = r is not null && (actor.IsSystem || r.ProviderOrganisationId == actor.OrganisationId || r.ConsumerOrganisationId == actor.OrganisationId
            || (actor.Satisfies(Policies.SharingCoordinate) && (r.ProviderDivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor))
                                                                || r.ConsumerDivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor)))));
        if (!visible) throw new NotFoundProblem("correction report", id.ToString());
        var step = await db.Set<Step>().AsNoTracking().FirstOrDefaultAsync(s => s.CaseId == r!.CaseId && s.Sequence == 1, ct);
        return CorrectionView.Of(r!, step, db.Clock.GetUtcNow());
    }
}
