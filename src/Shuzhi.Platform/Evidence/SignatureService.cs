using System.Globalization;
using System.Text;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Platform.Evidence;

/// <summary>
/// A detached SM2 signature over some bytes, as JSON: which algorithm, which key, the SM3 digest of the bytes,
/// the signature (base64 DER) and when it was made. The signature covers the statement
/// "shuzhi-signature/1 | algorithm | keyId | digest | signedAt", so none of these can be changed either.
/// </summary>
public sealed record SignatureEnvelope(string Algorithm, string KeyId, string Digest, string Signature, DateTimeOffset SignedAt);

/// <summary>The outcome of checking a signature: valid or not, by which key, and why not.</summary>
public sealed record SignatureCheck(bool Valid, string? KeyId, string Reason);

/// <summary>Signs with the active key; verifies with any key the platform has had (active or retired).</summary>
public sealed class SignatureService(SigningKeys keys, TimeProvider clock)
{
    public SignatureEnvelope Sign(ReadOnlySpan<byte> data) => SignDigest(Sm3.HashHex(data));

    public SignatureEnvelope Sign(Stream data) => SignDigest(Convert.ToHexStringLower(HashStream(data)));

    /// <summary>Signs an SM3 digest (lower-case hex) of data hashed elsewhere.</summary>
    public SignatureEnvelope SignDigest(string digestHex)
    {
        var (keyId, key) = keys.Active;
        var now = clock.GetUtcNow().ToUniversalTime();
        var signedAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var statement = Statement(Sm2.Algorithm, keyId, digestHex, signedAt);
        return new SignatureEnvelope(Sm2.Algorithm, keyId, digestHex, Convert.ToBase64String(key.Sign(statement)), signedAt);
    }

    public SignatureCheck Verify(ReadOnlySpan<byte> data, SignatureEnvelope envelope) => VerifyDigest(Sm3.HashHex(data), envelope);

    public SignatureCheck Verify(Stream data, SignatureEnvelope envelope) => VerifyDigest(Convert.ToHexStringLower(HashStream(data)), envelope);

    public SignatureCheck VerifyDigest(string digestHex, SignatureEnvelope envelope)
    {
        if (envelope.Algorithm != Sm2.Algorithm)
            return new(false, envelope.KeyId, $"unsupported algorithm '{envelope.Algorithm}' (expected {Sm2.Algorithm})");
        if (!string.Equals(envelope.Digest, digestHex, StringComparison.OrdinalIgnoreCase))
            return new(false, envelope.KeyId, "the data does not match the signed SM3 digest: it was changed");
        var key = string.IsNullOrEmpty(envelope.KeyId) ? null : keys.Find(envelope.KeyId);
        if (key is null)
            return new(false, envelope.KeyId, $"unknown signing key '{envelope.KeyId}'");
        byte[] sig;
        try { sig = Convert.FromBase64String(envelope.Signature ?? ""); }
        catch (FormatException) { return new(false, envelope.KeyId, "the signature is not base64"); }
        var ok = key.Verify(Statement(envelope.Algorithm, envelope.KeyId, envelope.Digest.ToLowerInvariant(), envelope.SignedAt), sig);
        return ok
            ? new(true, envelope.KeyId, $"valid SM2 signature by key {envelope.KeyId}")
            : new(false, envelope.KeyId, "the signature does not verify: the envelope was changed or made with another key");
    }

    internal static byte[] Statement(string algorithm, string keyId, string digest, DateTimeOffset signedAt)
        => Encoding.UTF8.GetBytes(string.Join('|', "shuzhi-signature/1", algorithm, keyId, digest,
            signedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    private static byte[] HashStream(Stream s)
    {
        var d = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        var buffer = new byte[81920];
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0) d.BlockUpdate(buffer, 0, n);
        var result = new byte[d.GetDigestSize()];
        d.DoFinal(result, 0);
        return result;
    }
}
