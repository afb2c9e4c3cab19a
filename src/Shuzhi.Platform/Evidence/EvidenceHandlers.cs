using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Evidence;

/// <summary>The result of walking the audit chain, for the CLI, the API and the /audit page.</summary>
public sealed record AuditChainReport(
    bool Intact,
    long Count,
    long HeadSequence,
    string? HeadHash,
    long? BrokenAt,
    /// <summary>changed, removed, reordered, truncated — or "checkpoint" when only the checkpoint file is bad.</summary>
    string? Kind,
    string? Field,
    string? Reason,
    string CheckpointStatus,
    long? CheckpointSequence,
    string CheckpointDetail,
    string Message);

/// <summary>Walks the whole audit chain (and the signed head checkpoint) and names the first broken record.</summary>
public sealed class VerifyAuditChain(ShuzhiDb db, AuditCheckpointStore checkpoints)
{
    public async Task<AuditChainReport> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.AuditRead);
        // The checkpoint first: it is written after each commit, so every record it claims is already in the database.
        var cp = checkpoints.Read();
        var claim = cp.IsValid ? new AuditHeadClaim(cp.Checkpoint!.Sequence, cp.Checkpoint.Hash) : null;
        var verifier = new AuditChainVerifier(claim);
        await foreach (var r in db.Set<AuditRecord>().AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
            if (!verifier.Add(new StoredAuditRecord(r.ToEntry(), r.Details, r.PreviousHash, r.Hash))) break;
        var v = verifier.Finish();

        return v switch
        {
            AuditVerification.Broken b => new AuditChainReport(false, 0, 0, null, b.Sequence, b.Kind.ToString().ToLowerInvariant(), b.Field, b.Reason,
                cp.Status, cp.Checkpoint?.Sequence, cp.Detail,
                $"audit log BROKEN at record #{b.Sequence} ({b.Kind.ToString().ToLowerInvariant()}): {b.Reason}"),
            AuditVerification.Intact i when cp.Status == "invalid" => new AuditChainReport(false, i.Count, i.HeadSequence, i.HeadHash, null, "checkpoint", "checkpoint",
                cp.Detail, cp.Status, cp.Checkpoint?.Sequence, cp.Detail,
                $"audit log checkpoint INVALID: {cp.Detail} (the chain itself has {i.Count} consistent records, head {i.HeadHash})"),
            AuditVerification.Intact i => new AuditChainReport(true, i.Count, i.HeadSequence, i.HeadHash, null, null, null, null,
                cp.Status, cp.Checkpoint?.Sequence, cp.Detail,
                $"audit log intact: {i.Count} records, head {i.HeadHash}"
                + (cp.IsValid ? $" (checkpoint #{cp.Checkpoint!.Sequence} matches)" : " (no checkpoint: deletion of the last records cannot be detected here)")),
            _ => throw new InvalidOperationException(),
        };
    }
}

/// <summary>Reads the audit log, newest first (keyset pagination by sequence).</summary>
public sealed class ListAuditRecords(ShuzhiDb db)
{
    public sealed record Query(string? Subject = null, string? Action = null, int? Limit = null, long? Before = null);

    public sealed record Item(long Sequence, DateTimeOffset Instant, string Actor, string Role, string Organisation, string Action,
        string Subject, string Details, string ChangeDigest, string PreviousHash, string Hash);

    public sealed record Page(IReadOnlyList<Item> Items, long? NextBefore);

    public const int MaxLimit = 500;

    public async Task<Page> Handle(Actor actor, Query q, CancellationToken ct)
    {
        new Validator()
            .Require(q.Limit is null or (>= 1 and <= MaxLimit), "limit", "range", $"limit must be between 1 and {MaxLimit}")
            .Require(q.Before is null or >= 1, "before", "range", "before must be a sequence number ≥ 1")
            .MaxLength(q.Subject, 300, "subject")
            .MaxLength(q.Action, 100, "action")
            .ThrowIfAny();
        actor.Require(Policies.AuditRead);
        var limit = q.Limit ?? 50;
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Subject)) query = query.Where(r => r.Subject == q.Subject);
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(r => r.Action == q.Action);
        if (q.Before is { } before) query = query.Where(r => r.Sequence < before);
        var items = await query.OrderByDescending(r => r.Sequence).Take(limit + 1)
            .Select(r => new Item(r.Sequence, r.Instant, r.Actor, r.Role, r.Organisation, r.Action, r.Subject, r.Details, r.ChangeDigest, r.PreviousHash, r.Hash))
            .ToListAsync(ct);
        var more = items.Count > limit;
        if (more) items.RemoveAt(items.Count - 1);
        return new Page(items, more ? items[^1].Sequence : null);
    }
}

/// <summary>The platform's signing keys (public parts) with their status.</summary>
public sealed class ListSigningKeys(SigningKeys keys)
{
    public IReadOnlyList<SigningKeyInfo> Handle(Actor actor)
    {
        actor.Require(Policies.SignedIn);
        return keys.List();
    }
}

/// <summary>Key rotation: a new SM2 key becomes active, the old one is retired (kept for verification). Audited.</summary>
public sealed class RotateSigningKey(ShuzhiDb db, SigningKeys keys)
{
    public sealed record Result(string ActiveKeyId, string RetiredKeyId);

    public async Task<Result> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.Administer);
        var old = keys.Active.KeyId;
        var key = keys.Prepare();
        try
        {
            db.Audit(actor, "evidence.key.rotate", $"signing-key:{key.PublicKey.KeyId}", new { activated = key.PublicKey.KeyId, retired = old });
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            keys.Discard(key);
            throw;
        }
        keys.Activate(key);
        return new Result(key.PublicKey.KeyId, old);
    }
}

/// <summary>Signs a document (detached SM2 signature envelope). Audited: which digest was signed with which key.</summary>
public sealed class SignDocument(ShuzhiDb db, SignatureService signatures)
{
    public async Task<SignatureEnvelope> Handle(Actor actor, string name, Stream content, CancellationToken ct)
    {
        actor.Require(Policies.Administer);
        var envelope = signatures.Sign(content);
        db.Audit(actor, "evidence.signature.create", $"sm3:{envelope.Digest}", new { name, envelope.KeyId, envelope.SignedAt });
        await db.SaveChangesAsync(ct);
        return envelope;
    }
}

/// <summary>Checks a detached signature against the data, with any key the platform has had.</summary>
public sealed class VerifyDocument(SignatureService signatures)
{
    public SignatureCheck Handle(Actor actor, Stream content, SignatureEnvelope? envelope)
    {
        new Validator()
            .Require(envelope is not null, "envelope", "required", "the signature envelope is required")
            .Require(envelope is null || !string.IsNullOrEmpty(envelope.Signature), "envelope.signature", "required", "the envelope has no signature")
            .Require(envelope is null || !string.IsNullOrEmpty(envelope.Digest), "envelope.digest", "required", "the envelope has no digest")
            .ThrowIfAny();
        actor.Require(Policies.SignedIn);
        return signatures.Verify(content, envelope!);
    }
}
