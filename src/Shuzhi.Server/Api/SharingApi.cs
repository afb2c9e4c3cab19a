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
    public sealed record ReasonBody(string? Reason);

    public static void MapSharingApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sharing");
        // ---- Discovery, applications (贵州 art.23), grants, usage, supply–demand list (art.38) ----
        var read = Policies.SharingRead.Name;
        g.MapGet("/resources", (HttpContext http, SharingResources h, string? q, string? department, string? domain, string? shareType, int? limit, CancellationToken ct)
            => h.Handle(http.Actor(), new SharingResources.Query(q, department, domain, shareType, limit), ct)).RequireAuthorization(read);

        var apps = g.MapGroup("/applications");
        apps.MapPost("", async (HttpContext http, SharingApplications h, ApplicationInput body, CancellationToken ct) =>
        {
            var view = await h.Apply(http.Actor(), body, ct);
            return Results.Created($"/api/v1/sharing/applications/{view.Id}", view);
        }).RequireAuthorization(Policies.SharingApply.Name);
        apps.MapGet("", (HttpContext http, ApplicationQueries h, string? role, string? state, CancellationToken ct) => h.List(http.Actor(), role, state, ct))
            .RequireAuthorization(read);
        apps.MapGet("/{id:guid}", (HttpContext http, ApplicationQueries h, Guid id, CancellationToken ct) => h.Get(http.Actor(), id, ct))
            .RequireAuthorization(read);
        apps.MapPost("/{id:guid}/review", (HttpContext http, SharingApplications h, Guid id, ApplicationAct body, CancellationToken ct) => h.Review(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingCoordinate.Name);
        apps.MapPost("/{id:guid}/resubmit", (HttpContext http, SharingApplications h, Guid id, ApplicationInput body, CancellationToken ct) => h.Resubmit(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingApply.Name);
        apps.MapPost("/{id:guid}/reply", (HttpContext http, SharingApplications h, Guid id, ApplicationAct body, CancellationToken ct) => h.Reply(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingProvide.Name);
        apps.MapPost("/{id:guid}/object", (HttpContext http, SharingApplications h, Guid id, ApplicationAct body, CancellationToken ct) => h.Object(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingApply.Name);
        apps.MapPost("/{id:guid}/accept", (HttpContext http, SharingApplications h, Guid id, CancellationToken ct) => h.AcceptRefusal(http.Actor(), id, ct))
            .RequireAuthorization(Policies.SharingApply.Name);
        apps.MapPost("/{id:guid}/withdraw", (HttpContext http, SharingApplications h, Guid id, CancellationToken ct) => h.Withdraw(http.Actor(), id, ct))
            .RequireAuthorization(Policies.SharingApply.Name);
        apps.MapPost("/{id:guid}/negotiate", (HttpContext http, SharingApplications h, Guid id, ApplicationAct body, CancellationToken ct) => h.Negotiate(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingCoordinate.Name);
        apps.MapPost("/{id:guid}/decide", (HttpContext http, SharingApplications h, Guid id, ApplicationAct body, CancellationToken ct) => h.Decide(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingDecide.Name);

        var grants = g.MapGroup("/grants");
        grants.MapGet("", (HttpContext http, SharingGrants h, string? entry, CancellationToken ct) => h.List(http.Actor(), entry, ct)).RequireAuthorization(read);
        grants.MapGet("/{id:guid}", (HttpContext http, SharingGrants h, Guid id, CancellationToken ct) => h.Get(http.Actor(), id, ct)).RequireAuthorization(read);
        grants.MapPost("/{id:guid}/revoke", (HttpContext http, SharingGrants h, Guid id, ReasonBody? body, CancellationToken ct) => h.Revoke(http.Actor(), id, body?.Reason, ct))
            .RequireAuthorization(Policies.SharingProvide.Name);
        grants.MapPost("/{id:guid}/feedback", (HttpContext http, SharingGrants h, Guid id, FeedbackInput body, CancellationToken ct) => h.Feedback(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingApply.Name);
        g.MapGet("/usage", (HttpContext http, SharingGrants h, string? entry, Guid? grant, int? limit, CancellationToken ct) => h.Usage(http.Actor(), entry, grant, limit, ct))
            .RequireAuthorization(read);

        g.MapGet("/demands", (HttpContext http, SupplyDemandList h, bool? open, CancellationToken ct) => h.List(http.Actor(), open ?? false, ct)).RequireAuthorization(read);
        g.MapPost("/demands", async (HttpContext http, SupplyDemandList h, DemandInput body, CancellationToken ct) =>
        {
            var line = await h.File(http.Actor(), body, ct);
            return Results.Created($"/api/v1/sharing/demands/{line.Id}", line);
        }).RequireAuthorization(Policies.SharingApply.Name);
        g.MapPost("/demands/{id:guid}/resolve", (HttpContext http, SupplyDemandList h, Guid id, ResolveInput body, CancellationToken ct) => h.Resolve(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.SharingCoordinate.Name);

        // ---- Stops (art.24), corrections (art.25) ----
        // ---- Filings (arts 20, 39, 44) ----
        g.MapFilingsApi(); // SharingApi.Filings.cs (docs/sharing-filings.md)
        // Applications (贵州 art.23), grants, usage
        // Stops (art.24), corrections (art.25) — begin (branch stops; docs/sharing-stops-corrections.md)
        g.MapPost("/stops", async (HttpContext http, FileSupplyStop file, CancellationToken ct) =>
        {
            var stop = await file.Handle(http.Actor(), await http.Request.ReadJsonAsync<FileSupplyStop.Command>(ct), ct);
            return Results.Created($"/api/v1/sharing/stops/{stop.Id}", stop);
        }).RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.stops.file");
        g.MapGet("/stops", async (HttpContext http, ListSupplyStops list, CancellationToken ct) => Results.Ok(await list.Handle(http.Actor(), ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.stops.list");
        g.MapGet("/stops/{id:guid}", async (Guid id, HttpContext http, ListSupplyStops list, CancellationToken ct) => Results.Ok(await list.Get(http.Actor(), id, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.stops.get");
        g.MapPost("/stops/{id:guid}/cancel", async (Guid id, HttpContext http, CancelSupplyStop cancel, CancellationToken ct) =>
        {
            var body = http.Request.ContentLength is null or 0 && !http.Request.HasJsonContentType()
                ? new CancelSupplyStop.Command(null) : await http.Request.ReadJsonAsync<CancelSupplyStop.Command>(ct);
            return Results.Ok(await cancel.Handle(http.Actor(), id, body, ct));
        }).RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.stops.cancel");

        g.MapPost("/corrections", async (HttpContext http, ReportCorrection report, CancellationToken ct) =>
        {
            var r = await report.Handle(http.Actor(), await http.Request.ReadJsonAsync<ReportCorrection.Command>(ct), ct);
            return Results.Created($"/api/v1/sharing/corrections/{r.Id}", r);
        }).RequireAuthorization(Policies.SharingApply.Name).WithName("sharing.corrections.report");
        g.MapGet("/corrections", async (HttpContext http, ListCorrections list, string? state, CancellationToken ct)
            => Results.Ok(await list.Handle(http.Actor(), state, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.corrections.list");
        g.MapGet("/corrections/{id:guid}", async (Guid id, HttpContext http, ListCorrections list, CancellationToken ct) => Results.Ok(await list.Get(http.Actor(), id, ct)))
            .RequireAuthorization(Policies.SharingRead.Name).WithName("sharing.corrections.get");
        g.MapPost("/corrections/{id:guid}/answer", async (Guid id, HttpContext http, AnswerCorrection answer, CancellationToken ct)
            => Results.Ok(await answer.Handle(http.Actor(), id, await http.Request.ReadJsonAsync<AnswerCorrection.Command>(ct), ct)))
            .RequireAuthorization(Policies.SharingProvide.Name).WithName("sharing.corrections.answer");
        // Stops, corrections — end
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
            var file = await extracts.Handle(http.Actor(), code, format, DatasetsApi.Query(http), ct);
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
}
