using System.Text;

namespace Shuzhi.Core.Evidence;

/// <summary>The fields of one audit record that the chain protects.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Instant,
    string Actor,
    string Role,
    string Organisation,
    string Action,
    string Subject,
    string ChangeDigest);

/// <summary>
/// The hash chain of the audit log: hash(n) = SM3(hash(n-1) ‖ canonical(entry n)).
/// Any changed, removed or reordered record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first record.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Canonical(AuditEntry e)
    {
        // Unit separator between fields; instants as UTC ticks so the text is independent of culture and offset.
        var sb = new StringBuilder();
        sb.Append(e.Sequence).Append('\u001f')
          .Append(e.Instant.UtcTicks).Append('\u001f')
          .Append(e.Actor).Append('\u001f')
          .Append(e.Role).Append('\u001f')
          .Append(e.Organisation).Append('\u001f')
          .Append(e.Action).Append('\u001f')
          .Append(e.Subject).Append('\u001f')
          .Append(e.ChangeDigest);
        return sb.ToString();
    }

    public static string Link(string previousHash, AuditEntry e) => Sm3.HashHex(previousHash + "\u001e" + Canonical(e));
}
