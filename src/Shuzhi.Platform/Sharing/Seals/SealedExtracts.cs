using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing.Seals;

/// <summary>
/// A sealed extract (贵州 art.26): exactly the download <see cref="ExportRows"/> gives this caller (same masking, grants,
/// filters, sort and fields), held in memory up to <see cref="DocumentSeals.MaxContentBytes"/>, and sealed on behalf of
/// the entry's providing department. Audited <c>sharing.extract.seal</c> with the document's SM3 (the download itself is
/// in the access log as <c>dataset.download</c>, as for any download).
/// </summary>
public sealed class SealedExtracts(ExportRows export, DatasetDirectory directory, DocumentSeals seals, ShuzhiDb db)
{
    public sealed record SealedFile(string FileName, byte[] Envelope, string Sm3, long Size, string OrganisationCode);

    public async Task<SealedFile> Handle(Actor actor, string entryCode, string? format, IReadOnlyList<KeyValuePair<string, string?>> query, CancellationToken ct)
    {
        actor.Require(Policies.DatasetRead);
        var file = await export.Handle(actor, entryCode, format, query, ct); // validation and the access rule live there
        var buffer = new CappedBuffer(DocumentSeals.MaxContentBytes);
        try { await file.WriteAsync(buffer, ct); }
        catch (CappedBuffer.Full)
        {
            throw DocumentSeals.TooLarge("query",
                $"提取结果超过 {DocumentSeals.MaxContentBytes / (1024 * 1024)} MB，请缩小查询（筛选条件、fields、limit） / the extract exceeds " +
                $"{DocumentSeals.MaxContentBytes / (1024 * 1024)} MB: narrow the query (filters such as 字段=值 or 字段__gte=, fields=a,b, limit=)");
        }
        var snapshot = await directory.GetAsync(entryCode, ct) ?? throw new NotFoundProblem("catalogue entry", entryCode);
        var content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var s = await seals.SealDocumentAsync(snapshot.ProviderOrganisationId, file.FileName, file.ContentType, content, ct);
        db.Audit(actor, "sharing.extract.seal", $"dataset:{entryCode}", new
        {
            fileName = s.FileName,
            format = (format ?? "csv").Trim().ToLowerInvariant(),
            size = s.Size,
            sm3 = s.Sm3,
            provider = s.OrganisationCode,
            certificate = s.CertificateSerial,
            certificateIssued = s.CertificateIssued,
        });
        await db.SaveChangesAsync(ct);
        return new SealedFile(s.FileName + DocumentSeal.FileExtension, s.Envelope, s.Sm3, s.Size, s.OrganisationCode);
    }

    /// <summary>A memory stream that refuses to grow past its cap (so a huge extract fails fast instead of filling memory).</summary>
    private sealed class CappedBuffer(long cap) : MemoryStream
    {
        public sealed class Full : IOException;

        private void Check(int count)
        {
            if (Position + count > cap) throw new Full();
        }

        public override void Write(byte[] buffer, int offset, int count) { Check(count); base.Write(buffer, offset, count); }
        public override void Write(ReadOnlySpan<byte> buffer) { Check(buffer.Length); base.Write(buffer); }
        public override void WriteByte(byte value) { Check(1); base.WriteByte(value); }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) { Check(count); return base.WriteAsync(buffer, offset, count, ct); }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) { Check(buffer.Length); return base.WriteAsync(buffer, ct); }
    }
}
