namespace Shuzhi.Platform.Identity;

/// <summary>
/// Who is acting: the authenticated user, their roles and organisation. Every handler takes one;
/// the HTTP layer builds it from the cookie or bearer token, the CLI from its login.
/// </summary>
public sealed record Actor(
    Guid UserId,
    string Username,
    string DisplayName,
    IReadOnlySet<Role> Roles,
    Guid OrganisationId,
    string OrganisationName,
    OrganisationKind OrganisationKind,
    /// <summary>GB/T 2260 code of the division the organisation belongs to (e.g. 520100 贵阳市).</summary>
    string DivisionCode,
    AdminLevel Level)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>The primary role, for the audit record.</summary>
    public string RoleNames => string.Join(",", Roles.OrderBy(r => r));

    /// <summary>The platform itself (background jobs, first-start seeding).</summary>
    public static readonly Actor System = new(Guid.Empty, "system", "系统 / System",
        new HashSet<Role>(), Guid.Empty, "Shuzhi", OrganisationKind.DataBureau, "000000", AdminLevel.Province);

    public bool IsSystem => UserId == Guid.Empty;
}
