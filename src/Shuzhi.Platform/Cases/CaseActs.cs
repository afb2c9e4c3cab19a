using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Evidence;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>POST /api/v1/cases/{id}/comments: a comment on the case's timeline, by anyone who can see the case.</summary>
public sealed class AddComment(ShuzhiDb db, CaseAccess access)
{
    public sealed record Command(string? Text);

    public async Task<TimelineView> Handle(Actor actor, Guid caseId, Command c, CancellationToken ct)
    {
        new Validator().NotBlank(c.Text, "text", "意见内容").MaxLength(c.Text?.Trim(), 4000, "text").ThrowIfAny();
        actor.Require(Policies.CasesRead);
        var kase = await access.FindVisibleAsync(actor, caseId, ct);
        var now = db.Clock.GetUtcNow();
        var entry = TimelineEntry.Of(actor, kase.Id, null, now, TimelineKinds.Comment, c.Text!.Trim());
        db.Add(entry);
        db.Audit(actor, "cases.comment.add", $"case:{kase.Number}", new { length = entry.Text.Length });
        await db.SaveChangesAsync(ct);
        return new TimelineView(entry.Id, null, ChinaTime.ToChina(now), entry.ActorName, entry.OrganisationName, entry.Kind, entry.Text, null);
    }
}

/// <summary>
/// POST /api/v1/cases/{id}/attachments (multipart, field "file"; optional "comment"): stores the file in the database
/// with its SM3 digest, at most 10 MB (413 beyond), and notes it on the timeline.
/// </summary>
public sealed class AddAttachment(ShuzhiDb db, CaseAccess access)
{
    public sealed record Command(string? FileName, string? ContentType, byte[]? Bytes, string? Comment);

    /// <summary>413: more than 10 MB.</summary>
    public static ProblemException TooLarge() => new(413, "too-large", "文件过大 / File too large",
        $"file: at most {Attachment.MaxBytes / 1024 / 1024} MB per attachment", [new FieldError("file", "max-size", $"at most {Attachment.MaxBytes} bytes")]);

    public async Task<AttachmentView> Handle(Actor actor, Guid caseId, Command c, CancellationToken ct)
    {
        Validate(c);
        actor.Require(Policies.CasesRead);
        var kase = await access.FindVisibleAsync(actor, caseId, ct);
        var view = Stage(db, actor, kase, c);
        await db.SaveChangesAsync(ct);
        return view;
    }

    /// <summary>The file's rules (422/413 naming the field): 10 MB at most, not empty, a plain file name.</summary>
    public static void Validate(Command c, string field = "file")
    {
        if (c.Bytes is { LongLength: > Attachment.MaxBytes }) throw TooLarge();
        var name = FileName(c);
        var v = new Validator();
        v.Require(c.Bytes is not null, field, "required", "附件不能为空 / a file is required (multipart field 'file')");
        v.Require(c.Bytes is null || c.Bytes.Length > 0, field, "not-empty", "the file is empty");
        v.Require(name.Length > 0, field + ".name", "required", "the file needs a name");
        v.MaxLength(name, 255, field + ".name");
        v.Require(name.IndexOfAny(['\r', '\n', '"']) < 0, field + ".name", "characters", "the file name may not contain quotes or line breaks");
        v.MaxLength(c.ContentType, 128, field + ".contentType");
        v.MaxLength(c.Comment, 4000, "comment");
        v.ThrowIfAny();
    }

    public static string FileName(Command c) => Path.GetFileName(c.FileName?.Replace('\\', '/') ?? "").Trim();

    /// <summary>
    /// Adds a validated file to <paramref name="kase"/> in the caller's unit of work (timeline entry and audit record
    /// included; the caller saves) — for modules that file attachments with the act that opens the case.
    /// </summary>
    public static AttachmentView Stage(ShuzhiDb db, Actor actor, Case kase, Command c)
    {
        var now = db.Clock.GetUtcNow();
        var a = new Attachment
        {
            Id = Guid.NewGuid(), CaseId = kase.Id, FileName = FileName(c),
            ContentType = string.IsNullOrWhiteSpace(c.ContentType) ? "application/octet-stream" : c.ContentType.Trim(),
            Size = c.Bytes!.LongLength, Sm3 = Sm3.HashHex(c.Bytes), UploadedAt = now, UploadedById = actor.UserId, UploadedByName = actor.DisplayName,
        };
        db.Add(a);
        db.Add(new AttachmentContent { AttachmentId = a.Id, Bytes = c.Bytes });
        db.Add(TimelineEntry.Of(actor, kase.Id, null, now, TimelineKinds.Attachment,
            $"{a.FileName}（{a.Size} 字节，SM3 {a.Sm3[..16]}…）{(string.IsNullOrWhiteSpace(c.Comment) ? "" : "：" + c.Comment.Trim())}", a.Id));
        db.Audit(actor, "cases.attachment.add", $"case:{kase.Number}", new { attachment = a.Id, a.FileName, a.Size, sm3 = a.Sm3 });
        return new AttachmentView(a.Id, null, a.FileName, a.ContentType, a.Size, a.Sm3, ChinaTime.ToChina(now), a.UploadedByName);
    }
}

/// <summary>GET /api/v1/cases/{id}/attachments/{aid}: the file, to those who can see the case (the download is audited).</summary>
public sealed class DownloadAttachment(ShuzhiDb db, CaseAccess access)
{
    public sealed record File(string FileName, string ContentType, string Sm3, byte[] Bytes);

    public async Task<File> Handle(Actor actor, Guid caseId, Guid attachmentId, CancellationToken ct)
    {
        actor.Require(Policies.CasesRead);
        var kase = await access.FindVisibleAsync(actor, caseId, ct);
        var a = await db.Set<Attachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.CaseId == caseId, ct)
            ?? throw new NotFoundProblem("attachment", attachmentId.ToString());
        var bytes = await db.Set<AttachmentContent>().AsNoTracking().Where(x => x.AttachmentId == a.Id).Select(x => x.Bytes).FirstAsync(ct);
        db.Audit(actor, "cases.attachment.download", $"case:{kase.Number}", new { attachment = a.Id, a.FileName, sm3 = a.Sm3 });
        await db.SaveChangesAsync(ct);
        return new File(a.FileName, a.ContentType, a.Sm3, bytes);
    }
}
