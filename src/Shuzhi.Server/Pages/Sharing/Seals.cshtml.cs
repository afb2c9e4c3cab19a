using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Sharing.Seals;

namespace Shuzhi.Server.Pages.Sharing;

/// <summary>
/// /sharing/seals — verify a data-sharing electronic seal (贵州 art.26): upload a <c>.sealed.json</c> file and see whether
/// it is genuine and unchanged, who sealed it and when, and every check that failed. The same check as
/// POST /api/v1/seals/verify and `shuzhi seal verify`, against this platform's seal root (shown with its fingerprint).
/// </summary>
[Authorize(Policy = "seal-verify")]
[RequestSizeLimit(DocumentSeals.MaxSealedFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = DocumentSeals.MaxSealedFileBytes + 64 * 1024)]
public sealed class SealsModel(DocumentSeals seals) : PageModel
{
    [BindProperty(Name = "file")] public IFormFile? Upload { get; set; }

    public SealVerification? Result { get; private set; }
    public ProblemException? Problem { get; private set; }
    public string RootPem { get; private set; } = "";
    public string RootFingerprint { get; private set; } = "";

    public void OnGet() => LoadRoot();

    public async Task OnPostAsync(CancellationToken ct)
    {
        LoadRoot();
        if (Upload is null || Upload.Length == 0)
        {
            Problem = new ValidationProblem("file", "required", "请选择要验证的文件 / choose the sealed file to verify");
            return;
        }
        if (Upload.Length > DocumentSeals.MaxSealedFileBytes)
        {
            Problem = DocumentSeals.TooLarge("file", $"a sealed file is at most {DocumentSeals.MaxSealedFileBytes / (1024 * 1024)} MB");
            return;
        }
        using var ms = new MemoryStream((int)Upload.Length);
        await Upload.CopyToAsync(ms, ct);
        var result = seals.Verify(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        if (!result.Readable)
            Problem = new ValidationProblem("file", "seal-format", $"不是数据共享电子印章文件 / not a sealed file ({DocumentSeal.Format}): {result.Failures[0].Detail}");
        else Result = result;
    }

    private void LoadRoot()
    {
        RootPem = seals.RootCertificatePem;
        RootFingerprint = Sm2Certificates.Fingerprint(Sm2Certificates.FromPem(RootPem));
    }
}
