using Shuzhi.Core.Evidence;

namespace Shuzhi.Core.Tests.Evidence;

public sealed class AuditChainVerifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 30, 2, 0, 0, TimeSpan.Zero);

    /// <summary>A well-formed chain of n records, as ShuzhiDb writes it.</summary>
    private static List<StoredAuditRecord> Chain(int n)
    {
        var list = new List<StoredAuditRecord>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= n; i++)
        {
            var details = $"{{\"n\":{i}}}";
            var entry = new AuditEntry(i, T0.AddMinutes(i), $"user{i}", "BureauStaff", "贵州省大数据发展管理局",
                "catalogue.entry.submit", $"catalogue-entry:{i}", Sm3.HashHex(details));
            var hash = AuditChain.Link(previous, entry);
            list.Add(new StoredAuditRecord(entry, details, previous, hash));
            previous = hash;
        }
        return list;
    }

    private static AuditVerification.Broken Broken(AuditVerification v) => Assert.IsType<AuditVerification.Broken>(v);

    [Fact]
    public void An_untouched_chain_is_intact()
    {
        var chain = Chain(10);
        var v = Assert.IsType<AuditVerification.Intact>(AuditChainVerifier.Verify(chain));
        Assert.Equal(10, v.Count);
        Assert.Equal(chain[^1].Hash, v.HeadHash);
    }

    [Fact]
    public void An_empty_log_is_intact() =>
        Assert.Equal(0, Assert.IsType<AuditVerification.Intact>(AuditChainVerifier.Verify([])).Count);

    [Fact]
    public void Changed_action_is_a_record_hash_mismatch_at_that_record()
    {
        var chain = Chain(10);
        chain[4] = chain[4] with { Entry = chain[4].Entry with { Action = "catalogue.entry.delete" } };
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((5, AuditBreakKind.Changed, "record"), (b.Sequence, b.Kind, b.Field));
    }

    [Fact]
    public void Changed_details_are_a_digest_mismatch_at_that_record()
    {
        var chain = Chain(10);
        chain[6] = chain[6] with { Details = "{\"n\":999}" };
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((7, AuditBreakKind.Changed, "details"), (b.Sequence, b.Kind, b.Field));
    }

    [Fact]
    public void Changed_details_with_a_recomputed_digest_still_break_the_record_hash()
    {
        var chain = Chain(10);
        var details = "{\"n\":999}";
        chain[6] = chain[6] with { Details = details, Entry = chain[6].Entry with { ChangeDigest = Sm3.HashHex(details) } };
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((7, AuditBreakKind.Changed, "record"), (b.Sequence, b.Kind, b.Field));
    }

    [Fact]
    public void Changed_instant_breaks_the_record()
    {
        var chain = Chain(5);
        chain[1] = chain[1] with { Entry = chain[1].Entry with { Instant = chain[1].Entry.Instant.AddSeconds(1) } };
        Assert.Equal(2, Broken(AuditChainVerifier.Verify(chain)).Sequence);
    }

    [Fact]
    public void A_removed_middle_record_is_named()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((4, AuditBreakKind.Removed), (b.Sequence, b.Kind));
        Assert.Contains("#4 is missing", b.Reason);
    }

    [Fact]
    public void A_removed_first_record_is_named()
    {
        var chain = Chain(3);
        chain.RemoveAt(0);
        Assert.Equal((1, AuditBreakKind.Removed), (Broken(AuditChainVerifier.Verify(chain)).Sequence, Broken(AuditChainVerifier.Verify(chain)).Kind));
    }

    [Fact]
    public void Two_records_swapped_are_reordered_at_the_first_of_them()
    {
        var chain = Chain(10);
        // Swap the stored positions (sequence numbers) of records 3 and 4.
        var three = chain[2];
        var four = chain[3];
        chain[2] = four with { Entry = four.Entry with { Sequence = 3 } };
        chain[3] = three with { Entry = three.Entry with { Sequence = 4 } };
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((3, AuditBreakKind.Reordered), (b.Sequence, b.Kind));
        Assert.Contains("written as #4", b.Reason);
    }

    [Fact]
    public void A_record_rewritten_with_a_valid_hash_breaks_the_next_link()
    {
        var chain = Chain(10);
        var r = chain[4];
        var entry = r.Entry with { Subject = "catalogue-entry:other" };
        chain[4] = r with { Entry = entry, Hash = AuditChain.Link(r.PreviousHash, entry) };
        var b = Broken(AuditChainVerifier.Verify(chain));
        Assert.Equal((6, AuditBreakKind.Reordered, "previous-hash"), (b.Sequence, b.Kind, b.Field));
    }

    [Fact]
    public void Deleting_the_last_records_is_invisible_without_a_checkpoint_and_caught_with_one()
    {
        var chain = Chain(10);
        var checkpoint = new AuditHeadClaim(10, chain[^1].Hash);
        var truncated = chain.Take(8).ToList();
        Assert.IsType<AuditVerification.Intact>(AuditChainVerifier.Verify(truncated));
        var b = Broken(AuditChainVerifier.Verify(truncated, checkpoint));
        Assert.Equal((9, AuditBreakKind.Truncated), (b.Sequence, b.Kind));
        Assert.Contains("the log ends at #8 but the checkpoint says #10", b.Reason);
    }

    [Fact]
    public void A_log_longer_than_its_checkpoint_is_intact()
    {
        var chain = Chain(10);
        Assert.IsType<AuditVerification.Intact>(AuditChainVerifier.Verify(chain, new AuditHeadClaim(7, chain[6].Hash)));
    }

    [Fact]
    public void A_chain_recomputed_after_a_change_is_caught_by_the_checkpoint()
    {
        var chain = Chain(10);
        var checkpoint = new AuditHeadClaim(10, chain[^1].Hash);
        // The forger changes record 3 and recomputes every hash after it: the chain itself is consistent.
        var previous = chain[1].Hash;
        for (var i = 2; i < chain.Count; i++)
        {
            var entry = i == 2 ? chain[i].Entry with { Actor = "someone-else" } : chain[i].Entry;
            var hash = AuditChain.Link(previous, entry);
            chain[i] = chain[i] with { Entry = entry, PreviousHash = previous, Hash = hash };
            previous = hash;
        }
        Assert.IsType<AuditVerification.Intact>(AuditChainVerifier.Verify(chain));
        var b = Broken(AuditChainVerifier.Verify(chain, checkpoint));
        Assert.Equal((10, "checkpoint"), (b.Sequence, b.Field));
        Assert.Contains("checkpoint does not match record #10", b.Reason);
    }

    [Fact]
    public void Truncation_followed_by_new_records_is_still_caught()
    {
        var chain = Chain(10);
        var checkpoint = new AuditHeadClaim(10, chain[^1].Hash);
        var forged = chain.Take(6).ToList();
        var previous = forged[^1].Hash;
        for (var i = 7; i <= 12; i++)
        {
            var entry = new AuditEntry(i, T0, "x", "r", "o", "a", "s", Sm3.HashHex("{}"));
            var hash = AuditChain.Link(previous, entry);
            forged.Add(new StoredAuditRecord(entry, "{}", previous, hash));
            previous = hash;
        }
        Assert.Equal(10, Broken(AuditChainVerifier.Verify(forged, checkpoint)).Sequence);
    }

    [Fact]
    public void The_first_break_is_reported_when_there_are_several()
    {
        var chain = Chain(10);
        chain[7] = chain[7] with { Details = "x" };
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Role = "PlatformAdmin" } };
        Assert.Equal(3, Broken(AuditChainVerifier.Verify(chain)).Sequence);
    }

    [Fact]
    public void Canonical_encoding_cannot_be_shifted_between_fields()
    {
        var a = new AuditEntry(1, T0, "ab", "c", "o", "x", "s", "d");
        var b = new AuditEntry(1, T0, "a", "bc", "o", "x", "s", "d");
        Assert.NotEqual(AuditChain.Canonical(a), AuditChain.Canonical(b));
    }

    [Fact]
    public void Stored_instants_are_utc_whole_milliseconds()
    {
        var t = new DateTimeOffset(2026, 9, 30, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var s = AuditChain.StoredInstant(t);
        Assert.Equal(TimeSpan.Zero, s.Offset);
        Assert.Equal(0, s.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(t.UtcTicks - 4567, s.UtcTicks);
    }
}
