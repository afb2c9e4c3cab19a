using Microsoft.AspNetCore.Http.Features;
using Shuzhi.Core.Evidence;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Platform.Sharing.Seals;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Sharing between departments (issue 4; docs/sharing.md): /api/v1/sharing/…, /api/v1/seals/….</summary>
public static class SharingApi
{
    public static void MapSharingApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sharing");
        // Applications (贵州 art.23), grants, usage
        // Stops (art.24), corrections (art.25)
        // Filings (arts 20, 39, 44), supply–demand list (art.38)
        var seals = api.MapGroup("/seals");
        // Seals (art.26) — docs/sharing-seals.md
        MapSeals(g, seals);
        // end Seals
    }

    // ---- Seals (贵州 art.26) ----

    private static void MapSeals(RouteGroupBuilder sharing, RouteGroupBuilder seals)
    {
        // A sealed extract: the caller's own download of the entry (same access rules), sealed for its provider.
        sharing.MapGet("/extracts/{code}", async (HttpContext http, SealedExtracts extracts, string code, string? format, CancellationToken ct) =>
        {
            var file = await extracts.Handle(http.Actor(), code, format, SealQuery(http), ct);
            http.Response.Headers["X-Shuzhi-Document-SM3"] = file.Sm3;
            return Results.File(file.Envelope, DocumentSeal.MediaType, file.FileName);
        }).RequireAuthorization(Policies.DatasetRead.Name);

        // The sealed file as the body, or as a multipart part named "file". An invalid seal is 200 with valid:false.
        seals.MapPost("/verify", async (HttpContext http, DocumentSeals s, CancellationToken ct) =>
        {
            var bytes = await ReadSealedFileAsync(http, ct);
            var result = s.Verify(bytes);
            if (!result.Readable)
                throw new ValidationProblem("file", "seal-format", $"不是数据共享电子印章文件 / not a sealed file ({DocumentSeal.Format}): {result.Failures[0].Detail}");
            return Results.Ok(result);
        }).RequireAuthorization(Policies.SealVerify.Name).DisableAntiforgery();

        // The trust anchor: the certificate that every department seal certificate must chain to.
        seals.MapGet("/root", (DocumentSeals s) => Results.Text(s.RootCertificatePem + "\n", "application/x-pem-file"))
            .RequireAuthorization(Policies.SealVerify.Name);
    }

    /// <summary>Reads a sealed file from a multipart "file" part or the raw body, refusing more than <see cref="DocumentSeals.MaxSealedFileBytes"/> (413).</summary>
    public static async Task<byte[]> ReadSealedFileAsync(HttpContext http, CancellationToken ct)
    {
        const long max = DocumentSeals.MaxSealedFileBytes;
        var tooLarge = DocumentSeals.TooLarge("file", $"a sealed file is at most {max / (1024 * 1024)} MB");
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = max + 64 * 1024;
        Stream source;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + 64 * 1024 }, ct);
            var file = form.Files.GetFile("file") ?? throw new ValidationProblem("file", "required", "请选择要验证的文件（字段名 file） / send the sealed file in a multipart part named 'file'");
            if (file.Length > max) throw tooLarge;
            source = file.OpenReadStream();
        }
        else
        {
            if (http.Request.ContentLength > max) throw tooLarge; // answered at once, before the body is read
            source = http.Request.Body;
        }
        await using (source == http.Request.Body ? null : source)
        {
            using var ms = new MemoryStream();
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await source.ReadAsync(buffer, ct)) > 0)
            {
                if (ms.Length + n > max) throw tooLarge;
                ms.Write(buffer, 0, n);
            }
            if (ms.Length == 0) throw new ValidationProblem("file", "required", "请提供要验证的文件 / send the sealed file as the body or in a multipart part named 'file'");
            return ms.ToArray();
        }
    }

    private static IReadOnlyList<KeyValuePair<string, string?>> SealQuery(HttpContext http)
    {
        var list = new List<KeyValuePair<string, string?>>(http.Request.Query.Count);
        foreach (var (k, v) in http.Request.Query)
        {
            if (v.Count > 1) throw new BadRequestProblem(k, "single-value", $"'{k}' is given {v.Count} times; give it once (use __in for several values)");
            list.Add(new(k, v.ToString()));
        }
        return list;
    }
}
