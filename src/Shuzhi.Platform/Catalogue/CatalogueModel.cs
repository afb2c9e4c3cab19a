using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Catalogue;

/// <summary>类别: 基础库 / 主题库 / 部门库 (贵州 art.10, 21).</summary>
public enum CatalogueCategory { Base, Thematic, Departmental }

/// <summary>共享类型 (贵州 art.19): 无条件共享 / 有条件共享 / 不予共享.</summary>
public enum ShareType { Unconditional, Conditional, NotShared }

/// <summary>开放类型 (贵州 art.28): 无条件开放 / 有条件开放 / 不予开放.</summary>
public enum OpenType { Unconditional, Conditional, NotOpen }

/// <summary>数据级别 (Data Security Law art.21): 一般 / 重要 / 核心.</summary>
public enum DataGrade { General, Important, Core }

/// <summary>更新周期.</summary>
public enum UpdateCycle { RealTime, Daily, Weekly, Monthly, Quarterly, Yearly, Irregular }

/// <summary>Whom the data is about (贵州 art.14): nobody in particular, natural persons, or organisations.</summary>
public enum SubjectKind { None, NaturalPersons, Organisations }

/// <summary>Type of a data item. IdCardNumber = 居民身份证号码 (GB 11643); CreditCode = 统一社会信用代码 (GB 32100).</summary>
public enum FieldType { String, Integer, Decimal, Date, DateTime, Boolean, Code, IdCardNumber, CreditCode, Text, Binary }

/// <summary>Sensitivity of a data item: 公开 / 内部 / 敏感 / 个人信息.</summary>
public enum Sensitivity { Public, Internal, Sensitive, Personal }

/// <summary>
/// State of an entry (the state of its current version) and of each version. Superseded is a version-only state:
/// a published version replaced by a newer published version.
/// </summary>
public enum EntryState { Draft, Submitted, Returned, Published, Withdrawn, Superseded }

/// <summary>One data item (数据项) of a resource.</summary>
public sealed record FieldSpec
{
    public string? Name { get; init; }
    public FieldType? Type { get; init; }
    public string? Description { get; init; }
    public bool IsIdentifier { get; init; }
    public Sensitivity? Sensitivity { get; init; }
    /// <summary>
    /// 一数一源 (贵州 art.13): the standard data-item code this entry claims to be the authoritative source of,
    /// e.g. "GB11643.身份证号". Empty when the entry is not the authoritative source of the item.
    /// </summary>
    public string? AuthoritativeItem { get; init; }
}

/// <summary>
/// Every attribute of a catalogue entry version (spec 10 §1; 贵州 art.9, 14, 20; 广东 part 六 数源 attributes).
/// Also the input of create/update/import: nullable, so validation can name what is missing.
/// </summary>
public sealed record EntryAttributes
{
    public string? Name { get; init; }
    public string? Summary { get; init; }
    /// <summary>来源业务.</summary>
    public string? SourceBusiness { get; init; }
    /// <summary>来源信息系统.</summary>
    public string? SourceSystem { get; init; }
    public CatalogueCategory? Category { get; init; }
    /// <summary>领域, e.g. 公共安全, 市场监管, 社会保障.</summary>
    public string? Domain { get; init; }
    public List<FieldSpec>? Fields { get; init; }
    public ShareType? ShareType { get; init; }
    /// <summary>Legal basis for conditional or not-shared (贵州 art.20).</summary>
    public string? ShareBasis { get; init; }
    public OpenType? OpenType { get; init; }
    /// <summary>Reason (and basis) for conditional or not-open (贵州 art.28).</summary>
    public string? OpenReason { get; init; }
    public DataGrade? Grade { get; init; }
    /// <summary>使用要求.</summary>
    public string? UsageRequirements { get; init; }
    public UpdateCycle? UpdateCycle { get; init; }
    /// <summary>数据格式, e.g. 数据库表, XLSX, JSON, API.</summary>
    public List<string>? Formats { get; init; }
    /// <summary>质量标准.</summary>
    public string? QualityStandard { get; init; }
    public SubjectKind? SubjectKind { get; init; }
    /// <summary>The name of the identifier field (居民身份证号码 / 统一社会信用代码) when the data is about persons or organisations (贵州 art.14).</summary>
    public string? IdentifierField { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>政务数据资源目录 entry: one data resource of one provider department; its content lives in versions.</summary>
public sealed class CatalogueEntry
{
    public Guid Id { get; set; }
    /// <summary>Provider department code + sequence, e.g. "520000-GA-0001".</summary>
    public required string Code { get; set; }
    public Guid ProviderOrganisationId { get; set; }
    public required string ProviderCode { get; set; }
    public required string ProviderName { get; set; }
    /// <summary>GB/T 2260 division of the provider: its bureau reviews the entry (贵州 art.8).</summary>
    public required string ProviderDivisionCode { get; set; }
    public AdminLevel Level { get; set; }
    /// <summary>The state of the current version.</summary>
    public EntryState State { get; set; }
    /// <summary>The latest version (may be a draft).</summary>
    public int CurrentVersion { get; set; }
    /// <summary>The version served to everyone else (published or, once withdrawn, the withdrawn one).</summary>
    public int? PublishedVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? WithdrawReason { get; set; }
    /// <summary>Optimistic concurrency token: incremented on every change (CatalogueConcurrency.SaveCatalogueAsync).</summary>
    public int Version { get; set; }
}

/// <summary>One state change of a version, kept in its history.</summary>
public sealed record StateChange(EntryState State, DateTimeOffset At, string By, string? Note);

/// <summary>A version of an entry. Every version is kept. The attributes are a JSON document, with searchable columns beside it.</summary>
public sealed class EntryVersion
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public int Number { get; set; }
    public EntryState State { get; set; }
    public required string Name { get; set; }
    public required string Summary { get; set; }
    public CatalogueCategory Category { get; set; }
    public required string Domain { get; set; }
    public ShareType ShareType { get; set; }
    public OpenType OpenType { get; set; }
    public DataGrade Grade { get; set; }
    /// <summary>Lower-cased code, name, summary and field names, for substring search (works for Chinese).</summary>
    public required string SearchText { get; set; }
    /// <summary>"|item1|item2|": the standard data items this version claims to be the authoritative source of.</summary>
    public required string AuthoritativeItems { get; set; }
    public required string AttributesJson { get; set; }
    public required string HistoryJson { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    /// <summary>"approved" or "returned".</summary>
    public string? ReviewDecision { get; set; }
    public string? ReviewReasons { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    public EntryAttributes Attributes => JsonSerializer.Deserialize<EntryAttributes>(AttributesJson, EntryAttributes.Json)!;
    public List<StateChange> History => JsonSerializer.Deserialize<List<StateChange>>(HistoryJson, EntryAttributes.Json)!;

    public void AddHistory(EntryState state, DateTimeOffset at, string by, string? note)
    {
        var h = History;
        h.Add(new StateChange(state, at, by, note));
        HistoryJson = JsonSerializer.Serialize(h, EntryAttributes.Json);
        State = state;
    }

    public void SetAttributes(string code, EntryAttributes a)
    {
        AttributesJson = JsonSerializer.Serialize(a, EntryAttributes.Json);
        Name = a.Name!;
        Summary = a.Summary ?? "";
        Category = a.Category!.Value;
        Domain = a.Domain!;
        ShareType = a.ShareType!.Value;
        OpenType = a.OpenType!.Value;
        Grade = a.Grade!.Value;
        SearchText = string.Join("\n", new[] { code, a.Name, a.Summary, a.Domain }.Concat((a.Fields ?? []).Select(f => f.Name))).ToLowerInvariant();
        var items = (a.Fields ?? []).Select(f => f.AuthoritativeItem).Where(i => !string.IsNullOrEmpty(i)).Distinct().ToList();
        AuthoritativeItems = items.Count == 0 ? "" : "|" + string.Join("|", items) + "|";
    }
}

/// <summary>A registered change in law or function that obliges the department to update entries within 10 working days (贵州 art.9).</summary>
public sealed class CatalogueChange
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string OrganisationCode { get; set; }
    public required string DivisionCode { get; set; }
    /// <summary>"Law" (法律法规修订), "Function" (行政管理职能变化) or "Reassessment" (共享类型评估转为无条件共享, 贵州 art.20 ¶2).</summary>
    public required string Kind { get; set; }
    public DateOnly ChangeDate { get; set; }
    public required string Description { get; set; }
    public required string RegisteredBy { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public Guid? CaseId { get; set; }
    public string? CaseNumber { get; set; }
    /// <summary>"Open" until every affected entry has been submitted, then "Completed".</summary>
    public required string State { get; set; }
    public bool Extended { get; set; }
    public string? ExtensionReason { get; set; }
    public string? ExtendedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>Optimistic concurrency token: incremented on every change (CatalogueConcurrency.SaveCatalogueAsync).</summary>
    public int Version { get; set; }
}

/// <summary>An entry affected by a registered change; done when the updated entry is submitted.</summary>
public sealed class CatalogueChangeEntry
{
    public Guid Id { get; set; }
    public Guid ChangeId { get; set; }
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
}

/// <summary>一数一源 (贵州 art.13): two departments claim to be the authoritative source of the same data item.</summary>
public sealed class SourceConflict
{
    public Guid Id { get; set; }
    public required string ItemCode { get; set; }
    /// <summary>The entry whose submission raised the conflict.</summary>
    public Guid EntryId { get; set; }
    public required string EntryCode { get; set; }
    /// <summary>The entry that already claimed the item.</summary>
    public Guid OtherEntryId { get; set; }
    public required string OtherEntryCode { get; set; }
    /// <summary>The bureau that decides.</summary>
    public Guid BureauOrganisationId { get; set; }
    /// <summary>"Open" or "Decided".</summary>
    public required string State { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public Guid? CaseId { get; set; }
    public string? CaseNumber { get; set; }
    public string? AuthoritativeEntryCode { get; set; }
    public string? DecisionReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>Optimistic concurrency token: incremented on every change (CatalogueConcurrency.SaveCatalogueAsync).</summary>
    public int Version { get; set; }
}

internal sealed class CatalogueEntryConfig : IEntityTypeConfiguration<CatalogueEntry>
{
    public void Configure(EntityTypeBuilder<CatalogueEntry> b)
    {
        b.ToTable("catalogue_entries");
        b.HasIndex(e => e.Code).IsUnique();
        b.HasIndex(e => e.ProviderOrganisationId);
        b.Property(e => e.Code).HasMaxLength(64);
        b.Property(e => e.ProviderCode).HasMaxLength(64);
        b.Property(e => e.ProviderName).HasMaxLength(200);
        b.Property(e => e.ProviderDivisionCode).HasMaxLength(12);
        b.Property(e => e.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.WithdrawReason).HasMaxLength(1000);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.ProviderOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EntryVersionConfig : IEntityTypeConfiguration<EntryVersion>
{
    public void Configure(EntityTypeBuilder<EntryVersion> b)
    {
        b.ToTable("catalogue_entry_versions");
        b.HasIndex(v => new { v.EntryId, v.Number }).IsUnique();
        b.HasOne<CatalogueEntry>().WithMany().HasForeignKey(v => v.EntryId).OnDelete(DeleteBehavior.Cascade);
        b.Property(v => v.State).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Category).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.ShareType).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.OpenType).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Grade).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.Name).HasMaxLength(200);
        b.Property(v => v.Summary).HasMaxLength(2000);
        b.Property(v => v.Domain).HasMaxLength(50);
        b.Property(v => v.CreatedBy).HasMaxLength(64);
        b.Property(v => v.SubmittedBy).HasMaxLength(64);
        b.Property(v => v.ReviewedBy).HasMaxLength(64);
        b.Property(v => v.ReviewDecision).HasMaxLength(16);
        b.Property(v => v.ReviewReasons).HasMaxLength(2000);
        b.Ignore(v => v.Attributes);
        b.Ignore(v => v.History);
    }
}

internal sealed class CatalogueChangeConfig : IEntityTypeConfiguration<CatalogueChange>
{
    public void Configure(EntityTypeBuilder<CatalogueChange> b)
    {
        b.ToTable("catalogue_changes");
        b.Property(c => c.OrganisationCode).HasMaxLength(64);
        b.Property(c => c.DivisionCode).HasMaxLength(12);
        b.Property(c => c.Kind).HasMaxLength(16);
        b.Property(c => c.Description).HasMaxLength(2000);
        b.Property(c => c.RegisteredBy).HasMaxLength(64);
        b.Property(c => c.CaseNumber).HasMaxLength(64);
        b.Property(c => c.State).HasMaxLength(16);
        b.Property(c => c.ExtensionReason).HasMaxLength(1000);
        b.Property(c => c.ExtendedBy).HasMaxLength(64);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CatalogueChangeEntryConfig : IEntityTypeConfiguration<CatalogueChangeEntry>
{
    public void Configure(EntityTypeBuilder<CatalogueChangeEntry> b)
    {
        b.ToTable("catalogue_change_entries");
        b.HasIndex(c => new { c.ChangeId, c.EntryId }).IsUnique();
        b.HasIndex(c => c.EntryId);
        b.Property(c => c.EntryCode).HasMaxLength(64);
        b.HasOne<CatalogueChange>().WithMany().HasForeignKey(c => c.ChangeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CatalogueEntry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SourceConflictConfig : IEntityTypeConfiguration<SourceConflict>
{
    public void Configure(EntityTypeBuilder<SourceConflict> b)
    {
        b.ToTable("catalogue_source_conflicts");
        b.Property(c => c.ItemCode).HasMaxLength(100);
        b.Property(c => c.EntryCode).HasMaxLength(64);
        b.Property(c => c.OtherEntryCode).HasMaxLength(64);
        b.Property(c => c.State).HasMaxLength(16);
        b.Property(c => c.CaseNumber).HasMaxLength(64);
        b.Property(c => c.AuthoritativeEntryCode).HasMaxLength(64);
        b.Property(c => c.DecisionReason).HasMaxLength(1000);
        b.Property(c => c.DecidedBy).HasMaxLength(64);
        b.Property(c => c.Version).IsConcurrencyToken();
        // One conflict (and one case) per item and pair of entries, even when a submission is sent twice at once.
        b.HasIndex(c => new { c.ItemCode, c.EntryId, c.OtherEntryId }).IsUnique();
        b.HasOne<CatalogueEntry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueEntry>().WithMany().HasForeignKey(c => c.OtherEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}
