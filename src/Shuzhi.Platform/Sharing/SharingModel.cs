using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Shuzhi.Platform.Sharing;

/// <summary>Where a sharing application (贵州 art.23) stands. The case (cases module) carries the clocks; this is the business state.</summary>
public enum ApplicationState
{
    /// <summary>规范性审核中: with the bureau at the provider's level (art.23(一)).</summary>
    ConformityReview,
    /// <summary>退回补正: returned to the applicant for correction; the review clock is suspended.</summary>
    Returned,
    /// <summary>驳回: failed the conformity review (reasons given). Final.</summary>
    Rejected,
    /// <summary>待提供部门答复: with the provider (art.23(二)).</summary>
    ProviderReply,
    /// <summary>不同意共享: the provider refused (basis or reason given); the applicant may object or accept.</summary>
    Refused,
    /// <summary>协商中: objection; the provider's bureau organises negotiation.</summary>
    Negotiation,
    /// <summary>报请政府决定: negotiation failed; the government at that level decides.</summary>
    Referred,
    /// <summary>已授权: a grant was made (by the provider, after negotiation, or on the government's decision).</summary>
    Granted,
    /// <summary>终结：不予共享 — the applicant accepted a refusal, or the government decided against sharing. Final.</summary>
    Closed,
    /// <summary>已撤回: the applicant withdrew. Final.</summary>
    Withdrawn,
}

/// <summary>
/// A conditional-sharing application (贵州 art.23): what the consumer department asks for (fields, rows, period,
/// purpose, legal basis, delivery), and each party's answer. Its procedure case (<see cref="CaseId"/>) holds the
/// steps and their statutory clocks; its supply–demand list line (art.38) stays open until it is met or closed.
/// </summary>
public sealed class SharingApplication
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public required string Number { get; set; }

    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    /// <summary>The bureau that reviews and negotiates: the one of the provider's division (art.23(一)).</summary>
    public Guid BureauOrganisationId { get; set; }
    /// <summary>Set when the provider delegated applications from the consumer's region to a department one level down (art.44).</summary>
    public Guid? DelegateOrganisationId { get; set; }

    public Guid ConsumerOrganisationId { get; set; }
    public required string ConsumerName { get; set; }
    public required string ConsumerDivisionCode { get; set; }
    public Guid ApplicantUserId { get; set; }
    public required string ApplicantName { get; set; }

    public required string Purpose { get; set; }
    public required string LegalBasis { get; set; }
    /// <summary>"|field1|field2|".</summary>
    public required string Fields { get; set; }
    public string? RowFilter { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    /// <summary>"api" or "file".</summary>
    public required string Delivery { get; set; }

    public ApplicationState State { get; set; }
    public string? ReviewReasons { get; set; }
    public string? ReplyText { get; set; }
    public string? ObjectionText { get; set; }
    public string? NegotiationText { get; set; }
    public string? DecisionText { get; set; }
    public Guid? GrantId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<string> FieldList => Fields.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class SharingConfig : IEntityTypeConfiguration<SharingApplication>
{
    public void Configure(EntityTypeBuilder<SharingApplication> b)
    {
        b.ToTable("sharing_applications");
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.Number).IsUnique();
        b.HasIndex(a => a.CaseId).IsUnique();
        b.HasIndex(a => new { a.ConsumerOrganisationId, a.State });
        b.HasIndex(a => new { a.ProviderOrganisationId, a.State });
        b.HasIndex(a => a.EntryId);
        b.Property(a => a.Number).HasMaxLength(40);
        b.Property(a => a.EntryCode).HasMaxLength(40);
        b.Property(a => a.ProviderDivisionCode).HasMaxLength(6);
        b.Property(a => a.ConsumerDivisionCode).HasMaxLength(6);
        b.Property(a => a.Delivery).HasMaxLength(8);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}
