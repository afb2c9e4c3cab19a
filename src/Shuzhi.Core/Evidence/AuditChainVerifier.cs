namespace Shuzhi.Core.Evidence;

/// <summary>One audit record as it is stored: the hashed fields, the details text, and the two chain hashes.</summary>
public sealed record StoredAuditRecord(AuditEntry Entry, string Details, string PreviousHash, string Hash)
{
    public long Sequence => Entry.Sequence;
}

/// <summary>A claim kept outside the database: "the log had at least <see cref="Sequence"/> records, the last with this hash".</summary>
public sealed record AuditHeadClaim(long Sequence, string Hash);

/// <summary>How the chain is broken.</summary>
public enum AuditBreakKind
{
    /// <summary>A record's contents no longer match its hash or its details digest.</summary>
    Changed,
    /// <summary>A sequence number is missing.</summary>
    Removed,
    /// <summary>A record is out of place: it was written at another position, or its link points to another predecessor.</summary>
    Reordered,
    /// <summary>The log is shorter than the head checkpoint says.</summary>
    Truncated,
}

/// <summary>The outcome of walking the chain.</summary>
public abstract record AuditVerification
{
    private AuditVerification() { }

    public sealed record Intact(long Count, long HeadSequence, string HeadHash) : AuditVerification;

    /// <param name="Sequence">The first record that is wrong (for <see cref="AuditBreakKind.Removed"/> and
    /// <see cref="AuditBreakKind.Truncated"/>: the first record that is missing).</param>
    /// <param name="Field">What did not match: "details" (details vs their digest), "record" (fields vs record hash),
    /// "sequence", "previous-hash", "checkpoint".</param>
    public sealed record Broken(long Sequence, AuditBreakKind Kind, string Field, string Reason) : AuditVerification;
}

/// <summary>
/// Walks the audit chain in stored order (ascending sequence) and reports the first record that breaks it.
/// Streaming: feed records with <see cref="Add"/> until it returns false, then call <see cref="Finish"/>.
///
/// A chain alone cannot reveal that its LAST records were deleted (what is left is a valid, shorter chain),
/// nor a rewrite that recomputed every hash after the change. An <see cref="AuditHeadClaim"/> kept outside the
/// database closes both: the log must reach the claimed sequence, and that record must carry the claimed hash.
/// </summary>
public sealed class AuditChainVerifier(AuditHeadClaim? checkpoint = null)
{
    /// <summary>How far from its position a misplaced record is searched for its original sequence.</summary>
    private const int ReorderSearchWindow = 1000;

    private long count;
    private long lastSequence;
    private string lastHash = AuditChain.Genesis;
    private AuditVerification.Broken? broken;

    /// <summary>Checks the next record; false once the chain is found broken (further records are ignored).</summary>
    public bool Add(StoredAuditRecord r)
    {
        if (broken is not null) return false;
        var expected = lastSequence + 1;
        if (r.Sequence > expected)
            return Break(expected, AuditBreakKind.Removed, "sequence",
                r.Sequence == expected + 1
                    ? $"record #{expected} is missing (the log jumps from #{lastSequence} to #{r.Sequence})"
                    : $"records #{expected}–#{r.Sequence - 1} are missing (the log jumps from #{lastSequence} to #{r.Sequence})");
        if (r.Sequence < expected)
            return Break(r.Sequence, AuditBreakKind.Reordered, "sequence",
                $"record #{r.Sequence} appears after #{lastSequence}: records are not in sequence order");

        if (!string.Equals(Sm3.HashHex(r.Details), r.Entry.ChangeDigest, StringComparison.OrdinalIgnoreCase))
            return Break(r.Sequence, AuditBreakKind.Changed, "details",
                $"record #{r.Sequence} was changed: its details do not match their SM3 digest");

        if (!string.Equals(AuditChain.Link(r.PreviousHash, r.Entry), r.Hash, StringComparison.OrdinalIgnoreCase))
        {
            var original = WrittenAs(r);
            return original is { } s
                ? Break(r.Sequence, AuditBreakKind.Reordered, "sequence",
                    $"the record stored as #{r.Sequence} was written as #{s}: records were moved")
                : Break(r.Sequence, AuditBreakKind.Changed, "record",
                    $"record #{r.Sequence} was changed: its fields (actor, role, organisation, action, subject, instant or digest) do not match its hash");
        }

        if (!string.Equals(r.PreviousHash, lastHash, StringComparison.OrdinalIgnoreCase))
            return Break(r.Sequence, AuditBreakKind.Reordered, "previous-hash",
                lastSequence == 0
                    ? $"record #{r.Sequence} does not start the chain: its previous-hash link is not the genesis value"
                    : $"record #{r.Sequence} does not follow record #{lastSequence}: its previous-hash link points elsewhere (records reordered, or #{lastSequence} rewritten)");

        if (checkpoint is not null && r.Sequence == checkpoint.Sequence
            && !string.Equals(r.Hash, checkpoint.Hash, StringComparison.OrdinalIgnoreCase))
            return Break(r.Sequence, AuditBreakKind.Changed, "checkpoint",
                $"checkpoint does not match record #{r.Sequence}: the log was rewritten at or before #{r.Sequence}");

        count++;
        lastSequence = r.Sequence;
        lastHash = r.Hash;
        return true;
    }

    public AuditVerification Finish()
    {
        if (broken is not null) return broken;
        if (checkpoint is not null && lastSequence < checkpoint.Sequence)
            return new AuditVerification.Broken(lastSequence + 1, AuditBreakKind.Truncated, "checkpoint",
                $"truncated: the log ends at #{lastSequence} but the checkpoint says #{checkpoint.Sequence}");
        return new AuditVerification.Intact(count, lastSequence, lastHash);
    }

    /// <summary>Verifies a whole log at once.</summary>
    public static AuditVerification Verify(IEnumerable<StoredAuditRecord> records, AuditHeadClaim? checkpoint = null)
    {
        var v = new AuditChainVerifier(checkpoint);
        foreach (var r in records)
            if (!v.Add(r)) break;
        return v.Finish();
    }

    private bool Break(long sequence, AuditBreakKind kind, string field, string reason)
    {
        broken = new AuditVerification.Broken(sequence, kind, field, reason);
        return false;
    }

    /// <summary>An intact record stored at the wrong position still hashes correctly with its original sequence.</summary>
    private static long? WrittenAs(StoredAuditRecord r)
    {
        for (var d = 1; d <= ReorderSearchWindow; d++)
        {
            foreach (var s in new[] { r.Sequence + d, r.Sequence - d })
            {
                if (s < 1) continue;
                if (string.Equals(AuditChain.Link(r.PreviousHash, r.Entry with { Sequence = s }), r.Hash, StringComparison.OrdinalIgnoreCase))
                    return s;
            }
        }
        return null;
    }
}
