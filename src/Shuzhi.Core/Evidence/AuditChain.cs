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

    /// <summary>
    /// The text that is hashed. Each field is written as <c>length:value</c> so the encoding is injective:
    /// no choice of field values (even ones containing separators) can produce the text of another record.
    /// Instants are UTC ticks, independent of culture and offset.
    /// </summary>
    public static string Canonical(AuditEntry e)
    {
        var sb = new StringBuilder("shuzhi-audit/1");
        void Field(string value) => sb.Append('|').Append(value.Length).Append(':').Append(value);
        Field(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(e.Instant.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field(e.Actor);
        Field(e.Role);
        Field(e.Organisation);
        Field(e.Action);
        Field(e.Subject);
        Field(e.ChangeDigest);
        return sb.ToString();
    }

    public static string Link(string previousHash, AuditEntry e) => Sm3.HashHex(previousHash + "\u001e" + Canonical(e));

    /// <summary>
    /// The instant as it is stored: UTC, truncated to whole milliseconds. Both databases keep at least that
    /// precision (PostgreSQL microseconds, the SQLite converter 0.1 ms), so the hash computed before saving
    /// equals the hash recomputed from what is read back.
    /// </summary>
    public static DateTimeOffset StoredInstant(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }
}
