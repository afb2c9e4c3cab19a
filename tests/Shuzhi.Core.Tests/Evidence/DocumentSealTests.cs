using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Shuzhi.Core.Evidence;

namespace Shuzhi.Core.Tests.Evidence;

/// <summary>The data-sharing electronic seal (贵州 art.26): a sealed file verifies, and any change to it does not.</summary>
public sealed class DocumentSealTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-09-30T10:00:00+08:00");
    private static readonly Authority Platform = new();
    private static readonly Department Police = Platform.Issue("520000-GAT", "贵州省公安厅");
    private static readonly Department Health = Platform.Issue("520000-WJW", "贵州省卫生健康委员会");
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("居民身份证号码,姓名\n520102199001011234,王伟\n");
    private static readonly byte[] Sealed = DocumentSeal.Seal("人员登记.csv", "text/csv; charset=utf-8", Content, Police.Signer, Now);

    private sealed class Authority
    {
        public readonly Sm2PrivateKey Key = Sm2PrivateKey.Generate();
        public readonly byte[] Root;
        public Authority() => Root = Sm2Certificates.IssueRoot(Key, "测试根 / test root", Now.AddDays(-1), Now.AddYears(20));
        public Department Issue(string code, string name, DateTimeOffset? notAfter = null)
        {
            var key = Sm2PrivateKey.Generate();
            var cert = Sm2Certificates.IssueSeal(Key, Root, key.PublicKey, code, name, Now.AddDays(-1), notAfter ?? Now.AddYears(5));
            return new Department(new SealSigner(code, name, key, cert, Root));
        }
    }

    private sealed record Department(SealSigner Signer);

    private static SealVerification Verify(byte[] file) => DocumentSeal.Verify(file, Platform.Root);
    private static string[] Codes(SealVerification v) => v.Failures.Select(f => f.Code).ToArray();

    [Fact]
    public void A_sealed_file_verifies_and_names_its_organisation_file_and_digest()
    {
        var v = Verify(Sealed);
        Assert.True(v.Valid, string.Join("; ", v.Failures));
        Assert.Empty(v.Failures);
        Assert.Equal("520000-GAT", v.OrganisationCode);
        Assert.Equal("贵州省公安厅", v.OrganisationName);
        Assert.Equal("人员登记.csv", v.FileName);
        Assert.Equal(Sm3.HashHex(Content), v.Sm3);
        Assert.Equal(Now.ToUniversalTime(), v.SignedAt);
        var d = DocumentSeal.Parse(Sealed);
        Assert.Equal(Content, d.Content);
        Assert.Equal("text/csv; charset=utf-8", d.ContentType);
    }

    [Fact]
    public void The_envelope_is_readable_json_in_the_documented_shape()
    {
        var text = Encoding.UTF8.GetString(Sealed);
        Assert.Contains("\"format\": \"shuzhi-seal/1\"", text);
        Assert.Contains("\"fileName\": \"人员登记.csv\"", text);
        Assert.Contains("\"name\": \"贵州省公安厅\"", text);
        Assert.Contains("-----BEGIN CERTIFICATE-----", text);
        Assert.Contains("\"signedAt\": \"2026-09-30T02:00:00Z\"", text);
    }

    [Property(MaxTest = 400)]
    public void Changing_any_one_byte_of_the_sealed_file_makes_it_fail(NonNegativeInt position, byte mask)
    {
        var changed = (byte[])Sealed.Clone();
        var i = position.Get % changed.Length;
        changed[i] ^= mask == 0 ? (byte)1 : mask;
        var v = Verify(changed);
        Assert.False(v.Valid, $"byte {i} changed ({(char)Sealed[i]} → {(char)changed[i]}) and the seal still verified");
        Assert.NotEmpty(v.Failures);
    }

    [Property(MaxTest = 200)]
    public void Changing_any_byte_of_the_content_fails_on_its_digest(NonNegativeInt position, byte mask)
    {
        var d = DocumentSeal.Parse(Sealed);
        var content = (byte[])d.Content.Clone();
        content[position.Get % content.Length] ^= mask == 0 ? (byte)0x80 : mask;
        var v = Verify(DocumentSeal.Write(d with { Content = content }));
        Assert.False(v.Valid);
        Assert.Contains("sm3", Codes(v));
    }

    [Fact]
    public void Changing_the_content_and_its_stated_digest_together_still_fails_on_the_signature()
    {
        var d = DocumentSeal.Parse(Sealed);
        var content = (byte[])d.Content.Clone();
        content[0] ^= 1;
        var v = Verify(DocumentSeal.Write(d with { Content = content, Sm3 = Sm3.HashHex(content) }));
        Assert.Equal(["signature"], Codes(v));
    }

    [Theory]
    [InlineData("file name", "人员登记.csv", "人员登记.csx")]
    [InlineData("signed at", "2026-09-30T02:00:00Z", "2026-09-30T02:00:01Z")]
    [InlineData("organisation name", "\"贵州省公安厅\"", "\"贵州省公安局\"")]
    [InlineData("content type", "text/csv", "text/tsv")]
    public void Changing_a_metadata_field_breaks_the_signature(string what, string from, string to)
    {
        var text = Encoding.UTF8.GetString(Sealed);
        Assert.Contains(from, text);
        var v = Verify(Encoding.UTF8.GetBytes(text.Replace(from, to)));
        Assert.False(v.Valid, what);
        Assert.Contains("signature", Codes(v));
    }

    [Fact]
    public void Changing_a_byte_of_the_signature_fails()
    {
        var d = DocumentSeal.Parse(Sealed);
        for (var i = 0; i < d.Signature.Length; i += 7)
        {
            var sig = (byte[])d.Signature.Clone();
            sig[i] ^= 0x01;
            Assert.Contains("signature", Codes(Verify(DocumentSeal.Write(d with { Signature = sig }))));
        }
    }

    [Fact]
    public void A_file_sealed_under_another_root_fails_although_it_carries_that_root()
    {
        var impostor = new Authority().Issue("520000-GAT", "贵州省公安厅");
        var file = DocumentSeal.Seal("人员登记.csv", "text/csv", Content, impostor.Signer, Now);
        var v = DocumentSeal.Verify(file, Platform.Root);
        Assert.False(v.Valid);
        Assert.Contains("chain", Codes(v));
        Assert.Contains("root", Codes(v));
        // …and under its own root it is internally consistent: it is only the trust anchor that refuses it.
        Assert.True(DocumentSeal.Verify(file, impostor.Signer.RootCertificateDer).Valid);
    }

    [Fact]
    public void Swapping_the_embedded_root_for_the_trusted_one_does_not_help_an_impostor()
    {
        var impostor = new Authority().Issue("520000-GAT", "贵州省公安厅");
        var file = DocumentSeal.Seal("x.csv", "text/csv", Content, impostor.Signer with { RootCertificateDer = Platform.Root }, Now);
        Assert.Equal(["chain"], Codes(DocumentSeal.Verify(file, Platform.Root)));
    }

    [Fact]
    public void Department_A_certificate_used_under_organisation_B_name_fails_on_the_subject()
    {
        var forged = Police.Signer with { OrganisationCode = Health.Signer.OrganisationCode, OrganisationName = Health.Signer.OrganisationName };
        var v = Verify(DocumentSeal.Seal("x.csv", "text/csv", Content, forged, Now));
        Assert.Equal(["subject"], Codes(v));
    }

    [Fact]
    public void Department_B_certificate_with_department_A_key_fails_on_the_signature()
    {
        var mixed = Police.Signer with { CertificateDer = Health.Signer.CertificateDer, OrganisationCode = "520000-WJW", OrganisationName = "贵州省卫生健康委员会" };
        Assert.Equal(["signature"], Codes(Verify(DocumentSeal.Seal("x.csv", "text/csv", Content, mixed, Now))));
    }

    [Fact]
    public void A_seal_made_after_its_certificate_expired_fails_on_validity()
    {
        var shortLived = Platform.Issue("520000-GAT", "贵州省公安厅", notAfter: Now.AddDays(1));
        Assert.True(Verify(DocumentSeal.Seal("x.csv", "text/csv", Content, shortLived.Signer, Now)).Valid);
        Assert.Equal(["validity"], Codes(Verify(DocumentSeal.Seal("x.csv", "text/csv", Content, shortLived.Signer, Now.AddDays(2)))));
    }

    [Fact]
    public void Reformatting_the_json_is_a_change()
    {
        var reindented = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Sealed).Replace("\n  ", "\n    "));
        var v = Verify(reindented);
        Assert.True(v.Readable);
        Assert.Equal(["canonical"], Codes(v));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"format\":\"shuzhi-seal/2\"}")]
    [InlineData("{\"format\":\"shuzhi-seal/1\",\"document\":{\"fileName\":\"a\"}}")]
    public void What_is_not_an_envelope_is_unreadable_with_the_format_failure(string text)
    {
        var v = Verify(Encoding.UTF8.GetBytes(text));
        Assert.False(v.Valid);
        Assert.False(v.Readable);
        Assert.Equal(["format"], Codes(v));
    }

    [Fact]
    public void The_department_certificate_names_the_organisation_and_chains_to_the_root()
    {
        var cert = Sm2Certificates.Parse(Police.Signer.CertificateDer);
        var root = Sm2Certificates.Parse(Platform.Root);
        Assert.Equal("贵州省公安厅", Sm2Certificates.SubjectValue(cert, "O"));
        Assert.Equal("520000-GAT", Sm2Certificates.SubjectValue(cert, "OU"));
        Assert.True(Sm2Certificates.IssuedBy(cert, root));
        Assert.True(Sm2Certificates.IssuedBy(root, root));
        Assert.False(Sm2Certificates.IssuedBy(root, cert));
        Assert.Equal("1.2.156.10197.1.501", cert.SigAlgOid);
    }
}
