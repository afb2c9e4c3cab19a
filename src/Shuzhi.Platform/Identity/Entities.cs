using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Shuzhi.Platform.Identity;

/// <summary>A node of the organisation tree: a division (GB/T 2260), or a body under one.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }
    /// <summary>Division code (GB/T 2260) for divisions; division code + suffix for bodies, e.g. "520100-DSJ".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    public AdminLevel Level { get; set; }
    /// <summary>GB/T 2260 code of the division this node is, or belongs to.</summary>
    public required string DivisionCode { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>统一社会信用代码 (GB 32100), when known.</summary>
    public string? CreditCode { get; set; }
}

public sealed class User
{
    public Guid Id { get; set; }
    public required string Username { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public Guid OrganisationId { get; set; }
    /// <summary>Roles, comma-separated names of <see cref="Role"/>.</summary>
    public required string Roles { get; set; }
    public string? Email { get; set; }
    public bool Disabled { get; set; }

    public IReadOnlySet<Role> RoleSet =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToHashSet();
}

/// <summary>A bearer token for the API. Only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public bool Revoked { get; set; }
}

internal sealed class OrganisationConfig : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("organisations");
        b.HasIndex(o => o.Code).IsUnique();
        b.Property(o => o.Code).HasMaxLength(64);
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.DivisionCode).HasMaxLength(12);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(o => o.Level).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserConfig : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasIndex(u => u.Username).IsUnique();
        b.Property(u => u.Username).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.Roles).HasMaxLength(400);
        b.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(u => u.RoleSet);
    }
}

internal sealed class ApiTokenConfig : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
