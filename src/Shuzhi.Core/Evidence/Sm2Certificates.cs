using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Shuzhi.Core.Evidence;

/// <summary>
/// X.509 v3 certificates for SM2 keys, signed SM3withSM2 (GM/T 0015-2012 profile, OID 1.2.156.10197.1.501), via
/// BouncyCastle: a self-signed seal root, and seal certificates it issues to providing departments (贵州 art.26).
/// Pure: DER in, DER out; where the keys live is the platform's concern.
/// </summary>
public static class Sm2Certificates
{
    public const string SignatureAlgorithm = "SM3WITHSM2";

    /// <summary>A self-signed CA certificate for <paramref name="key"/> (basicConstraints CA, keyCertSign).</summary>
    public static byte[] IssueRoot(Sm2PrivateKey key, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var name = Name(["C", "O", "CN"], ["CN", "数治 Shuzhi", commonName]);
        var g = Generator(name, name, key.PublicKey, notBefore, notAfter);
        g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        g.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        return g.Generate(Signer(key)).GetEncoded();
    }

    /// <summary>
    /// A department's seal certificate issued by the root: subject C=CN, O={organisation name}, OU={organisation code},
    /// CN={organisation name} 数据共享电子印章; end entity (not a CA), digitalSignature and nonRepudiation.
    /// </summary>
    public static byte[] IssueSeal(Sm2PrivateKey rootKey, ReadOnlySpan<byte> rootDer, Sm2PublicKey subjectKey,
        string organisationCode, string organisationName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var root = Parse(rootDer);
        var subject = Name(["C", "O", "OU", "CN"], ["CN", organisationName, organisationCode, organisationName + " 数据共享电子印章"]);
        var g = Generator(root.SubjectDN, subject, subjectKey, notBefore, notAfter);
        g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        g.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return g.Generate(Signer(rootKey)).GetEncoded();
    }

    /// <summary>A parsed certificate. Throws <see cref="FormatException"/> for anything that is not one X.509 certificate.</summary>
    public static X509Certificate Parse(ReadOnlySpan<byte> der)
    {
        try
        {
            var cert = new X509Certificate(der.ToArray());
            _ = cert.GetPublicKey();
            return cert;
        }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new FormatException("not an X.509 certificate: " + e.Message, e); }
    }

    /// <summary>The SM2 public key in the certificate, or a <see cref="FormatException"/> when it holds another kind of key.</summary>
    public static Sm2PublicKey PublicKey(X509Certificate cert) =>
        Sm2PublicKey.FromDer(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(cert.GetPublicKey()).GetDerEncoded());

    /// <summary>True when <paramref name="cert"/> names <paramref name="issuer"/> as its issuer and carries a valid signature by its key.</summary>
    public static bool IssuedBy(X509Certificate cert, X509Certificate issuer)
    {
        if (!cert.IssuerDN.Equivalent(issuer.SubjectDN, inOrder: true)) return false;
        try
        {
            cert.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException) { return false; }
    }

    /// <summary>The first value of a subject attribute (C, O, OU, CN), or null.</summary>
    public static string? SubjectValue(X509Certificate cert, string attribute)
    {
        var values = cert.SubjectDN.GetValueList(Oid(attribute));
        return values.Count > 0 ? values[0] : null;
    }

    /// <summary>Lower-case hex SM3 of the certificate's DER: how the seal's signed bytes name the certificate.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> der) => Sm3.HashHex(der);

    public static string ToPem(ReadOnlySpan<byte> der) => Sm2.ToPem("CERTIFICATE", der);
    public static byte[] FromPem(string pem) => Sm2.FromPem(pem, "CERTIFICATE");

    private static X509V3CertificateGenerator Generator(X509Name issuer, X509Name subject, Sm2PublicKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var g = new X509V3CertificateGenerator();
        // A positive random 127-bit serial (RFC 5280 §4.1.2.2: unique per issuer, at most 20 octets).
        g.SetSerialNumber(new BigInteger(127, new SecureRandom()).Add(BigInteger.One));
        g.SetIssuerDN(issuer);
        g.SetSubjectDN(subject);
        g.SetNotBefore(notBefore.UtcDateTime);
        g.SetNotAfter(notAfter.UtcDateTime);
        g.SetPublicKey(PublicKeyFactory.CreateKey(key.Der));
        return g;
    }

    private static Asn1SignatureFactory Signer(Sm2PrivateKey key) =>
        new(SignatureAlgorithm, (AsymmetricKeyParameter)PrivateKeyFactory.CreateKey(key.Der), new SecureRandom());

    private static X509Name Name(string[] attributes, string[] values) =>
        new(attributes.Select(Oid).ToList(), values.ToList());

    private static DerObjectIdentifier Oid(string attribute) => attribute switch
    {
        "C" => X509Name.C,
        "O" => X509Name.O,
        "OU" => X509Name.OU,
        "CN" => X509Name.CN,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "C, O, OU or CN"),
    };
}
