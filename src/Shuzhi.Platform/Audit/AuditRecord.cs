using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Platform.Audit;

/// <summary>
/// One act in the append-only, SM3 hash-chained audit log (evidence; 贵州 art.48).
/// Written only by <see cref="Persistence.ShuzhiDb.SaveChangesAsync(CancellationToken)"/>, in the same
/// transaction as the act it records; never updated or deleted by the platform.
/// </summary>
public sealed class AuditRecord
{
    /// <summary>1, 2, 3, … without gaps.</summary>
    public long Sequence { get; set; }
    public DateTimeOffset Instant { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    public required string Organisation { get; set; }
    /// <summary>What was done, e.g. "catalogue.entry.submit".</summary>
    public required string Action { get; set; }
    /// <summary>On what, e.g. "catalogue-entry:520100-GA-00001".</summary>
    public required string Subject { get; set; }
    /// <summary>Canonical JSON of what changed (may be "{}").</summary>
    public required string Details { get; set; }
    /// <summary>SM3 of <see cref="Details"/>.</summary>
    public required string ChangeDigest { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    public AuditEntry ToEntry() => new(Sequence, Instant, Actor, Role, Organisation, Action, Subject, ChangeDigest);
}

internal sealed class AuditRecordConfig : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.ToTable("audit_records");
        b.HasKey(r => r.Sequence);
        b.Property(r => r.Sequence).ValueGeneratedNever();
        // No index on PreviousHash: the primary key on Sequence already refuses a fork (docs/evidence.md), and an index
        // on a random hash made every append rewrite scattered B-tree pages.
        b.HasIndex(r => r.Subject);
        b.Property(r => r.Hash).HasMaxLength(64);
        b.Property(r => r.PreviousHash).HasMaxLength(64);
        b.Property(r => r.ChangeDigest).HasMaxLength(64);
        b.Property(r => r.Action).HasMaxLength(100);
        b.Property(r => r.Subject).HasMaxLength(300);
    }
}

/// <summary>Told the new head of the chain after each commit that appended to it (the evidence module keeps a signed checkpoint).</summary>
public interface IAuditHeadObserver
{
    void Committed(long sequence, string hash);
}
