using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>Where a department's annual openable-data plan stands.</summary>
public enum OpenPlanState { Draft, Submitted, Returned }

/// <summary>One dataset a department plans to open in the year (无锡 2023 item 2).</summary>
/// <param name="OpenType">Unconditional (无条件开放) or Conditional (有条件开放).</param>
/// <param name="Month">The planned month of opening, 1–12.</param>
/// <param name="EntryCode">The catalogue entry it will be, when known: progress is matched by it.</param>
public sealed record OpenPlanItem(string Name, string Domain, string OpenType, int Month, string? EntryCode);

/// <summary>A department's annual openable-data plan (年度可开放数据指标), one per department and year.</summary>
public sealed class OpenPlan
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string OrganisationCode { get; set; }
    public required string OrganisationName { get; set; }
    public required string DivisionCode { get; set; }
    public int Year { get; set; }
    public OpenPlanState State { get; set; }
    /// <summary>The items, JSON list of <see cref="OpenPlanItem"/>.</summary>
    public string ItemsJson { get; set; } = "[]";
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ReturnedBy { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnRemark { get; set; }
    public int Version { get; set; }
}

/// <summary>The bureau's thresholds of a small, fragmented open dataset (无锡 2023 item 3: 尽量减少低容量、碎片化数据集的发布).</summary>
public sealed class OpenFlagSettings
{
    public const long DefaultMinRows = 100;
    public const int DefaultMinFields = 3;
    public required string DivisionCode { get; set; }
    public long MinRows { get; set; } = DefaultMinRows;
    public int MinFields { get; set; } = DefaultMinFields;
    public required string SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>What the regular sensitive-field scan (无锡 2023 item 8: 定期开展敏感字段平台核查) found in an open dataset; replaced at each scan.</summary>
public sealed class SensitiveFindingRecord
{
    public Guid Id { get; set; }
    public required string EntryCode { get; set; }
    public required string EntryName { get; set; }
    public required string ProviderName { get; set; }
    public required string ProviderDivisionCode { get; set; }
    public int DataVersion { get; set; }
    public required string Field { get; set; }
    public required string Kind { get; set; }
    public required string Source { get; set; }
    public int Count { get; set; }
    /// <summary>One example, masked (never the value in full).</summary>
    public string? Example { get; set; }
    public DateTimeOffset FoundAt { get; set; }
}

internal sealed class OpenPlanConfig : IEntityTypeConfiguration<OpenPlan>
{
    public void Configure(EntityTypeBuilder<OpenPlan> b)
    {
        b.ToTable("open_plans");
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.OrganisationId, p.Year }).IsUnique();
        b.HasIndex(p => new { p.DivisionCode, p.Year });
        b.Property(p => p.OrganisationCode).HasMaxLength(40);
        b.Property(p => p.OrganisationName).HasMaxLength(200);
        b.Property(p => p.DivisionCode).HasMaxLength(12);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(12);
        b.Property(p => p.UpdatedBy).HasMaxLength(100);
        b.Property(p => p.SubmittedBy).HasMaxLength(100);
        b.Property(p => p.ReturnedBy).HasMaxLength(100);
        b.Property(p => p.ReturnRemark).HasMaxLength(2000);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class OpenFlagSettingsConfig : IEntityTypeConfiguration<OpenFlagSettings>
{
    public void Configure(EntityTypeBuilder<OpenFlagSettings> b)
    {
        b.ToTable("open_flag_settings");
        b.HasKey(s => s.DivisionCode);
        b.Property(s => s.DivisionCode).HasMaxLength(12);
        b.Property(s => s.SetBy).HasMaxLength(100);
    }
}

internal sealed class SensitiveFindingConfig : IEntityTypeConfiguration<SensitiveFindingRecord>
{
    public void Configure(EntityTypeBuilder<SensitiveFindingRecord> b)
    {
        b.ToTable("open_sensitive_findings");
        b.HasKey(f => f.Id);
        b.HasIndex(f => f.EntryCode);
        b.HasIndex(f => f.ProviderDivisionCode);
        b.Property(f => f.EntryCode).HasMaxLength(40);
        b.Property(f => f.EntryName).HasMaxLength(200);
        b.Property(f => f.ProviderName).HasMaxLength(200);
        b.Property(f => f.ProviderDivisionCode).HasMaxLength(12);
        b.Property(f => f.Field).HasMaxLength(200);
        b.Property(f => f.Kind).HasMaxLength(20);
        b.Property(f => f.Source).HasMaxLength(10);
        b.Property(f => f.Example).HasMaxLength(200);
    }
}

/// <summary>Who sees what in the back office: a department its own entries, a bureau its division's (GB/T 2260 prefix, as the quality board).</summary>
public static class BackofficeScope
{
    public static bool IsBureau(Actor a) => !a.IsSystem && Policies.OpenOversight.Allows(a);

    public static string Prefix(Actor a) => QualityOversight.Prefix(a.DivisionCode);

    public static bool Sees(Actor a, Guid providerOrganisationId, string providerDivisionCode) =>
        a.IsSystem || providerOrganisationId == a.OrganisationId
                   || (IsBureau(a) && providerDivisionCode.StartsWith(Prefix(a), StringComparison.Ordinal));
}

/// <summary>One published catalogue entry with its data snapshot, as the back office lists it.</summary>
public sealed record InventoryItem(string Code, string Name, string Domain, OpenType OpenType, Guid ProviderOrganisationId,
    string ProviderCode, string ProviderName, string ProviderDivisionCode, UpdateCycle UpdateCycle, DatasetSnapshot Snapshot)
{
    /// <summary>Open today: <see cref="DatasetAccess.IsOpen"/>, the portal's one rule.</summary>
    public bool IsOpen => DatasetAccess.IsOpen(Snapshot);
    public long Rows => Snapshot.Published?.Rows ?? 0;
    public int Fields => Snapshot.PublishedSchema?.Fields.Count ?? 0;
}

/// <summary>The published, not withdrawn catalogue entries in a scope, with their snapshots (read through <see cref="DatasetDirectory"/>, cached briefly).</summary>
public sealed class OpenInventory(ShuzhiDb db, DatasetDirectory directory)
{
    /// <summary>Entries the actor sees in the back office (<see cref="BackofficeScope"/>).</summary>
    public async Task<IReadOnlyList<InventoryItem>> ListAsync(Actor actor, CancellationToken ct)
    {
        var prefix = BackofficeScope.IsBureau(actor) ? BackofficeScope.Prefix(actor) : null;
        var org = actor.IsSystem || prefix is not null ? (Guid?)null : actor.OrganisationId;
        var rows = await (
            from e in db.Set<CatalogueEntry>().AsNoTracking()
            where e.PublishedVersion != null && e.State != EntryState.Withdrawn
                  && (org == null || e.ProviderOrganisationId == org) && (prefix == null || e.ProviderDivisionCode.StartsWith(prefix))
            join v in db.Set<EntryVersion>().AsNoTracking() on new { e.Id, N = e.PublishedVersion!.Value } equals new { Id = v.EntryId, N = v.Number }
            where v.State != EntryState.Withdrawn
            select new { e.Code, v.Name, v.Domain, v.OpenType, e.ProviderOrganisationId, e.ProviderCode, e.ProviderName, e.ProviderDivisionCode, v.AttributesJson })
            .ToListAsync(ct);
        var list = new List<InventoryItem>(rows.Count);
        foreach (var r in rows)
        {
            if (await directory.GetAsync(r.Code, ct) is not { } s || s.Withdrawn) continue;
            var a = System.Text.Json.JsonSerializer.Deserialize<EntryAttributes>(r.AttributesJson, EntryAttributes.Json)!;
            list.Add(new InventoryItem(r.Code, r.Name, r.Domain, r.OpenType, r.ProviderOrganisationId, r.ProviderCode, r.ProviderName,
                r.ProviderDivisionCode, a.UpdateCycle ?? UpdateCycle.Irregular, s));
        }
        return list.OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
    }
}
