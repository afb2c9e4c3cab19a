using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>What a subscription follows (spec 20 订阅与推送): one open dataset, or a topic — a domain (领域) and/or a department.</summary>
public enum SubscriptionKind { Dataset, Topic }

/// <summary>
/// A signed-in public user's subscription, with what the user last saw of it: for a dataset, whether it was open and its
/// catalogue and data versions; for a topic, the codes of the open datasets in it. <see cref="ScanSubscriptions"/> compares
/// the open catalogue with this and notifies each difference once (<see cref="Sequence"/> numbers the notices: two scans
/// that saw the same state write the same notice key, which the unique index refuses twice).
/// </summary>
public sealed class OpenSubscription
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public SubscriptionKind Kind { get; set; }
    /// <summary>"dataset:CODE" or "topic:DOMAIN|DEPARTMENT" — one subscription per user and target.</summary>
    public required string Target { get; set; }
    public string? DatasetCode { get; set; }
    public string? Domain { get; set; }
    public string? ProviderCode { get; set; }
    /// <summary>What the user sees it as: the dataset's title, the domain and/or department name.</summary>
    public required string Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool SeenOpen { get; set; }
    public int? SeenCatalogueVersion { get; set; }
    public int? SeenDataVersion { get; set; }
    /// <summary>Topic: the open dataset codes last seen, one per line, sorted.</summary>
    public string SeenCodes { get; set; } = "";
    /// <summary>How many notices this subscription has produced (the next notice's number).</summary>
    public int Sequence { get; set; }
}

/// <summary>An in-app notice to one user (我的通知), optionally also sent by e-mail when SMTP is configured.</summary>
public sealed class OpenNotice
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid SubscriptionId { get; set; }
    /// <summary>dataset.data, dataset.catalogue, dataset.withdrawn, dataset.reopened, topic.new.</summary>
    public required string Kind { get; set; }
    /// <summary>Unique per subscription: "{sequence}:{kind}:{what}" — the idempotency key.</summary>
    public required string Key { get; set; }
    public string? DatasetCode { get; set; }
    public required string Text { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>To be e-mailed (the user had an address and SMTP was configured when the notice was made).</summary>
    public bool MailPending { get; set; }
    public int MailAttempts { get; set; }
    public DateTimeOffset? MailedAt { get; set; }
}

/// <summary>Where a user submission stands: the bureau reviews it before the portal shows it.</summary>
public enum ReviewState { Pending, Approved, Rejected }

/// <summary>A user submission the bureau reviews (<see cref="ReviewSubmission"/>).</summary>
public interface IReviewed
{
    Guid Id { get; }
    string Title { get; }
    Guid SubmitterId { get; }
    string SubmitterName { get; }
    DateTimeOffset SubmittedAt { get; }
    ReviewState State { get; set; }
    string? ReviewedBy { get; set; }
    DateTimeOffset? ReviewedAt { get; set; }
    string? RejectReason { get; set; }
}

/// <summary>
/// Social data a user chose to open (支持用户上传自愿开放的社会数据): the file as uploaded (CSV/XLSX, at most
/// <see cref="MaxBytes"/>), its columns, row count and first rows read by the dataset readers, shown only once approved.
/// </summary>
public sealed class CommunityDataset : IReviewed
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int PreviewRows = 20;

    public Guid Id { get; set; }
    public Guid SubmitterId { get; set; }
    public required string SubmitterName { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Licence { get; set; }
    public required string FileName { get; set; }
    /// <summary>CSV or XLSX (as read, not as named).</summary>
    public required string Format { get; set; }
    public string? Encoding { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>JSON: the column names.</summary>
    public required string ColumnsJson { get; set; }
    /// <summary>JSON: the first <see cref="PreviewRows"/> rows as text.</summary>
    public required string PreviewJson { get; set; }
    public long Rows { get; set; }
    public ReviewState State { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectReason { get; set; }
}

/// <summary>An application or result built on open data (已开放数据被利用的成果展示), shown only once approved.</summary>
public sealed class ShowcaseItem : IReviewed
{
    public Guid Id { get; set; }
    public Guid SubmitterId { get; set; }
    public required string SubmitterName { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Url { get; set; }
    /// <summary>The open datasets it uses, codes one per line.</summary>
    public required string DatasetCodes { get; set; }
    public ReviewState State { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectReason { get; set; }

    public IReadOnlyList<string> Codes => DatasetCodes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class OpenSubscriptionConfig : IEntityTypeConfiguration<OpenSubscription>
{
    public void Configure(EntityTypeBuilder<OpenSubscription> b)
    {
        b.ToTable("open_subscriptions");
        b.HasIndex(s => new { s.UserId, s.Target }).IsUnique();
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Target).HasMaxLength(400);
        b.Property(s => s.DatasetCode).HasMaxLength(64);
        b.Property(s => s.Domain).HasMaxLength(100);
        b.Property(s => s.ProviderCode).HasMaxLength(64);
        b.Property(s => s.Label).HasMaxLength(400);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpenNoticeConfig : IEntityTypeConfiguration<OpenNotice>
{
    public void Configure(EntityTypeBuilder<OpenNotice> b)
    {
        b.ToTable("open_notices");
        b.HasIndex(n => new { n.SubscriptionId, n.Key }).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasIndex(n => n.MailPending);
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.Key).HasMaxLength(200);
        b.Property(n => n.DatasetCode).HasMaxLength(64);
        b.Property(n => n.Text).HasMaxLength(1000);
        b.Property(n => n.Link).HasMaxLength(400);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // Unsubscribing keeps the notices already received.
    }
}

/// <summary>The columns every reviewed submission has: submitter, title, description, review state and reason.</summary>
internal static class ReviewedConfig
{
    public static void Configure<T>(EntityTypeBuilder<T> b) where T : class, IReviewed
    {
        b.HasIndex(nameof(IReviewed.State), nameof(IReviewed.SubmittedAt));
        b.HasIndex(nameof(IReviewed.SubmitterId));
        b.Property<string>(nameof(IReviewed.SubmitterName)).HasMaxLength(100);
        b.Property<string>(nameof(IReviewed.Title)).HasMaxLength(200);
        b.Property<string>("Description").HasMaxLength(4000);
        b.Property<ReviewState>(nameof(IReviewed.State)).HasConversion<string>().HasMaxLength(16);
        b.Property<string?>(nameof(IReviewed.ReviewedBy)).HasMaxLength(100);
        b.Property<string?>(nameof(IReviewed.RejectReason)).HasMaxLength(1000);
        b.HasOne<User>().WithMany().HasForeignKey(nameof(IReviewed.SubmitterId)).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CommunityDatasetConfig : IEntityTypeConfiguration<CommunityDataset>
{
    public void Configure(EntityTypeBuilder<CommunityDataset> b)
    {
        b.ToTable("community_datasets");
        ReviewedConfig.Configure(b);
        b.Property(d => d.Licence).HasMaxLength(64);
        b.Property(d => d.FileName).HasMaxLength(260);
        b.Property(d => d.Format).HasMaxLength(16);
        b.Property(d => d.Encoding).HasMaxLength(32);
    }
}

internal sealed class ShowcaseItemConfig : IEntityTypeConfiguration<ShowcaseItem>
{
    public void Configure(EntityTypeBuilder<ShowcaseItem> b)
    {
        b.ToTable("showcase_items");
        ReviewedConfig.Configure(b);
        b.Property(s => s.Url).HasMaxLength(500);
        b.Property(s => s.DatasetCodes).HasMaxLength(2000);
        b.Ignore(s => s.Codes);
    }
}
