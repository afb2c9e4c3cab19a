using System.Formats.Asn1;
using System.Numerics;
using System.Text;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Core.Tests.Evidence;

public sealed class Sm2Tests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("贵州省政务数据资源管理办法 第四十八条");

    [Fact]
    public void Signature_made_with_a_key_verifies_with_its_public_key()
    {
        var key = Sm2PrivateKey.Generate();
        var sig = key.Sign(Data);
        Assert.True(key.PublicKey.Verify(Data, sig));
    }

    [Fact]
    public void Changed_data_does_not_verify()
    {
        var key = Sm2PrivateKey.Generate();
        var sig = key.Sign(Data);
        var changed = (byte[])Data.Clone();
        changed[^1] ^= 1;
        Assert.False(key.PublicKey.Verify(changed, sig));
    }

    [Fact]
    public void Another_key_does_not_verify()
    {
        var sig = Sm2PrivateKey.Generate().Sign(Data);
        Assert.False(Sm2PrivateKey.Generate().PublicKey.Verify(Data, sig));
    }

    [Fact]
    public void Another_user_id_does_not_verify()
    {
        var key = Sm2PrivateKey.Generate();
        var sig = key.Sign(Data);
        Assert.False(key.PublicKey.Verify(Data, sig, userId: "someone-else"));
    }

    [Fact]
    public void Garbage_signature_is_invalid_not_an_exception()
    {
        var key = Sm2PrivateKey.Generate();
        Assert.False(key.PublicKey.Verify(Data, [1, 2, 3]));
        Assert.False(key.PublicKey.Verify(Data, []));
    }

    [Fact]
    public void Signatures_are_DER_sequences_of_two_integers()
    {
        var sig = Sm2PrivateKey.Generate().Sign(Data);
        var reader = new AsnReader(sig, AsnEncodingRules.DER).ReadSequence();
        reader.ReadInteger();
        reader.ReadInteger();
        Assert.False(reader.HasData);
    }

    [Fact]
    public void Keys_roundtrip_through_PKCS8_and_SubjectPublicKeyInfo_PEM()
    {
        var key = Sm2PrivateKey.Generate();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", key.Pem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.PublicKey.Pem);
        var again = Sm2PrivateKey.FromPem(key.Pem);
        var pub = Sm2PublicKey.FromPem(key.PublicKey.Pem);
        Assert.Equal(key.PublicKey.KeyId, pub.KeyId);
        Assert.Equal(key.PublicKey.Der, again.PublicKey.Der);
        Assert.True(pub.Verify(Data, again.Sign(Data)));
    }

    [Fact]
    public void Public_key_names_the_sm2p256v1_curve()
    {
        // SubjectPublicKeyInfo { AlgorithmIdentifier { id-ecPublicKey, sm2p256v1 }, BIT STRING 04||X||Y }
        var spki = new AsnReader(Sm2PrivateKey.Generate().PublicKey.Der, AsnEncodingRules.DER).ReadSequence();
        var alg = spki.ReadSequence();
        Assert.Equal("1.2.840.10045.2.1", alg.ReadObjectIdentifier());
        Assert.Equal("1.2.156.10197.1.301", alg.ReadObjectIdentifier());
        var point = spki.ReadBitString(out _);
        Assert.Equal(65, point.Length);
        Assert.Equal(0x04, point[0]);
    }

    [Fact]
    public void Key_id_is_the_first_16_hex_of_SM3_of_the_public_key()
    {
        var key = Sm2PrivateKey.Generate().PublicKey;
        Assert.Equal(Sm3.HashHex(key.Der)[..16], key.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", key.KeyId);
    }

    [Fact]
    public void A_P256_key_is_not_accepted_as_SM2()
    {
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        Assert.Throws<FormatException>(() => Sm2PublicKey.FromDer(ec.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>
    /// Known answer on sm2p256v1 with SM3 (the vector BouncyCastle's SM2SignerTest uses for the standard curve):
    /// d, ID "sm2test@example.com", message "hi chappy" and the published (r, s) must verify, and a changed s must not.
    /// </summary>
    [Fact]
    public void Known_signature_on_the_standard_curve_verifies()
    {
        var key = Sm2PrivateKey.FromScalar("110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC").PublicKey;
        var msg = Encoding.ASCII.GetBytes("hi chappy");
        var sig = Der("05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA",
                      "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993");
        Assert.True(key.Verify(msg, sig, "sm2test@example.com"));
        Assert.False(key.Verify(msg, sig)); // the default ID gives another Z
        var wrongS = Der("05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA",
                         "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1994");
        Assert.False(key.Verify(msg, wrongS, "sm2test@example.com"));
    }

    private static byte[] Der(string r, string s)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(BigInteger.Parse("0" + r, System.Globalization.NumberStyles.HexNumber));
            w.WriteInteger(BigInteger.Parse("0" + s, System.Globalization.NumberStyles.HexNumber));
        }
        return w.Encode();
    }
}
