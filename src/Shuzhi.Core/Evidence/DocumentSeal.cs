using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shuzhi.Core.Evidence;

/// <summary>Who seals: the providing department (code, name), its seal key and certificate, and the root that issued it.</summary>
public sealed record SealSigner(string OrganisationCode, string OrganisationName, Sm2PrivateKey Key, byte[] CertificateDer, byte[] RootCertificateDer);

/// <summary>One failed check of a seal: a stable code (see <see cref="DocumentSeal"/>) and words.</summary>
public sealed record SealFailure(string Code, string Detail);

/// <summary>
/// The answer to "is this sealed file genuine?": <see cref="Valid"/> only when every check passed. <see cref="Readable"/>
/// is false when the input is not a seal envelope at all (then only the "format" failure is listed).
/// </summary>
public sealed record SealVerification(
    bool Valid,
    bool Readable,
    string? OrganisationCode,
    string? OrganisationName,
    DateTimeOffset? SignedAt,
    string? FileName,
    string? ContentType,
    long? Size,
    string? Sm3,
    string? CertificateSerial,
    IReadOnlyList<SealFailure> Failures);

/// <summary>A parsed seal envelope (<c>shuzhi-seal/1</c>): the document and its seal, as written in the file.</summary>
public sealed record SealedDocument(
    string FileName,
    string ContentType,
    long Size,
    string Sm3,
    byte[] Content,
    string OrganisationCode,
    string OrganisationName,
    string SignedAt,
    string Algorithm,
    string CertificatePem,
    string RootCertificatePem,
    byte[] Signature);

/// <summary>
/// The data-sharing electronic seal (数据共享电子印章, 贵州省政务数据资源管理办法 第二十六条): a document and an SM2-SM3
/// signature by the providing department's seal key over its content and metadata, with the department's certificate
/// and the root that issued it, in one JSON file (format <c>shuzhi-seal/1</c>, docs/sharing-seals.md).
/// <para>
/// The signature covers <see cref="SignedBytes"/>: the format id, file name, content type, size, SM3 of the content,
/// organisation code and name, signing instant, algorithm and the SM3 fingerprint of the department certificate —
/// each text length-prefixed, so no two different documents share a signed string.
/// </para>
/// <para>
/// Verification codes: <c>format</c> (not a seal envelope), <c>canonical</c> (bytes changed outside the fields:
/// whitespace, escaping, order, extra members), <c>algorithm</c>, <c>size</c>, <c>sm3</c> (content changed),
/// <c>certificate</c> (department certificate unreadable or not SM2), <c>root</c> (the embedded root is not the
/// trusted one — an embedded root is never trusted by itself), <c>chain</c> (the department certificate was not
/// issued by the trusted root), <c>validity</c> (a certificate not valid at signedAt), <c>subject</c> (the certificate
/// does not name the stated organisation), <c>signature</c>.
/// </para>
/// </summary>
public static class DocumentSeal
{
    public const string Format = "shuzhi-seal/1";
    public const string FileExtension = ".sealed.json";
    public const string MediaType = "application/vnd.shuzhi.seal+json";
    /// <summary>signedAt is UTC to the second, always in this form.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 8,
    };

    /// <summary>Seals a document: the envelope's bytes (UTF-8 JSON), ready to write to a <c>.sealed.json</c> file.</summary>
    public static byte[] Seal(string fileName, string contentType, ReadOnlySpan<byte> content, SealSigner signer, DateTimeOffset signedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var unsigned = new SealedDocument(fileName, contentType, content.Length, Evidence.Sm3.HashHex(content), content.ToArray(),
            signer.OrganisationCode, signer.OrganisationName,
            signedAt.ToUniversalTime().ToString(InstantFormat, CultureInfo.InvariantCulture), Sm2.Algorithm,
            Sm2Certificates.ToPem(signer.CertificateDer), Sm2Certificates.ToPem(signer.RootCertificateDer), []);
        var signature = signer.Key.Sign(SignedBytes(unsigned, Sm2Certificates.Fingerprint(signer.CertificateDer)));
        return Write(unsigned with { Signature = signature });
    }

    /// <summary>
    /// The byte string the seal signs (UTF-8, lines ending in LF; {n} is the UTF-8 byte length of the text after the colon):
    /// <code>
    /// shuzhi-seal/1
    /// file-name {n}:{fileName}
    /// content-type {n}:{contentType}
    /// size {size}
    /// sm3 {hex}
    /// organisation-code {n}:{code}
    /// organisation-name {n}:{name}
    /// signed-at {yyyy-MM-ddTHH:mm:ssZ}
    /// algorithm SM2-SM3
    /// certificate-sm3 {hex SM3 of the department certificate's DER}
    /// </code>
    /// </summary>
    public static byte[] SignedBytes(SealedDocument d, string certificateFingerprint)
    {
        var sb = new StringBuilder();
        sb.Append(Format).Append('\n');
        Text("file-name", d.FileName);
        Text("content-type", d.ContentType);
        sb.Append("size ").Append(d.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("sm3 ").Append(d.Sm3).Append('\n');
        Text("organisation-code", d.OrganisationCode);
        Text("organisation-name", d.OrganisationName);
        sb.Append("signed-at ").Append(d.SignedAt).Append('\n');
        sb.Append("algorithm ").Append(d.Algorithm).Append('\n');
        sb.Append("certificate-sm3 ").Append(certificateFingerprint).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());

        void Text(string name, string value) =>
            sb.Append(name).Append(' ').Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    /// <summary>The envelope's one encoding: indented UTF-8 JSON, LF line ends, members in this order, final LF.</summary>
    public static byte[] Write(SealedDocument d)
    {
        using var ms = new MemoryStream(d.Content.Length / 3 * 4 + 4096);
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteStartObject("document");
            w.WriteString("fileName", d.FileName);
            w.WriteString("contentType", d.ContentType);
            w.WriteNumber("size", d.Size);
            w.WriteString("sm3", d.Sm3);
            w.WriteBase64String("content", d.Content);
            w.WriteEndObject();
            w.WriteStartObject("seal");
            w.WriteStartObject("organisation");
            w.WriteString("code", d.OrganisationCode);
            w.WriteString("name", d.OrganisationName);
            w.WriteEndObject();
            w.WriteString("signedAt", d.SignedAt);
            w.WriteString("algorithm", d.Algorithm);
            w.WriteString("certificate", d.CertificatePem);
            w.WriteString("rootCertificate", d.RootCertificatePem);
            w.WriteBase64String("signature", d.Signature);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    /// <summary>Reads an envelope. Throws <see cref="FormatException"/> naming the member when it is not one.</summary>
    public static SealedDocument Parse(ReadOnlySpan<byte> file)
    {
        Envelope? e;
        try { e = JsonSerializer.Deserialize<Envelope>(file, ReadOptions); }
        catch (JsonException x) { throw new FormatException($"not a seal envelope: invalid JSON at {x.Path ?? "$"} ({x.Message.Split(" Path:")[0]})", x); }
        catch (Exception x) when (x is ArgumentException or InvalidOperationException or NotSupportedException or DecoderFallbackException)
        { throw new FormatException("not a seal envelope: " + x.Message, x); }
        if (e is null) throw new FormatException("not a seal envelope: the file is JSON null");
        if (e.Format != Format) throw new FormatException($"format: expected \"{Format}\", found {(e.Format is null ? "none" : "\"" + e.Format + "\"")}");
        var doc = e.Document ?? throw Missing("document");
        var seal = e.Seal ?? throw Missing("seal");
        var org = seal.Organisation ?? throw Missing("seal.organisation");
        var signedAt = seal.SignedAt ?? throw Missing("seal.signedAt");
        if (!DateTimeOffset.TryParseExact(signedAt, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            throw new FormatException($"seal.signedAt: '{signedAt}' is not a UTC instant of the form 2026-09-30T02:00:00Z");
        return new SealedDocument(
            doc.FileName ?? throw Missing("document.fileName"),
            doc.ContentType ?? throw Missing("document.contentType"),
            doc.Size ?? throw Missing("document.size"),
            doc.Sm3 ?? throw Missing("document.sm3"),
            doc.Content ?? throw Missing("document.content"),
            org.Code ?? throw Missing("seal.organisation.code"),
            org.Name ?? throw Missing("seal.organisation.name"),
            signedAt,
            seal.Algorithm ?? throw Missing("seal.algorithm"),
            seal.Certificate ?? throw Missing("seal.certificate"),
            seal.RootCertificate ?? throw Missing("seal.rootCertificate"),
            seal.Signature ?? throw Missing("seal.signature"));

        static FormatException Missing(string member) => new($"{member}: required member missing");
    }

    /// <summary>
    /// Verifies a sealed file against the TRUSTED root (DER): the verifier's own root, never the one in the file.
    /// Every check runs, so the answer lists all that failed.
    /// </summary>
    public static SealVerification Verify(ReadOnlySpan<byte> file, ReadOnlySpan<byte> trustedRootDer)
    {
        var root = Sm2Certificates.Parse(trustedRootDer);
        SealedDocument d;
        try { d = Parse(file); }
        catch (FormatException e)
        {
            return new SealVerification(false, false, null, null, null, null, null, null, null, null, [new SealFailure("format", e.Message)]);
        }
        var failures = new List<SealFailure>();
        void Fail(string code, string detail) => failures.Add(new SealFailure(code, detail));
        var signedAt = DateTimeOffset.ParseExact(d.SignedAt, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        bool canonical;
        try { canonical = Write(d).AsSpan().SequenceEqual(file); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { canonical = false; }
        if (!canonical) Fail("canonical", "the file was changed outside its fields (whitespace, escaping, member order or extra members): it is not the envelope the platform wrote");
        if (d.Algorithm != Sm2.Algorithm) Fail("algorithm", $"algorithm '{d.Algorithm}' is not {Sm2.Algorithm}");
        if (d.Size != d.Content.LongLength) Fail("size", $"document.size says {d.Size} bytes; the content has {d.Content.LongLength}");
        var actual = Evidence.Sm3.HashHex(d.Content);
        if (!string.Equals(actual, d.Sm3, StringComparison.Ordinal)) Fail("sm3", $"the content's SM3 is {actual}, not the stated {d.Sm3}: the document was changed");

        try
        {
            var embeddedRoot = Sm2Certificates.FromPem(d.RootCertificatePem);
            if (!embeddedRoot.AsSpan().SequenceEqual(trustedRootDer))
                Fail("root", "the root certificate in the file is not the trusted root (a root carried in the file is never trusted by itself)");
        }
        catch (FormatException) { Fail("root", "seal.rootCertificate is not a PEM certificate"); }

        string? serial = null;
        Org.BouncyCastle.X509.X509Certificate? cert = null;
        byte[]? certDer = null;
        Sm2PublicKey? key = null;
        try
        {
            certDer = Sm2Certificates.FromPem(d.CertificatePem);
            cert = Sm2Certificates.Parse(certDer);
            serial = cert.SerialNumber.ToString(16);
            key = Sm2Certificates.PublicKey(cert);
        }
        catch (FormatException e) { Fail("certificate", "seal.certificate is not an SM2 X.509 certificate: " + e.Message); }

        if (cert is not null && certDer is not null && key is not null)
        {
            if (!Sm2Certificates.IssuedBy(cert, root))
                Fail("chain", "the department certificate was not issued by the trusted seal root");
            var at = signedAt.UtcDateTime;
            if (!cert.IsValid(at))
                Fail("validity", $"the department certificate is valid {cert.NotBefore:yyyy-MM-dd HH:mm:ss}Z to {cert.NotAfter:yyyy-MM-dd HH:mm:ss}Z, not at signedAt {d.SignedAt}");
            if (!root.IsValid(at))
                Fail("validity", $"the trusted root is valid {root.NotBefore:yyyy-MM-dd HH:mm:ss}Z to {root.NotAfter:yyyy-MM-dd HH:mm:ss}Z, not at signedAt {d.SignedAt}");
            var o = Sm2Certificates.SubjectValue(cert, "O");
            var ou = Sm2Certificates.SubjectValue(cert, "OU");
            if (o != d.OrganisationName || ou != d.OrganisationCode)
                Fail("subject", $"the certificate is issued to {ou} {o}, not to the stated organisation {d.OrganisationCode} {d.OrganisationName}");
            if (!key.Verify(SignedBytes(d, Sm2Certificates.Fingerprint(certDer)), d.Signature))
                Fail("signature", "the SM2 signature does not verify with the department certificate: the document or its metadata was changed, or it was not sealed with this certificate");
        }

        return new SealVerification(failures.Count == 0, true, d.OrganisationCode, d.OrganisationName, signedAt, d.FileName, d.ContentType,
            d.Size, d.Sm3, serial, failures);
    }

    private sealed class Envelope
    {
        public string? Format { get; set; }
        public DocumentPart? Document { get; set; }
        public SealPart? Seal { get; set; }
    }

    private sealed class DocumentPart
    {
        public string? FileName { get; set; }
        public string? ContentType { get; set; }
        public long? Size { get; set; }
        public string? Sm3 { get; set; }
        public byte[]? Content { get; set; }
    }

    private sealed class SealPart
    {
        public OrganisationPart? Organisation { get; set; }
        public string? SignedAt { get; set; }
        public string? Algorithm { get; set; }
        public string? Certificate { get; set; }
        public string? RootCertificate { get; set; }
        public byte[]? Signature { get; set; }
    }

    private sealed class OrganisationPart
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
    }
}
