using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Datasets;

/// <summary>
/// State of one loaded version of an entry's data.
/// Loading → Loaded (complete, not served) → Published (served) → Superseded (an older published version);
/// Loading → Failed (parse error, cancelled, interrupted: nothing of it is ever served).
/// </summary>
public enum DataVersionState { Loading, Loaded, Published, Superseded, Failed }

/// <summary>The data side of one catalogue entry: which version is served, and the masking rules of its fields.</summary>
public sealed class Dataset
{
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderDivisionCode { get; set; }
    /// <summary>The version everyone reads (null until the first publication).</summary>
    public int? PublishedVersion { get; set; }
    /// <summary>The highest version number handed out.</summary>
    public int LastVersion { get; set; }
    /// <summary>Per-field mask overrides, JSON {field: "keep:3,4"}; fields not named use the defaults (docs/datasets.md).</summary>
    public string MaskOverridesJson { get; set; } = "{}";
    public DateTimeOffset? LastPublishedAt { get; set; }
    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; set; }
}

/// <summary>One immutable version of an entry's data: its rows live in the row store under <see cref="Storage"/>.</summary>
public sealed class DataVersion
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public int Number { get; set; }
    public DataVersionState State { get; set; }
    public LoadMode Mode { get; set; }
    /// <summary>Append/upsert: the published version the rows were built on (publishing is refused once another one is).</summary>
    public int? BasisVersion { get; set; }
    /// <summary>Row-store name of the rows; "sqlite" or "postgres" in <see cref="StoreKind"/>.</summary>
    public required string Storage { get; set; }
    public required string StoreKind { get; set; }
    /// <summary>The catalogue version whose field list the data was checked against.</summary>
    public int CatalogueVersion { get; set; }
    public required string FileName { get; set; }
    public long FileBytes { get; set; }
    /// <summary>SM3 of the file as received (hex).</summary>
    public string? FileSm3 { get; set; }
    /// <summary>Detected format/encoding/delimiter/header (JSON), for the record.</summary>
    public string? DetectionJson { get; set; }
    /// <summary>The stored layout: target fields with types, key, masks and the column mapping (JSON).</summary>
    public string SchemaJson { get; set; } = "{}";
    public long Rows { get; set; }
    public double? Score { get; set; }
    /// <summary>The quality threshold in force when the version was loaded, and whether the score met it.</summary>
    public double Threshold { get; set; }
    public bool GatePassed { get; set; }
    public string? ReportJson { get; set; }
    public required string LoadedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>machine:pid:process-start of the loader, so an interrupted load is recognised after a crash.</summary>
    public string? LoaderProcess { get; set; }
    public string? Error { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Who published below the quality threshold, and why (audited).</summary>
    public string? GateOverrideBy { get; set; }
    public string? GateOverrideReason { get; set; }
}

/// <summary>
/// A grant of access to an entry's data for another organisation. Two kinds:
/// - a raw-field grant given by the provider directly (<see cref="ApplicationId"/> null, no row filter): on data the
///   grantee already reads (unconditional sharing) the named fields are delivered unmasked;
/// - a sharing grant (贵州 art.23(二)) made when the provider (or the government, on a referral) agrees to an
///   application: the grantee reads only <see cref="Fields"/>, only rows matching <see cref="RowFilter"/>, only from
///   <see cref="ValidFrom"/> to <see cref="ValidUntil"/> (China dates, inclusive), for <see cref="Purpose"/>.
/// Revocation and expiry take effect on the next request (docs/sharing.md "Grants").
/// </summary>
public sealed class DataGrant
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public Guid GranteeOrganisationId { get; set; }
    public required string GranteeName { get; set; }
    /// <summary>"|field1|field2|".</summary>
    public required string Fields { get; set; }
    public required string Reason { get; set; }
    public required string GrantedBy { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public string? RevokedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokeReason { get; set; }

    /// <summary>The sharing application this grant answers (null for a provider's raw-field grant).</summary>
    public Guid? ApplicationId { get; set; }
    /// <summary>What the data may be used for (贵州 art.22: not for other purposes).</summary>
    public string? Purpose { get; set; }
    /// <summary>Rows the grantee may read, in the row API's filter syntax ("region=520102&amp;year__gte=2020"); null = all rows.</summary>
    public string? RowFilter { get; set; }
    /// <summary>First and last day of use (China dates, inclusive); null = from the grant / without end.</summary>
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    /// <summary>"api" (row API and downloads) or "file" (sealed extracts, 贵州 art.26).</summary>
    public string Delivery { get; set; } = "api";
    /// <summary>First read or download under the grant: starts the usage report's clock (贵州 art.23(三)).</summary>
    public DateTimeOffset? FirstDeliveredAt { get; set; }

    /// <summary>
    /// A personal grant (贵州 art.31, docs/portal-opening.md): conditionally open data opened to ONE person — a citizen or a
    /// market entity's user — who applied on the portal; <see cref="ApplicationId"/> is then their open-data application.
    /// Only that user reads under it; their organisation gains nothing.
    /// </summary>
    public Guid? GranteeUserId { get; set; }

    public IReadOnlyList<string> FieldList => Fields.Split('|', StringSplitOptions.RemoveEmptyEntries);
    /// <summary>A grant to an organisation answering a sharing application (not a personal grant).</summary>
    public bool IsSharingGrant => ApplicationId is not null && GranteeUserId is null;
    public bool IsPersonal => GranteeUserId is not null;
}

/// <summary>The quality threshold a bureau sets for publication in its division (below it, a person must decide).</summary>
public sealed class QualityThreshold
{
    public required string DivisionCode { get; set; }
    public double Threshold { get; set; }
    public required string SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

internal sealed class DatasetConfig : IEntityTypeConfiguration<Dataset>, IEntityTypeConfiguration<DataVersion>,
    IEntityTypeConfiguration<DataGrant>, IEntityTypeConfiguration<QualityThreshold>
{
    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        b.ToTable("datasets");
        b.HasKey(d => d.EntryId);
        b.HasIndex(d => d.EntryCode).IsUnique();
        b.Property(d => d.EntryCode).HasMaxLength(40);
        b.Property(d => d.ProviderDivisionCode).HasMaxLength(6);
        b.Property(d => d.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<DataVersion> b)
    {
        b.ToTable("data_versions");
        b.HasKey(v => v.Id);
        b.HasIndex(v => new { v.EntryId, v.Number }).IsUnique();
        b.HasIndex(v => v.State);
        b.Property(v => v.EntryCode).HasMaxLength(40);
        b.Property(v => v.Storage).HasMaxLength(60);
        b.Property(v => v.StoreKind).HasMaxLength(10);
        b.Property(v => v.State).HasConversion<string>().HasMaxLength(12);
        b.Property(v => v.Mode).HasConversion<string>().HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<DataGrant> b)
    {
        b.ToTable("data_grants");
        b.HasKey(g => g.Id);
        b.HasIndex(g => new { g.EntryId, g.GranteeOrganisationId });
        b.HasIndex(g => g.ApplicationId);
        b.HasIndex(g => g.GranteeUserId);
        b.Property(g => g.Delivery).HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<QualityThreshold> b)
    {
        b.ToTable("quality_thresholds");
        b.HasKey(t => t.DivisionCode);
        b.Property(t => t.DivisionCode).HasMaxLength(6);
    }
}
