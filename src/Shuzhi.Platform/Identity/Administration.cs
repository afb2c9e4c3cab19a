using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Identity;

/// <summary>Rules for accounts and organisations, written once.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 10;

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,63}$")]
    public static partial Regex Username();

    /// <summary>GB/T 2260: six digits, the first two a province-level code.</summary>
    [GeneratedRegex("^[1-8][0-9]{5}$")]
    public static partial Regex DivisionCode();

    public static Validator Password(this Validator v, string? password, string field = "password")
        => v.Require(password is { Length: >= MinPasswordLength } && password.Any(char.IsLetter) && password.Any(c => !char.IsLetter(c)),
            field, "password-strength", $"至少{MinPasswordLength}位，含字母和数字或符号 / at least {MinPasswordLength} characters with letters and digits or symbols");
}

/// <summary>
/// First start outside demo mode: creates the top division (GB/T 2260), its data bureau and the platform
/// administrator. Allowed only while the platform has no users at all (then 409).
/// </summary>
public sealed class BootstrapPlatform(ShuzhiDb db, Passwords passwords)
{
    public sealed record Command(string? DivisionCode, string? DivisionName, AdminLevel Level, string? AdminUsername, string? AdminPassword);

    public async Task<Actor> Handle(Command c, CancellationToken ct)
    {
        var v = new Validator()
            .NotBlank(c.DivisionName, "divisionName", "行政区划名称").MaxLength(c.DivisionName, 100, "divisionName")
            .Require(c.DivisionCode is not null && AccountRules.DivisionCode().IsMatch(c.DivisionCode), "divisionCode", "gb-t-2260",
                "行政区划代码为6位数字（GB/T 2260），如 520000 / a six-digit GB/T 2260 code such as 520000")
            .Require(Enum.IsDefined(c.Level), "level", "enum", "level is one of Province, City, County")
            .Require(c.AdminUsername is not null && AccountRules.Username().IsMatch(c.AdminUsername), "adminUsername", "username",
                "3–64 lower-case letters, digits, '.', '_' or '-', starting with a letter")
            .Password(c.AdminPassword, "adminPassword");
        v.ThrowIfAny();
        if (await db.Set<User>().AnyAsync(ct))
            throw new ConflictProblem("already-set-up", "The platform already has accounts; add more with an administrator's account.");

        var division = new Organisation
        {
            Id = Guid.NewGuid(), Code = c.DivisionCode!, Name = c.DivisionName!.Trim(), DivisionCode = c.DivisionCode!, Level = c.Level,
            Kind = c.Level switch { AdminLevel.Province => OrganisationKind.Province, AdminLevel.City => OrganisationKind.City, _ => OrganisationKind.County },
        };
        var bureau = new Organisation
        {
            Id = Guid.NewGuid(), Code = $"{c.DivisionCode}-DSJ", Name = $"{division.Name}大数据发展管理局", Kind = OrganisationKind.DataBureau,
            Level = c.Level, DivisionCode = c.DivisionCode!, ParentId = division.Id,
        };
        var admin = new User
        {
            Id = Guid.NewGuid(), Username = c.AdminUsername!, DisplayName = "平台管理员", PasswordHash = passwords.Hash(c.AdminPassword!),
            OrganisationId = bureau.Id, Roles = nameof(Role.PlatformAdmin),
        };
        db.AddRange(division, bureau, admin);
        db.Audit(Actor.System, "identity.bootstrap", $"organisation:{division.Code}", new { division.Code, division.Name, bureau = bureau.Code, admin = admin.Username });
        await db.SaveChangesAsync(ct);
        return Actors.From(admin, bureau);
    }
}

/// <summary>Adds a node to the organisation tree under an existing parent (platform administrator).</summary>
public sealed class AddOrganisation(ShuzhiDb db)
{
    public sealed record Command(string? Code, string? Name, OrganisationKind Kind, string? ParentCode, string? CreditCode);

    public async Task<ListOrganisations.Node> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var v = new Validator()
            .NotBlank(c.Code, "code", "代码").MaxLength(c.Code, 64, "code")
            .NotBlank(c.Name, "name", "名称").MaxLength(c.Name, 200, "name")
            .NotBlank(c.ParentCode, "parentCode", "上级代码")
            .Require(Enum.IsDefined(c.Kind), "kind", "enum", "kind is one of " + string.Join(", ", Enum.GetNames<OrganisationKind>()));
        var division = c.Kind is OrganisationKind.Province or OrganisationKind.City or OrganisationKind.County;
        if (division)
            v.Require(c.Code is not null && AccountRules.DivisionCode().IsMatch(c.Code), "code", "gb-t-2260", "a division's code is its six-digit GB/T 2260 code");
        v.ThrowIfAny();
        actor.Require(Policies.Administer);
        var parent = await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Code == c.ParentCode, ct)
            ?? throw new ValidationProblem("parentCode", "exists", $"no organisation with code {c.ParentCode}");
        if (await db.Set<Organisation>().AnyAsync(o => o.Code == c.Code, ct))
            throw new ConflictProblem("code-taken", $"organisation code {c.Code} is already used");
        var level = c.Kind switch
        {
            OrganisationKind.Province => AdminLevel.Province,
            OrganisationKind.City => AdminLevel.City,
            OrganisationKind.County => AdminLevel.County,
            _ => parent.Level,
        };
        var org = new Organisation
        {
            Id = Guid.NewGuid(), Code = c.Code!.Trim(), Name = c.Name!.Trim(), Kind = c.Kind, Level = level,
            DivisionCode = division ? c.Code!.Trim() : parent.DivisionCode, ParentId = parent.Id, CreditCode = c.CreditCode?.Trim(),
        };
        db.Add(org);
        db.Audit(actor, "identity.organisation.add", $"organisation:{org.Code}", new { org.Code, org.Name, kind = org.Kind.ToString(), parent = parent.Code });
        await db.SaveChangesAsync(ct);
        return new ListOrganisations.Node(org.Id, org.Code, org.Name, org.Kind.ToString(), org.Level.ToString(), org.DivisionCode, org.ParentId);
    }
}

/// <summary>Adds a user account with roles in an organisation (platform administrator).</summary>
public sealed class AddUser(ShuzhiDb db, Passwords passwords)
{
    public sealed record Command(string? Username, string? DisplayName, string? OrganisationCode, IReadOnlyList<Role>? Roles, string? Password, string? Email);

    public sealed record Result(Guid Id, string Username, string DisplayName, string Organisation, IReadOnlyList<string> Roles);

    public async Task<Result> Handle(Actor actor, Command c, CancellationToken ct)
    {
        var v = new Validator()
            .Require(c.Username is not null && AccountRules.Username().IsMatch(c.Username), "username", "username",
                "3–64 lower-case letters, digits, '.', '_' or '-', starting with a letter")
            .NotBlank(c.DisplayName, "displayName", "姓名").MaxLength(c.DisplayName, 100, "displayName")
            .NotBlank(c.OrganisationCode, "organisationCode", "所在单位")
            .Require(c.Roles is { Count: > 0 }, "roles", "required", "at least one role")
            .Require(c.Roles is null || c.Roles.All(Enum.IsDefined), "roles", "enum", "roles are among " + string.Join(", ", Enum.GetNames<Role>()))
            .Password(c.Password);
        v.ThrowIfAny();
        actor.Require(Policies.Administer);
        var org = await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Code == c.OrganisationCode, ct)
            ?? throw new ValidationProblem("organisationCode", "exists", $"no organisation with code {c.OrganisationCode}");
        if (await db.Set<User>().AnyAsync(u => u.Username == c.Username, ct))
            throw new ConflictProblem("username-taken", $"username {c.Username} is already used");
        var roles = c.Roles!.Distinct().Order().ToList();
        var user = new User
        {
            Id = Guid.NewGuid(), Username = c.Username!, DisplayName = c.DisplayName!.Trim(), PasswordHash = passwords.Hash(c.Password!),
            OrganisationId = org.Id, Roles = string.Join(",", roles), Email = c.Email?.Trim(),
        };
        db.Add(user);
        db.Audit(actor, "identity.user.add", $"user:{user.Username}", new { user.Username, user.DisplayName, organisation = org.Code, roles = user.Roles });
        await db.SaveChangesAsync(ct);
        return new Result(user.Id, user.Username, user.DisplayName, org.Name, roles.Select(r => r.ToString()).ToList());
    }
}
