using Shuzhi.Platform.Cases;

namespace Shuzhi.Server.Api;

/// <summary>An uploaded case attachment (API and /cases/{id} page alike): refused over 10 MB before it is read, then read whole.</summary>
public static class AttachmentUpload
{
    public static async Task<AddAttachment.Command> ReadAsync(IFormFile? file, string? comment, CancellationToken ct)
    {
        if (file is null) return new AddAttachment.Command(null, null, null, comment);
        if (file.Length > Attachment.MaxBytes) throw AddAttachment.TooLarge();
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return new AddAttachment.Command(file.FileName, file.ContentType, ms.ToArray(), comment);
    }
}
