using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;

namespace Shuzhi.Platform.Sharing;

// Filings of the sharing regime (备案): data commissioners (贵州 art.39), the legal basis of conditional sharing and its
// re-assessment (art.20), blanket delegation to a lower level (art.44). docs/sharing-filings.md.
//
// "At most one open/in-force row per X" is enforced by the database with a nullable key column holding X while the
// row is open/in force and null after (a unique index; nulls are distinct in SQLite and PostgreSQL). No filtered
// index, so no provider-specific SQL.

/// <summary>
/// 数据专员任命备案 (贵州 art.39): a department appoints a user as its data commissioner; the appointment and its end
/// (调整) are filed with the bureau of the department's division (同级大数据主管部门).
/// </summary>
public sealed class CommissionerAppointment
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string OrganisationCode { get; set; }
    public required string OrganisationName { get; set; }
    public required string DivisionCode { get; set; }
    /// <summary>The bureau the appointment is filed with: the one of the department's division.</summary>
    public Guid BureauOrganisationId { get; set; }
    public required string BureauName { get; set; }
    public Guid UserId { get; set; }
    public required string Username { get; set; }
    public required string UserDisplayName { get; set; }
    /// <summary>Null for an appointment made before the platform recorded filings (ended without a record of its start).</summary>
    public DateTimeOffset? AppointedAt { get; set; }
    public string? AppointedBy { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }
    /// <summary>The user while the appointment is active, else null (unique: one active appointment per user).</summary>
    public Guid? ActiveUserId { get; set; }
}

public enum FilingState
{
    /// <summary>在用: the basis is on file; the entry is conditionally shared.</summary>
    InForce,
    /// <summary>已被替代: a later filing of the same entry replaced it (renewed on re-assessment, or a new version published).</summary>
    Superseded,
    /// <summary>已撤回: the re-assessment found the data can be shared unconditionally (art.20 ¶2).</summary>
    Withdrawn,
    /// <summary>已失效: a published version of the entry is no longer conditionally shared.</summary>
    Lapsed,
}

/// <summary>
/// 有条件共享依据备案 (贵州 art.20): the legal basis of a conditionally shared entry, filed with the provincial bureau when
/// the conditional version is published. Without a filing in force the data is shared unconditionally.
/// </summary>
public sealed class ShareBasisFiling
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public int EntryVersion { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    public required string Basis { get; set; }
    /// <summary>The provincial bureau (省大数据主管部门).</summary>
    public Guid BureauOrganisationId { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public required string FiledBy { get; set; }
    /// <summary>"publish" (recorded when the version was published) or "reassessment" (renewed by the provider).</summary>
    public required string Source { get; set; }
    /// <summary>The date (China) from which a re-assessment is due: filed + Shuzhi:Sharing:ReassessmentMonths.</summary>
    public DateOnly ReassessmentDue { get; set; }
    public FilingState State { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }
    public Guid? PreviousFilingId { get; set; }
    /// <summary>The entry while in force, else null (unique: one filing in force per entry).</summary>
    public Guid? InForceEntryId { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// 有条件共享定期评估 (贵州 art.20 ¶2): one re-assessment of a conditionally shared entry, with its case
/// (<c>sharing.reassessment</c>). The provider keeps the condition (basis renewed) or turns the data unconditional.
/// </summary>
public sealed class ShareReassessment
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public Guid FilingId { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    public Guid CaseId { get; set; }
    public required string CaseNumber { get; set; }
    /// <summary>"due" (the job: the filing's re-assessment date came) or "bureau" (started by a bureau).</summary>
    public required string Trigger { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public required string OpenedBy { get; set; }
    /// <summary>"Open", "Kept" or "Unconditional".</summary>
    public required string State { get; set; }
    public string? Basis { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    /// <summary>On "Unconditional": the art.9 catalogue update (registered change) opened for the entry.</summary>
    public Guid? CatalogueChangeId { get; set; }
    public string? CatalogueCaseNumber { get; set; }
    /// <summary>The entry while open, else null (unique: never two open re-assessments of one entry).</summary>
    public Guid? OpenEntryId { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// 跨层级整体授权备案 (贵州 art.44): the provider authorises a department of a division directly below its own to receive,
/// for that region, the applications for one or all of its entries. Filed with the bureau of the provider's division.
/// </summary>
public sealed class ShareDelegation
{
    public Guid Id { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderCode { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    /// <summary>Null: every entry of the provider.</summary>
    public Guid? EntryId { get; set; }
    public string? EntryCode { get; set; }
    public string? EntryName { get; set; }
    public required string DivisionCode { get; set; }
    public required string DivisionName { get; set; }
    public Identity.AdminLevel DivisionLevel { get; set; }
    public Guid DelegateOrganisationId { get; set; }
    public required string DelegateCode { get; set; }
    public required string DelegateName { get; set; }
    public Guid BureauOrganisationId { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public required string FiledBy { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevokeReason { get; set; }
    public int Version { get; set; }
}

/// <summary>Configuration "Shuzhi:Sharing" of the filings.</summary>
public sealed class FilingOptions
{
    /// <summary>Months from a filing to its re-assessment (贵州 art.20 "定期"; the text sets no period). Default 12.</summary>
    public int ReassessmentMonths { get; init; } = 12;

    public static FilingOptions From(IConfiguration? configuration)
    {
        var months = configuration?.GetValue("Shuzhi:Sharing:ReassessmentMonths", 12) ?? 12;
        return new FilingOptions { ReassessmentMonths = months is >= 1 and <= 120 ? months : 12 };
    }
}

internal sealed class CommissionerAppointmentConfig : IEntityTypeConfiguration<CommissionerAppointment>
{
    public void Configure(EntityTypeBuilder<CommissionerAppointment> b)
    {
        b.ToTable("sharing_commissioner_appointments");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ActiveUserId).IsUnique();
        b.HasIndex(x => x.OrganisationId);
        b.HasIndex(x => x.DivisionCode);
        b.Property(x => x.OrganisationCode).HasMaxLength(64);
        b.Property(x => x.OrganisationName).HasMaxLength(200);
        b.Property(x => x.DivisionCode).HasMaxLength(12);
        b.Property(x => x.BureauName).HasMaxLength(200);
        b.Property(x => x.Username).HasMaxLength(64);
        b.Property(x => x.UserDisplayName).HasMaxLength(100);
        b.Property(x => x.AppointedBy).HasMaxLength(64);
        b.Property(x => x.EndedBy).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.EndReason).HasMaxLength(1000);
    }
}

internal sealed class ShareBasisFilingConfig : IEntityTypeConfiguration<ShareBasisFiling>
{
    public void Configure(EntityTypeBuilder<ShareBasisFiling> b)
    {
        b.ToTable("sharing_basis_filings");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.InForceEntryId).IsUnique();
        b.HasIndex(x => x.EntryId);
        b.HasIndex(x => new { x.State, x.ReassessmentDue });
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(12);
        b.Property(x => x.Basis).HasMaxLength(2000);
        b.Property(x => x.FiledBy).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(16);
        b.Property(x => x.EndedBy).HasMaxLength(64);
        b.Property(x => x.EndReason).HasMaxLength(1000);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class ShareReassessmentConfig : IEntityTypeConfiguration<ShareReassessment>
{
    public void Configure(EntityTypeBuilder<ShareReassessment> b)
    {
        b.ToTable("sharing_reassessments");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.OpenEntryId).IsUnique();
        b.HasIndex(x => x.EntryId);
        b.HasIndex(x => x.CaseId).IsUnique();
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(12);
        b.Property(x => x.CaseNumber).HasMaxLength(40);
        b.Property(x => x.CatalogueCaseNumber).HasMaxLength(40);
        b.Property(x => x.Trigger).HasMaxLength(16);
        b.Property(x => x.OpenedBy).HasMaxLength(64);
        b.Property(x => x.AnsweredBy).HasMaxLength(64);
        b.Property(x => x.State).HasMaxLength(16);
        b.Property(x => x.Basis).HasMaxLength(2000);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class ShareDelegationConfig : IEntityTypeConfiguration<ShareDelegation>
{
    public void Configure(EntityTypeBuilder<ShareDelegation> b)
    {
        b.ToTable("sharing_delegations");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ProviderOrganisationId, x.RevokedAt });
        b.HasIndex(x => x.ProviderDivisionCode);
        b.Property(x => x.ProviderCode).HasMaxLength(64);
        b.Property(x => x.ProviderName).HasMaxLength(200);
        b.Property(x => x.ProviderDivisionCode).HasMaxLength(12);
        b.Property(x => x.EntryCode).HasMaxLength(40);
        b.Property(x => x.EntryName).HasMaxLength(200);
        b.Property(x => x.DivisionCode).HasMaxLength(12);
        b.Property(x => x.DivisionName).HasMaxLength(100);
        b.Property(x => x.DivisionLevel).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DelegateCode).HasMaxLength(64);
        b.Property(x => x.DelegateName).HasMaxLength(200);
        b.Property(x => x.FiledBy).HasMaxLength(64);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.RevokedBy).HasMaxLength(64);
        b.Property(x => x.RevokeReason).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
    }
}
