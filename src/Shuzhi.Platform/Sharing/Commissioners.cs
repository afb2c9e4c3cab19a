using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>Who sees which filings, and which bureau a filing goes to. One place for the four kinds of filing.</summary>
public static class FilingScope
{
    /// <summary>
    /// The GB/T 2260 prefix of the divisions whose filings the actor sees as a bureau (its division and below), or null
    /// when the actor sees only its own organisation's. The platform (and its administrator) see every filing.
    /// </summary>
    public static string? BureauPrefix(Actor actor) =>
        actor.IsSystem || actor.Has(Role.PlatformAdmin) ? "" : actor.Satisfies(Policies.SharingCoordinate) ? CaseAccess.DivisionPrefix(actor) : null;

    /// <summary>The data bureau of a division (同级大数据主管部门), or 422 naming <paramref name="field"/> when the division has none.</summary>
    public static async Task<Organisation> BureauOfAsync(ShuzhiDb db, string divisionCode, string field, CancellationToken ct)
        => await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == divisionCode, ct)
           ?? throw new ValidationProblem(field, "bureau-exists", $"行政区划 {divisionCode} 没有大数据主管部门，无法备案 / division {divisionCode} has no data bureau to file with");

    /// <summary>The provincial data bureau (省大数据主管部门, 贵州 art.20): the bureau at province level (the top bureau if none).</summary>
    public static async Task<Organisation> ProvincialBureauAsync(ShuzhiDb db, CancellationToken ct)
        => await db.Set<Organisation>().AsNoTracking().Where(o => o.Kind == OrganisationKind.DataBureau)
               .OrderBy(o => o.Level == AdminLevel.Province ? 0 : o.Level == AdminLevel.City ? 1 : 2).ThenBy(o => o.DivisionCode).FirstOrDefaultAsync(ct)
           ?? throw new ValidationProblem("bureau", "bureau-exists", "平台尚无大数据主管部门 / the platform has no data bureau");
}

public sealed record CommissionerView(Guid Id, string Organisation, string OrganisationName, string DivisionCode, string Bureau,
    string Username, string DisplayName, DateTimeOffset? AppointedAt, string? AppointedBy, string? Note,
    DateTimeOffset? EndedAt, string? EndedBy, string? EndReason, bool Active)
{
    internal static CommissionerView From(CommissionerAppointment a) => new(a.Id, a.OrganisationCode, a.OrganisationName, a.DivisionCode,
        a.BureauName, a.Username, a.UserDisplayName, a.AppointedAt, a.AppointedBy, a.Note, a.EndedAt, a.EndedBy, a.EndReason, a.ActiveUserId is not null);
}

/// <summary>
/// Appoints a user of a department as its data commissioner (数据专员, 贵州 art.39) and files the appointment with the
/// bureau of the department's division; or ends the appointment (调整), filed the same way. The department's head
/// appoints in its own department; the platform administrator in any. The role is stored on the user
/// (<see cref="User.Roles"/>): the actor cache drops it on commit, so the change holds from the next request.
/// </summary>
public sealed class Commissioners(ShuzhiDb db)
{
    public sealed record AppointInput(string? Username, string? Note);
    public sealed record EndInput(string? Username, string? Reason);

    public async Task<CommissionerView> Appoint(Actor actor, AppointInput c, CancellationToken ct)
    {
        var note = Text(c.Note);
        new Validator().NotBlank(c.Username, "username", "用户名").MaxLength(note, 1000, "note").ThrowIfAny();
        actor.Require(Policies.SharingCommissionerAppoint);
        var (user, org) = await UserInScopeAsync(actor, c.Username!, ct);
        if (await db.Set<CommissionerAppointment>().AnyAsync(a => a.ActiveUserId == user.Id, ct))
            throw new ConflictProblem("already-appointed", $"{user.DisplayName} 已是本部门备案的数据专员 / {user.Username} is already the department's filed data commissioner");
        var bureau = await FilingScope.BureauOfAsync(db, org.DivisionCode, "organisation", ct);
        var now = db.Clock.GetUtcNow();
        var appointment = new CommissionerAppointment
        {
            Id = Guid.NewGuid(), OrganisationId = org.Id, OrganisationCode = org.Code, OrganisationName = org.Name, DivisionCode = org.DivisionCode,
            BureauOrganisationId = bureau.Id, BureauName = bureau.Name, UserId = user.Id, Username = user.Username, UserDisplayName = user.DisplayName,
            AppointedAt = now, AppointedBy = actor.Username, Note = note, ActiveUserId = user.Id,
        };
        db.Add(appointment);
        var roles = user.RoleSet.ToHashSet();
        var added = roles.Add(Role.DataCommissioner);
        user.Roles = string.Join(",", roles.Order());
        db.Audit(actor, "sharing.commissioner.appoint", $"user:{user.Username}", new
        {
            organisation = org.Code, user = user.Username, bureau = bureau.Code, note, roleAdded = added, roles = user.Roles,
        });
        await db.SaveOrConflictAsync(ct, "already-appointed");
        return CommissionerView.From(appointment);
    }

    public async Task<CommissionerView> End(Actor actor, EndInput c, CancellationToken ct)
    {
        var reason = Text(c.Reason);
        new Validator().NotBlank(c.Username, "username", "用户名").NotBlank(reason, "reason", "调整理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        actor.Require(Policies.SharingCommissionerAppoint);
        var (user, org) = await UserInScopeAsync(actor, c.Username!, ct);
        var appointment = await db.Set<CommissionerAppointment>().FirstOrDefaultAsync(a => a.ActiveUserId == user.Id, ct);
        if (appointment is null && !user.RoleSet.Contains(Role.DataCommissioner))
            throw new ConflictProblem("not-appointed", $"{user.DisplayName} 不是数据专员 / {user.Username} is not a data commissioner");
        var now = db.Clock.GetUtcNow();
        if (appointment is null)
        {
            // A commissioner from before filings were recorded (e.g. an account created with the role): the end is filed all the same.
            var bureau = await FilingScope.BureauOfAsync(db, org.DivisionCode, "organisation", ct);
            appointment = new CommissionerAppointment
            {
                Id = Guid.NewGuid(), OrganisationId = org.Id, OrganisationCode = org.Code, OrganisationName = org.Name, DivisionCode = org.DivisionCode,
                BureauOrganisationId = bureau.Id, BureauName = bureau.Name, UserId = user.Id, Username = user.Username, UserDisplayName = user.DisplayName,
            };
            db.Add(appointment);
        }
        appointment.EndedAt = now;
        appointment.EndedBy = actor.Username;
        appointment.EndReason = reason;
        appointment.ActiveUserId = null;
        var roles = user.RoleSet.ToHashSet();
        roles.Remove(Role.DataCommissioner);
        // A user keeps at least one role; one who was only a commissioner goes back to department staff.
        if (roles.Count == 0) roles.Add(Role.DepartmentStaff);
        user.Roles = string.Join(",", roles.Order());
        db.Audit(actor, "sharing.commissioner.end", $"user:{user.Username}", new { organisation = org.Code, user = user.Username, reason, roles = user.Roles });
        await db.SaveOrConflictAsync(ct);
        return CommissionerView.From(appointment);
    }

    /// <summary>Appointments the actor sees: its department's; a bureau those of its division and below.</summary>
    public async Task<IReadOnlyList<CommissionerView>> List(Actor actor, bool activeOnly, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var q = db.Set<CommissionerAppointment>().AsNoTracking();
        var prefix = FilingScope.BureauPrefix(actor);
        q = prefix is null ? q.Where(a => a.OrganisationId == actor.OrganisationId) : q.Where(a => a.DivisionCode.StartsWith(prefix));
        if (activeOnly) q = q.Where(a => a.ActiveUserId != null);
        var list = await q.ToListAsync(ct);
        return list.OrderBy(a => a.ActiveUserId is null).ThenByDescending(a => a.EndedAt ?? a.AppointedAt).ThenBy(a => a.Username, StringComparer.Ordinal)
            .Select(CommissionerView.From).ToList();
    }

    private async Task<(User User, Organisation Org)> UserInScopeAsync(Actor actor, string username, CancellationToken ct)
    {
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Username == username.Trim(), ct);
        var org = user is null ? null : await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == user.OrganisationId, ct);
        // A head sees only the users of their department: anyone else is "no such user" (no account enumeration).
        if (user is null || org is null || (!actor.IsSystem && !actor.Has(Role.PlatformAdmin) && org.Id != actor.OrganisationId))
            throw new ValidationProblem("username", "department-user", $"本部门没有用户 {username} / no user {username} in your department");
        if (org.Kind != OrganisationKind.Department)
            throw new ValidationProblem("username", "department-user", $"{username} 不属于政府部门；数据专员由政府部门指定（贵州省政务数据资源管理办法第三十九条） / data commissioners are appointed by government departments (art.39)");
        if (user.Disabled)
            throw new ValidationProblem("username", "enabled", $"{username} 已停用 / the account is disabled");
        return (user, org);
    }

    internal static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
