using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Shuzhi.Core.Evidence;

/// <summary>
/// SM2 digital signatures (GB/T 32918.2-2016) with SM3, on the recommended curve SM2P256v1, via BouncyCastle.
/// Signatures are DER SEQUENCE { r INTEGER, s INTEGER } (GB/T 35276-2017); the signer's identity Z uses the
/// default user ID "1234567812345678" of GB/T 35276 unless another is given.
/// Keys: private as PKCS#8, public as X.509 SubjectPublicKeyInfo (id-ecPublicKey with the sm2p256v1 OID),
/// the encodings OpenSSL and GmSSL read.
/// </summary>
public static class Sm2
{
    /// <summary>The default signer ID of GB/T 35276-2017 §5.4.</summary>
    public const string DefaultUserId = "1234567812345678";

    /// <summary>The algorithm name used in signature envelopes.</summary>
    public const string Algorithm = "SM2-SM3";

    // BouncyCastle's custom (optimised) implementation of the curve: ~5× faster than the generic Fp arithmetic.
    internal static readonly X9ECParameters Curve = CustomNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1);
    internal static readonly ECNamedDomainParameters Domain = new(GMObjectIdentifiers.sm2p256v1, Curve);

    /// <summary>Key id: the first 16 hex digits of SM3 over the public key's SubjectPublicKeyInfo DER.</summary>
    public static string KeyId(ReadOnlySpan<byte> publicKeyDer) => Sm3.HashHex(publicKeyDer)[..16];

    public static string ToPem(string label, ReadOnlySpan<byte> der) => new(PemEncoding.Write(label, der));

    /// <summary>The DER inside the first PEM block with the given label.</summary>
    public static byte[] FromPem(string pem, string label)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != label)
            throw new FormatException($"not a PEM '{label}' block");
        return Convert.FromBase64String(pem[fields.Base64Data].ToString());
    }
}

/// <summary>An SM2 public key (verification).</summary>
public sealed class Sm2PublicKey
{
    private readonly ECPublicKeyParameters key;

    internal Sm2PublicKey(ECPublicKeyParameters key)
    {
        this.key = key;
        Der = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded();
        KeyId = Sm2.KeyId(Der);
    }

    /// <summary>X.509 SubjectPublicKeyInfo DER.</summary>
    public byte[] Der { get; }
    public string KeyId { get; }
    public string Pem => Sm2.ToPem("PUBLIC KEY", Der);

    public static Sm2PublicKey FromDer(ReadOnlySpan<byte> der)
    {
        AsymmetricKeyParameter k;
        try { k = PublicKeyFactory.CreateKey(der.ToArray()); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new FormatException("not an X.509 SubjectPublicKeyInfo: " + e.Message, e); }
        if (k is not ECPublicKeyParameters ec || !ec.Parameters.Curve.Equals(Sm2.Curve.Curve) || !ec.Parameters.G.Equals(Sm2.Curve.G))
            throw new FormatException("not an SM2 (sm2p256v1) public key");
        return new Sm2PublicKey(new ECPublicKeyParameters("EC", Sm2.Domain.Curve.ImportPoint(ec.Q), Sm2.Domain));
    }

    public static Sm2PublicKey FromPem(string pem) => FromDer(Sm2.FromPem(pem, "PUBLIC KEY"));

    /// <summary>True when <paramref name="signatureDer"/> is a valid SM2-SM3 signature of <paramref name="data"/> by this key. Malformed signatures are simply invalid.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureDer, string userId = Sm2.DefaultUserId)
    {
        try
        {
            var signer = new SM2Signer(new SM3Digest());
            signer.Init(false, new ParametersWithID(key, Encoding.UTF8.GetBytes(userId)));
            signer.BlockUpdate(data);
            return signer.VerifySignature(signatureDer.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or CryptoException or IOException or FormatException)
        {
            return false;
        }
    }
}

/// <summary>An SM2 private key (signing).</summary>
public sealed class Sm2PrivateKey
{
    private readonly ECPrivateKeyParameters key;

    private Sm2PrivateKey(ECPrivateKeyParameters key)
    {
        this.key = key;
        var q = Sm2.Domain.G.Multiply(key.D).Normalize();
        PublicKey = new Sm2PublicKey(new ECPublicKeyParameters("EC", q, Sm2.Domain));
    }

    public Sm2PublicKey PublicKey { get; }

    /// <summary>PKCS#8 PrivateKeyInfo DER. Handle as a secret.</summary>
    public byte[] Der => PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
    public string Pem => Sm2.ToPem("PRIVATE KEY", Der);

    public static Sm2PrivateKey Generate()
    {
        var gen = new ECKeyPairGenerator();
        gen.Init(new ECKeyGenerationParameters(Sm2.Domain, new SecureRandom()));
        return new Sm2PrivateKey((ECPrivateKeyParameters)gen.GenerateKeyPair().Private);
    }

    /// <summary>A key from its secret scalar d (hex), for known-answer tests.</summary>
    public static Sm2PrivateKey FromScalar(string hex)
        => new(new ECPrivateKeyParameters("EC", new BigInteger(hex, 16), Sm2.Domain));

    public static Sm2PrivateKey FromDer(ReadOnlySpan<byte> der)
    {
        AsymmetricKeyParameter k;
        try { k = PrivateKeyFactory.CreateKey(der.ToArray()); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new FormatException("not a PKCS#8 private key: " + e.Message, e); }
        if (k is not ECPrivateKeyParameters ec || !ec.Parameters.Curve.Equals(Sm2.Curve.Curve))
            throw new FormatException("not an SM2 (sm2p256v1) private key");
        return new Sm2PrivateKey(new ECPrivateKeyParameters("EC", ec.D, Sm2.Domain));
    }

    public static Sm2PrivateKey FromPem(string pem) => FromDer(Sm2.FromPem(pem, "PRIVATE KEY"));

    /// <summary>SM2-SM3 signature (DER) of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data, string userId = Sm2.DefaultUserId)
    {
        var signer = new SM2Signer(new SM3Digest());
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(key, new SecureRandom()), Encoding.UTF8.GetBytes(userId)));
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }
}
