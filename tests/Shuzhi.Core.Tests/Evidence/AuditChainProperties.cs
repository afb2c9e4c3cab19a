using FsCheck.Xunit;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Core.Tests.Evidence;

/// <summary>Whatever the chain's length and wherever the tampering, the verifier names that record.</summary>
public sealed class AuditChainProperties
{
    private static List<StoredAuditRecord> Chain(int n)
    {
        var list = new List<StoredAuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= n; i++)
        {
            var details = $"{{\"i\":{i}}}";
            var entry = new AuditEntry(i, DateTimeOffset.UnixEpoch.AddDays(i), "u" + i % 3, "BureauStaff", "局", "a.b.c", "s:" + i % 5, Sm3.HashHex(details));
            var hash = AuditChain.Link(previous, entry);
            list.Add(new StoredAuditRecord(entry, details, previous, hash));
            previous = hash;
        }
        return list;
    }

    /// <summary>n in 2..40, k in 1..n-1 (so k is never the last record).</summary>
    private static (List<StoredAuditRecord> Chain, int K) Setup(byte n, byte k)
    {
        var len = 2 + n % 39;
        return (Chain(len), 1 + k % (len - 1));
    }

    [Property(MaxTest = 60)]
    public bool Untouched_chains_are_intact(byte n)
        => AuditChainVerifier.Verify(Chain(n % 40)) is AuditVerification.Intact i && i.Count == n % 40;

    [Property(MaxTest = 60)]
    public bool A_changed_subject_is_named(byte n, byte k)
    {
        var (chain, at) = Setup(n, k);
        chain[at - 1] = chain[at - 1] with { Entry = chain[at - 1].Entry with { Subject = "forged" } };
        return AuditChainVerifier.Verify(chain) is AuditVerification.Broken { Kind: AuditBreakKind.Changed } b && b.Sequence == at;
    }

    [Property(MaxTest = 60)]
    public bool A_removed_record_is_named(byte n, byte k)
    {
        var (chain, at) = Setup(n, k);
        chain.RemoveAt(at - 1);
        return AuditChainVerifier.Verify(chain) is AuditVerification.Broken { Kind: AuditBreakKind.Removed } b && b.Sequence == at;
    }

    [Property(MaxTest = 60)]
    public bool Swapped_neighbours_are_reordered_at_the_first(byte n, byte k)
    {
        var (chain, at) = Setup(n, k);
        var (a, b) = (chain[at - 1], chain[at]);
        chain[at - 1] = b with { Entry = b.Entry with { Sequence = at } };
        chain[at] = a with { Entry = a.Entry with { Sequence = at + 1 } };
        return AuditChainVerifier.Verify(chain) is AuditVerification.Broken { Kind: AuditBreakKind.Reordered } r && r.Sequence == at;
    }

    [Property(MaxTest = 60)]
    public bool Cutting_the_tail_is_truncation_against_the_checkpoint(byte n, byte k)
    {
        var (chain, at) = Setup(n, k);
        var checkpoint = new AuditHeadClaim(chain.Count, chain[^1].Hash);
        var cut = chain.Take(at).ToList();
        return AuditChainVerifier.Verify(cut) is AuditVerification.Intact
            && AuditChainVerifier.Verify(cut, checkpoint) is AuditVerification.Broken { Kind: AuditBreakKind.Truncated } b && b.Sequence == at + 1;
    }
}
