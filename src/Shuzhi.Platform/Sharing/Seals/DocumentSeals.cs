using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing.Seals;

/// <summary>What sealing produced: the envelope's bytes, the document's SM3 and the certificate it was sealed with.</summary>
public sealed record SealResult(byte[] Envelope, string FileName, string Sm3, long Size, string OrganisationCode, string OrganisationName,
    string CertificateSerial, bool CertificateIssued);

/// <summary>
/// 数据共享电子印章 (贵州省政务数据资源管理办法 第二十六条): "数据提供部门通过贵州省数据共享交换平台提供文书类、证照类等政务数据时，
/// 依托贵州省电子政务统一电子印章服务平台加盖数据共享电子印章。" The platform seals a shared document on behalf of the
/// providing department (its SM2 seal key, certified by the platform seal root), and verifies sealed files against
/// its own root (docs/sharing-seals.md). Sealing is a service for handlers, which authorise and audit; verification
/// needs only the file.
/// </summary>
public sealed class DocumentSeals(ShuzhiDb db, SealKeys keys, TimeProvider clock)
{
    /// <summary>Largest document sealed: 50 MB (the envelope is about 4/3 of it, base64).</summary>
    public const long MaxContentBytes = 50L * 1024 * 1024;

    /// <summary>Largest sealed file accepted for verification: room for a maximal document in base64 and its seal.</summary>
    public const long MaxSealedFileBytes = MaxContentBytes / 3 * 4 + 1024 * 1024;

    public string RootCertificatePem => keys.RootCertificatePem;

    public async Task<byte[]> SealAsync(Guid providerOrganisationId, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct)
        => (await SealDocumentAsync(providerOrganisationId, fileName, contentType, content, ct)).Envelope;

    /// <summary>Seals a document for its providing department: 422 for a bad file name or type, 413 over <see cref="MaxContentBytes"/>.</summary>
    public async Task<SealResult> SealDocumentAsync(Guid providerOrganisationId, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var v = new Validator();
        v.NotBlank(fileName, "fileName", "文件名");
        v.MaxLength(fileName, 255, "fileName");
        v.Require(fileName is null || (fileName.IndexOfAny(['/', '\\']) < 0 && !fileName.Any(char.IsControl) && fileName.Trim() == fileName),
            "fileName", "file-name", "a file name without path separators, control characters or surrounding spaces");
        v.NotBlank(contentType, "contentType", "内容类型");
        v.MaxLength(contentType, 200, "contentType");
        v.ThrowIfAny();
        if (content.Length > MaxContentBytes) throw TooLarge("content", $"a sealed document holds at most {MaxContentBytes / (1024 * 1024)} MB");
        var org = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == providerOrganisationId, ct)
                  ?? throw new NotFoundProblem("organisation", providerOrganisationId.ToString());
        var (signer, issued) = keys.SignerFor(org.Id, org.Code, org.Name);
        var envelope = DocumentSeal.Seal(fileName!, contentType!, content.Span, signer, clock.GetUtcNow());
        return new SealResult(envelope, fileName!, Sm3.HashHex(content.Span), content.Length, org.Code, org.Name,
            Sm2Certificates.Parse(signer.CertificateDer).SerialNumber.ToString(16), issued);
    }

    /// <summary>Checks a sealed file against this platform's seal root (never a root carried in the file).</summary>
    public SealVerification Verify(ReadOnlySpan<byte> sealedFile) => DocumentSeal.Verify(sealedFile, keys.RootCertificate);

    public static ProblemException TooLarge(string field, string detail) =>
        new(413, "too-large", "文件过大 / Too large", detail, [new FieldError(field, "max-size", detail)]);
}
