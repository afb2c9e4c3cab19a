using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Procedure cases (inbox, case, timeline, attachments), overdue notices and supervision (贵州 art.43). See docs/cases.md.</summary>
public static class CasesApi
{
    public static void MapCasesApi(this RouteGroupBuilder api)
    {
        // GET /api/v1/cases?mine=true — inbox (default); mine=false — the cases the actor may see.
        api.MapGet("/cases", async (HttpContext http, ListCases list, CancellationToken ct) =>
        {
            var raw = http.Request.Query["mine"].ToString();
            var mine = raw.Length == 0 || (bool.TryParse(raw, out var m)
                ? m : throw new BadRequestProblem("mine", "boolean", $"mine must be true or false (got '{raw}')"));
            return Results.Ok(await list.Handle(http.Actor(), mine, ct));
        }).RequireAuthorization(Policies.CasesRead.Name).WithName("cases.list");

        api.MapGet("/cases/{id:guid}", async (Guid id, HttpContext http, GetCase get, CancellationToken ct)
            => Results.Ok(await get.Handle(http.Actor(), id, ct)))
            .RequireAuthorization(Policies.CasesRead.Name).WithName("cases.get");

        // POST /api/v1/cases/{id}/comments {text}
        api.MapPost("/cases/{id:guid}/comments", async (Guid id, HttpContext http, AddComment add, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync<AddComment.Command>(http, ct);
            var entry = await add.Handle(http.Actor(), id, body, ct);
            return Results.Created($"/api/v1/cases/{id}", entry);
        }).RequireAuthorization(Policies.CasesRead.Name).WithName("cases.comment");

        // POST /api/v1/cases/{id}/attachments — multipart/form-data: file, comment?
        api.MapPost("/cases/{id:guid}/attachments", async (Guid id, HttpContext http, AddAttachment add, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType)
                throw new BadRequestProblem("file", "multipart", "send the file as multipart/form-data in a field named 'file'");
            var form = await http.Request.ReadFormAsync(ct);
            var command = await AttachmentUpload.ReadAsync(form.Files.GetFile("file"), form["comment"], ct);
            var view = await add.Handle(http.Actor(), id, command, ct);
            return Results.Created($"/api/v1/cases/{id}/attachments/{view.Id}", view);
        }).RequireAuthorization(Policies.CasesRead.Name).WithName("cases.attachment.add");

        api.MapGet("/cases/{id:guid}/attachments/{aid:guid}", async (Guid id, Guid aid, HttpContext http, DownloadAttachment download, CancellationToken ct) =>
        {
            var f = await download.Handle(http.Actor(), id, aid, ct);
            http.Response.Headers["X-Content-SM3"] = f.Sm3;
            return Results.File(f.Bytes, f.ContentType, f.FileName);
        }).RequireAuthorization(Policies.CasesRead.Name).WithName("cases.attachment.get");

        api.MapGet("/notices", async (HttpContext http, Notices notices, CancellationToken ct)
            => Results.Ok(await notices.Handle(http.Actor(), ct)))
            .RequireAuthorization(Policies.CasesRead.Name).WithName("notices.list");

        api.MapPost("/notices/{id:guid}/read", async (Guid id, HttpContext http, Notices notices, CancellationToken ct) =>
        {
            await notices.MarkRead(http.Actor(), id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.CasesRead.Name).WithName("notices.read");

        api.MapGet("/supervision/board", async (HttpContext http, SupervisionBoard board, CancellationToken ct)
            => Results.Ok(await board.Handle(http.Actor(), ct)))
            .RequireAuthorization(Policies.Supervise.Name).WithName("supervision.board");

        api.MapPost("/supervision/detect-overdue", async (HttpContext http, DetectOverdue detect, CancellationToken ct)
            => Results.Ok(await detect.Handle(http.Actor(), ct)))
            .RequireAuthorization(Policies.Supervise.Name).WithName("supervision.detect-overdue");

        api.MapGet("/supervision/service-targets", async (HttpContext http, ServiceTargets targets, CancellationToken ct)
            => Results.Ok(await targets.List(http.Actor(), ct)))
            .RequireAuthorization(Policies.Supervise.Name).WithName("supervision.service-targets");

        // PUT /api/v1/supervision/service-targets {ruleId, length, unit} — length null removes the target.
        api.MapPut("/supervision/service-targets", async (HttpContext http, ServiceTargets targets, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync<ServiceTargets.Command>(http, ct);
            return Results.Ok(await targets.Set(http.Actor(), body, ct));
        }).RequireAuthorization(Policies.Supervise.Name).WithName("supervision.service-targets.set");
    }

    private static Task<T> ReadJsonAsync<T>(HttpContext http, CancellationToken ct) where T : class => http.Request.ReadJsonAsync<T>(ct);
}
