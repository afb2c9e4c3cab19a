using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>政务数据资源目录 (spec 10 §1): /api/v1/catalogue/…</summary>
public static class CatalogueApi
{
    public sealed record ReviewBody(string? Decision, string? Reasons);
    public sealed record ReasonBody(string? Reason);
    public sealed record DecideBody(string? AuthoritativeEntry, string? Reason);

    public static void MapCatalogueApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/catalogue");
        var read = Policies.GovernmentUser.Name;

        g.MapGet("/entries", (HttpContext http, SearchEntries search, string? q, string? department, string? level, string? category, string? domain,
                string? shareType, string? openType, string? state, int? page, int? pageSize, CancellationToken ct)
            => search.Handle(http.Actor(), new SearchEntries.Query(q, department, level, category, domain, shareType, openType, state, page, pageSize), ct))
            .RequireAuthorization(read);

        g.MapGet("/review-queue", (HttpContext http, SearchEntries search, int? page, int? pageSize, CancellationToken ct) =>
        {
            http.Actor().Require(Policies.CatalogueReview);
            return search.Handle(http.Actor(), new SearchEntries.Query(Page: page, PageSize: pageSize, ReviewQueue: true), ct);
        }).RequireAuthorization(Policies.CatalogueReview.Name);

        g.MapPost("/entries", async (HttpContext http, CreateDraft create, EntryAttributes? body, CancellationToken ct) =>
        {
            var d = await create.Handle(http.Actor(), new CreateDraft.Command(body), ct);
            return Results.Created($"/api/v1/catalogue/entries/{d.Code}", d);
        }).RequireAuthorization(Policies.CatalogueEdit.Name);

        g.MapGet("/entries/{code}", (HttpContext http, GetEntry get, string code, CancellationToken ct)
            => get.Handle(http.Actor(), code, null, ct)).RequireAuthorization(read);

        g.MapPut("/entries/{code}", (HttpContext http, UpdateDraft update, string code, EntryAttributes? body, CancellationToken ct)
            => update.Handle(http.Actor(), new UpdateDraft.Command(code, body), ct)).RequireAuthorization(Policies.CatalogueEdit.Name);

        g.MapGet("/entries/{code}/versions", (HttpContext http, ListVersions list, string code, CancellationToken ct)
            => list.Handle(http.Actor(), code, ct)).RequireAuthorization(read);

        g.MapGet("/entries/{code}/versions/{number:int}", (HttpContext http, GetEntry get, string code, int number, CancellationToken ct)
            => get.Handle(http.Actor(), code, number, ct)).RequireAuthorization(read);

        g.MapPost("/entries/{code}/submit", (HttpContext http, SubmitEntry submit, string code, CancellationToken ct)
            => submit.Handle(http.Actor(), new SubmitEntry.Command(code), ct)).RequireAuthorization(Policies.CatalogueEdit.Name);

        g.MapPost("/entries/{code}/review", (HttpContext http, ReviewEntry review, string code, ReviewBody? body, CancellationToken ct)
            => review.Handle(http.Actor(), new ReviewEntry.Command(code, body?.Decision, body?.Reasons), ct)).RequireAuthorization(Policies.CatalogueReview.Name);

        g.MapPost("/entries/{code}/withdraw", (HttpContext http, WithdrawEntry withdraw, string code, ReasonBody? body, CancellationToken ct)
            => withdraw.Handle(http.Actor(), new WithdrawEntry.Command(code, body?.Reason), ct)).RequireAuthorization(Policies.CatalogueWithdraw.Name);

        g.MapGet("/changes", (HttpContext http, ListChanges list, CancellationToken ct) => list.Handle(http.Actor(), ct)).RequireAuthorization(read);

        g.MapPost("/changes", async (HttpContext http, RegisterChange register, RegisterChange.Command? body, CancellationToken ct) =>
        {
            var c = await register.Handle(http.Actor(), body ?? new RegisterChange.Command(null, null, null, null), ct);
            return Results.Created($"/api/v1/catalogue/changes/{c.Id}", c);
        }).RequireAuthorization(Policies.CatalogueEdit.Name);

        g.MapPost("/changes/{id:guid}/extend", (HttpContext http, ExtendUpdate extend, Guid id, ReasonBody? body, CancellationToken ct)
            => extend.Handle(http.Actor(), new ExtendUpdate.Command(id, body?.Reason), ct)).RequireAuthorization(Policies.CatalogueReview.Name);

        g.MapGet("/conflicts", (HttpContext http, ListConflicts list, string? state, CancellationToken ct)
            => list.Handle(http.Actor(), state, ct)).RequireAuthorization(read);

        g.MapPost("/conflicts/{id:guid}/decide", (HttpContext http, DecideConflict decide, Guid id, DecideBody? body, CancellationToken ct)
            => decide.Handle(http.Actor(), new DecideConflict.Command(id, body?.AuthoritativeEntry, body?.Reason), ct)).RequireAuthorization(Policies.CatalogueReview.Name);

        g.MapGet("/export", async (HttpContext http, ExportCatalogue export, string? department, string? format, CancellationToken ct) =>
        {
            var r = await export.Handle(http.Actor(), department, format, ct);
            return Results.File(r.Content, r.ContentType, r.FileName);
        }).RequireAuthorization(read);

        // multipart/form-data with a "file" part, or the file itself as the body (application/json or the xlsx type).
        g.MapPost("/import", async (HttpContext http, ImportCatalogue import, CancellationToken ct) =>
        {
            var actor = http.Actor();
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
                    ?? throw new BadRequestProblem("file", "required", "请选择要导入的文件（字段名 file） / send the file in a multipart part named 'file'");
                await using var s = file.OpenReadStream();
                return Results.Ok(await import.Handle(actor, file.FileName, s, ct));
            }
            var name = http.Request.ContentType?.Contains("spreadsheetml") == true ? "import.xlsx" : "import.json";
            return Results.Ok(await import.Handle(actor, name, http.Request.Body, ct));
        }).RequireAuthorization(Policies.CatalogueEdit.Name).DisableAntiforgery();
    }
}
