using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Calendar;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// 停止提供共享数据的备案 (贵州 art.24): the provider department stops supplying published shared data, with a reason,
/// filed with the provincial data bureau at least 5 working days ahead. From <see cref="StopsOn"/> (00:00 China time)
/// other departments are refused the entry's rows and downloads (<see cref="DatasetAccess"/>); the provider and its
/// bureau still read. Cancelled before it takes effect, it has no effect.
/// </summary>
public sealed class SupplyStop
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    /// <summary>The provincial data bureau it is filed with (省大数据主管部门).</summary>
    public Guid BureauOrganisationId { get; set; }
    public required string BureauName { get; set; }

    /// <summary>正当理由说明.</summary>
    public required string Reason { get; set; }
    /// <summary>The first day without supply (from 00:00 China time).</summary>
    public DateOnly StopsOn { get; set; }
    /// <summary>The 5th working day after the filing day (the notice period's last day) and the calendar it was counted with.</summary>
    public DateOnly NoticeLastDay { get; set; }
    public bool Provisional { get; set; }
    public required string CalendarVersion { get; set; }

    public DateTimeOffset FiledAt { get; set; }
    public Guid FiledById { get; set; }
    public required string FiledByName { get; set; }
    /// <summary>The grantee organisations notified at filing (names, "|a|b|").</summary>
    public string Notified { get; set; } = "";

    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? CancelReason { get; set; }
    public int Version { get; set; }

    /// <summary>The earliest stop date a filing on <paramref name="noticeLastDay"/>'s count allows: the day after the notice period.</summary>
    public DateOnly EarliestStopOn => NoticeLastDay.AddDays(1);
    public IReadOnlyList<string> NotifiedList => Notified.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class SupplyStopConfig : IEntityTypeConfiguration<SupplyStop>
{
    public void Configure(EntityTypeBuilder<SupplyStop> b)
    {
        b.ToTable("sharing_supply_stops");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.EntryId, x.CancelledAt });
        b.HasIndex(x => x.ProviderOrganisationId);
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(6);
        b.Property(x => x.BureauName).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.CalendarVersion).HasMaxLength(80);
        b.Property(x => x.FiledByName).HasMaxLength(100);
        b.Property(x => x.Notified).HasMaxLength(4000);
        b.Property(x => x.CancelledBy).HasMaxLength(100);
        b.Property(x => x.CancelReason).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.EarliestStopOn);
        b.Ignore(x => x.NotifiedList);
    }
}

/// <summary>A stop as the API and pages show it. <c>State</c>: "filed" (not yet in effect), "in-effect", "cancelled".</summary>
public sealed record SupplyStopView(Guid Id, string EntryCode, string EntryName, string Provider, string Bureau, string Reason,
    DateOnly StopDate, DateOnly EarliestStopDate, DateOnly NoticeLastDay, bool Provisional, string CalendarVersion,
    string State, DateTimeOffset FiledAt, string FiledBy, IReadOnlyList<string> NotifiedOrganisations,
    DateTimeOffset? CancelledAt, string? CancelledBy, string? CancelReason, string RuleId, string Citation)
{
    public static SupplyStopView Of(SupplyStop s, DateOnly today) => new(s.Id, s.EntryCode, s.EntryName, s.ProviderName, s.BureauName, s.Reason,
        s.StopsOn, s.EarliestStopOn, s.NoticeLastDay, s.Provisional, s.CalendarVersion,
        s.CancelledAt is not null ? "cancelled" : today >= s.StopsOn ? "in-effect" : "filed",
        ChinaTime.ToChina(s.FiledAt), s.FiledByName, s.NotifiedList,
        s.CancelledAt is { } c ? ChinaTime.ToChina(c) : null, s.CancelledBy, s.CancelReason,
        Rules.SharingStopNotice.Id, Rules.SharingStopNotice.Citation);
}

/// <summary>The notice period of 贵州 art.24, counted once: earliest stop date = the day after the 5th working day after the filing day.</summary>
public static class StopNotice
{
    public sealed record Answer(DateOnly NoticeLastDay, DateOnly EarliestStopDate, bool Provisional, string CalendarVersion);

    public static Answer For(IStatutoryCalendar calendar, DateTimeOffset filedAt)
    {
        var r = PeriodCalculator.Compute(calendar, filedAt, Rules.SharingStopNotice.Period!);
        return new Answer(r.LastDay, r.LastDay.AddDays(1), r.Provisional, r.CalendarVersion);
    }
}

/// <summary>POST /api/v1/sharing/stops: the provider files a stop of supply with the provincial bureau (贵州 art.24).</summary>
public sealed class FileSupplyStop(ShuzhiDb db, CalendarProvider calendars, ICaseDesk desk)
{
    /// <param name="Entry">Catalogue entry code.</param>
    /// <param name="StopDate">The first day without supply (ISO date).</param>
    public sealed record Command(string? Entry, string? Reason, DateOnly? StopDate);

    public const string FiledKind = "sharing.stop.filed", CancelledKind = "sharing.stop.cancelled";
    internal static readonly Role[] GranteeRoles = [Role.DataCommissioner, Role.DepartmentHead];

    public async Task<SupplyStopView> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        var calendar = await calendars.CurrentAsync(ct);
        var notice = StopNotice.For(calendar, now);
        var v = new Validator().NotBlank(c.Entry, "entry", "目录条目").NotBlank(c.Reason, "reason", "正当理由说明").MaxLength(c.Reason, 2000, "reason");
        v.Require(c.StopDate is not null, "stopDate", "required", "停止提供日期不能为空 / stopDate is required");
        v.Require(c.StopDate is null || c.StopDate >= notice.EarliestStopDate, "stopDate", "notice-period",
            $"须提前5个工作日报省大数据主管部门备案，最早停止日期为 {notice.EarliestStopDate:yyyy-MM-dd}{(notice.Provisional ? "（暂定）" : "")} / " +
            $"the stop must be filed 5 working days ahead (贵州 art.24): the earliest stop date is {notice.EarliestStopDate:yyyy-MM-dd}");
        v.ThrowIfAny();
        actor.Require(Policies.SharingProvide);

        var code = c.Entry!.Trim();
        var s = await DatasetDirectory.ReadAsync(db, code, now, ct) ?? throw new NotFoundProblem("catalogue entry", code);
        if (!actor.IsSystem && s.ProviderOrganisationId != actor.OrganisationId)
            throw new ForbiddenProblem(Policies.SharingProvide.Name, "只有数据提供部门可以停止提供其数据 / only the provider department stops supplying its data");
        if (!s.CataloguePublished || s.Withdrawn || s.ShareType is null or ShareType.NotShared || s.Published is null)
            throw new ValidationProblem("entry", "published-shared",
                "只能停止提供已发布的共享数据（目录已发布、可共享、数据已发布） / only published shared data can be stopped (贵州 art.24)");
        if (await db.Set<SupplyStop>().AnyAsync(x => x.EntryId == s.EntryId && x.CancelledAt == null, ct))
            throw new ConflictProblem("stop.exists", $"{code} already has a stop of supply filed; cancel it first");

        var entryName = await EntryNameAsync(db, s.EntryId, ct);
        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == s.ProviderOrganisationId, ct);
        var province = s.ProviderDivisionCode[..2] + "0000";
        var bureau = await db.Set<Organisation>().AsNoTracking()
            .FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == province, ct)
            ?? throw new ConflictProblem("bureau.missing", $"no provincial data bureau in division {province} to file with");

        var today = ChinaTime.DateOf(now);
        var grantees = s.Grants.Where(g => DatasetAccess.Problem(g, today) is null)
            .GroupBy(g => g.GranteeOrganisationId).Select(g => (Id: g.Key, Name: g.First().GranteeName)).ToList();
        var stop = new SupplyStop
        {
            Id = Guid.NewGuid(), EntryId = s.EntryId, EntryCode = s.EntryCode, EntryName = entryName,
            ProviderOrganisationId = provider.Id, ProviderName = provider.Name, ProviderDivisionCode = provider.DivisionCode,
            BureauOrganisationId = bureau.Id, BureauName = bureau.Name, Reason = c.Reason!.Trim(), StopsOn = c.StopDate!.Value,
            NoticeLastDay = notice.NoticeLastDay, Provisional = notice.Provisional, CalendarVersion = notice.CalendarVersion,
            FiledAt = now, FiledById = actor.UserId, FiledByName = actor.DisplayName,
            Notified = grantees.Count == 0 ? "" : "|" + string.Join("|", grantees.Select(g => g.Name)) + "|",
        };
        db.Add(stop);
        var text = $"{provider.Name}将自 {stop.StopsOn:yyyy-MM-dd} 起停止提供共享数据「{entryName}」（{code}），理由：{stop.Reason}（贵州省政务数据资源管理办法 第二十四条） / " +
                   $"{code} will no longer be supplied from {stop.StopsOn:yyyy-MM-dd} (贵州 art.24)";
        var recipients = new List<string>();
        foreach (var g in grantees)
            recipients.AddRange(await desk.NotifyAsync(g.Id, GranteeRoles, new NoticeMessage(FiledKind, text, $"/sharing/stops/{stop.Id}"), ct));
        recipients.AddRange(await desk.NotifyAsync(bureau.Id, [Role.BureauStaff], new NoticeMessage(FiledKind, "备案：" + text, $"/sharing/stops/{stop.Id}"), ct));
        db.Audit(actor, "sharing.stop.file", $"catalogue-entry:{code}", new
        {
            stop = stop.Id, stopDate = stop.StopsOn, earliest = notice.EarliestStopDate, notice.Provisional, notice.CalendarVersion,
            reason = stop.Reason, bureau = bureau.Name, grantees = grantees.Select(g => g.Name), recipients,
        });
        await db.SaveChangesAsync(ct);
        return SupplyStopView.Of(stop, today);
    }

    internal static async Task<string> EntryNameAsync(ShuzhiDb db, Guid entryId, CancellationToken ct)
    {
        var e = await db.Set<CatalogueEntry>().AsNoTracking().FirstAsync(x => x.Id == entryId, ct);
        var n = e.PublishedVersion ?? e.CurrentVersion;
        return await db.Set<EntryVersion>().AsNoTracking().Where(x => x.EntryId == entryId && x.Number == n).Select(x => x.Name).FirstAsync(ct);
    }
}

/// <summary>POST /api/v1/sharing/stops/{id}/cancel: the provider cancels a stop before it takes effect; the grantees are told.</summary>
public sealed class CancelSupplyStop(ShuzhiDb db, ICaseDesk desk)
{
    public sealed record Command(string? Reason);

    public async Task<SupplyStopView> Handle(Actor actor, Guid id, Command c, CancellationToken ct)
    {
        new Validator().MaxLength(c.Reason, 2000, "reason").ThrowIfAny();
        actor.Require(Policies.SharingProvide);
        var stop = await db.Set<SupplyStop>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (stop is null || (!actor.IsSystem && stop.ProviderOrganisationId != actor.OrganisationId))
            throw new NotFoundProblem("supply stop", id.ToString());
        var now = db.Clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        if (stop.CancelledAt is not null) throw new ConflictProblem("stop.cancelled", "the stop is already cancelled");
        if (today >= stop.StopsOn)
            throw new ConflictProblem("stop.in-effect", $"the stop took effect on {stop.StopsOn:yyyy-MM-dd}: it can only be cancelled before then");
        stop.CancelledAt = now;
        stop.CancelledBy = actor.DisplayName;
        stop.CancelReason = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim();
        stop.Version++;

        var grantees = await db.Set<DataGrant>().AsNoTracking()
            .Where(g => g.EntryId == stop.EntryId && g.RevokedAt == null && (g.ValidUntil == null || g.ValidUntil >= today))
            .Select(g => g.GranteeOrganisationId).Distinct().ToListAsync(ct);
        var text = $"{stop.ProviderName}已撤销停止提供「{stop.EntryName}」（{stop.EntryCode}）的备案，原定 {stop.StopsOn:yyyy-MM-dd} 起停止，现继续提供 / " +
                   $"the stop of {stop.EntryCode} planned for {stop.StopsOn:yyyy-MM-dd} is cancelled: supply continues";
        var recipients = new List<string>();
        foreach (var g in grantees)
            recipients.AddRange(await desk.NotifyAsync(g, FileSupplyStop.GranteeRoles, new NoticeMessage(FileSupplyStop.CancelledKind, text, $"/sharing/stops/{stop.Id}"), ct));
        recipients.AddRange(await desk.NotifyAsync(stop.BureauOrganisationId, [Role.BureauStaff], new NoticeMessage(FileSupplyStop.CancelledKind, text, $"/sharing/stops/{stop.Id}"), ct));
        db.Audit(actor, "sharing.stop.cancel", $"catalogue-entry:{stop.EntryCode}", new { stop = stop.Id, stopDate = stop.StopsOn, reason = stop.CancelReason, recipients });
        await db.SaveChangesAsync(ct);
        return SupplyStopView.Of(stop, today);
    }
}

/// <summary>
/// GET /api/v1/sharing/stops[/{id}]: the provider department sees its filings; a data bureau sees every filing of
/// providers in its division and below. Others get 404 for one stop and an empty list.
/// </summary>
public sealed class ListSupplyStops(ShuzhiDb db)
{
    public async Task<IReadOnlyList<SupplyStopView>> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        var q = db.Set<SupplyStop>().AsNoTracking();
        if (actor.Satisfies(Policies.SharingCoordinate))
        {
            var prefix = CaseAccess.DivisionPrefix(actor);
            if (!actor.IsSystem) q = q.Where(x => x.ProviderDivisionCode.StartsWith(prefix));
        }
        else q = q.Where(x => x.ProviderOrganisationId == actor.OrganisationId);
        return (await q.ToListAsync(ct)).OrderByDescending(x => x.FiledAt).Select(x => SupplyStopView.Of(x, today)).ToList();
    }

    public async Task<SupplyStopView> Get(Actor actor, Guid id, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var today = ChinaTime.DateOf(db.Clock.GetUtcNow());
        var s = await db.Set<SupplyStop>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        // The grantees the stop concerns see it too (their notice links here).
        var visible = s is not null && (actor.IsSystem || s.ProviderOrganisationId == actor.OrganisationId
            || (actor.Satisfies(Policies.SharingCoordinate) && s.ProviderDivisionCode.StartsWith(CaseAccess.DivisionPrefix(actor)))
            || await db.Set<DataGrant>().AnyAsync(g => g.EntryId == s.EntryId && g.GranteeOrganisationId == actor.OrganisationId, ct));
        if (!visible) throw new NotFoundProblem("supply stop", id.ToString());
        return SupplyStopView.Of(s!, today);
    }
}
