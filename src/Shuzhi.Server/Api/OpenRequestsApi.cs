using Microsoft.AspNetCore.Http.Features;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Requests;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>
/// Data requests, objections and ratings of the open data portal (issue 5 item 5; docs/portal-requests.md):
/// /api/v1/open/requests…, /api/v1/open/objections…, /api/v1/open/datasets/{code}/feedback|objections|rating.
/// </summary>
public static class OpenRequestsApi
{
    /// <summary>The largest request body of a submission: every attachment at its limit, and the text.</summary>
    public const long MaxSubmissionBytes = DataRequest.MaxFiles * Attachment.MaxBytes + 1024 * 1024;

    public static void MapOpenRequestsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/open");
        // POST multipart/form-data: title, description, purpose, entry?, department?, file (repeatable); or JSON without files.
        g.MapPost("/requests", async (HttpContext http, SubmitDataRequest submit, CancellationToken ct) =>
        {
            var view = await submit.Handle(http.Actor(), await ReadSubmissionAsync(http, ct), ct);
            return Results.Created($"/api/v1/open/requests/{view.Id}", view);
        }).RequireAuthorization(Policies.OpenRequest.Name).WithName("open.requests.submit");
        g.MapGet("/requests", (HttpContext http, DataRequestQueries q, string? scope, CancellationToken ct) => q.List(http.Actor(), scope, ct))
            .RequireAuthorization(Policies.SignedIn.Name).WithName("open.requests.list");
        g.MapGet("/requests/timeliness", (HttpContext http, RequestTimeliness t, CancellationToken ct) => t.Handle(http.Actor(), ct))
            .RequireAuthorization(Policies.OpenCoordinate.Name).WithName("open.requests.timeliness");
        g.MapGet("/requests/{id:guid}", (Guid id, HttpContext http, DataRequestQueries q, CancellationToken ct) => q.Get(http.Actor(), id, ct))
            .RequireAuthorization(Policies.SignedIn.Name).WithName("open.requests.get");
        g.MapPost("/requests/{id:guid}/route", async (Guid id, HttpContext http, RouteDataRequest route, CancellationToken ct)
            => await route.Handle(http.Actor(), id, await http.Request.ReadJsonAsync<RouteDataRequest.Command>(ct), ct))
            .RequireAuthorization(Policies.OpenCoordinate.Name).WithName("open.requests.route");
        g.MapPost("/requests/{id:guid}/answer", async (Guid id, HttpContext http, AnswerDataRequest answer, CancellationToken ct)
            => await answer.Handle(http.Actor(), id, await http.Request.ReadJsonAsync<AnswerDataRequest.Command>(ct), ct))
            .RequireAuthorization(Policies.OpenRespond.Name).WithName("open.requests.answer");

        // Feedback on an open dataset: anyone reads the summary; public users object and rate.
        g.MapGet("/datasets/{code}/feedback", (string code, HttpContext http, DatasetFeedbackQueries q, CancellationToken ct) => q.Summary(http.FindActor(), code, ct))
            .RequireAuthorization(Policies.OpenData.Name).WithName("open.feedback.get");
        g.MapPost("/datasets/{code}/objections", async (string code, HttpContext http, RaiseObjection raise, CancellationToken ct) =>
        {
            var view = await raise.Handle(http.Actor(), code, await http.Request.ReadJsonAsync<RaiseObjection.Command>(ct), ct);
            return Results.Created($"/api/v1/open/objections/{view.Id}", view);
        }).RequireAuthorization(Policies.OpenRequest.Name).WithName("open.objections.raise");
        g.MapPut("/datasets/{code}/rating", async (string code, HttpContext http, RateDataset rate, CancellationToken ct)
            => await rate.Handle(http.Actor(), code, await http.Request.ReadJsonAsync<RateDataset.Command>(ct), ct))
            .RequireAuthorization(Policies.OpenRequest.Name).WithName("open.rating.set");
        g.MapGet("/objections", (HttpContext http, DatasetFeedbackQueries q, string? scope, CancellationToken ct) => q.List(http.Actor(), scope, ct))
            .RequireAuthorization(Policies.SignedIn.Name).WithName("open.objections.list");
        g.MapPost("/objections/{id:guid}/answer", async (Guid id, HttpContext http, AnswerObjection answer, CancellationToken ct)
            => await answer.Handle(http.Actor(), id, await http.Request.ReadJsonAsync<AnswerObjection.Command>(ct), ct))
            .RequireAuthorization(Policies.OpenRespond.Name).WithName("open.objections.answer");
    }

    private static async Task<SubmitDataRequest.Command> ReadSubmissionAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            var json = await http.Request.ReadJsonAsync<SubmitDataRequest.Command>(ct);
            return json with { Files = [] };
        }
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize = MaxSubmissionBytes;
        var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxSubmissionBytes }, ct);
        return await FormAsync(form.Files.GetFiles("file"), form["title"], form["description"], form["purpose"], form["entry"], form["department"], ct);
    }

    /// <summary>A submission from a form (API and the /open/requests/new page alike): each file refused over 10 MB before it is read.</summary>
    public static async Task<SubmitDataRequest.Command> FormAsync(IReadOnlyList<IFormFile> files, string? title, string? description, string? purpose,
        string? entry, string? department, CancellationToken ct)
    {
        var read = new List<AddAttachment.Command>();
        foreach (var f in files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).Take(DataRequest.MaxFiles + 1))
            read.Add(await AttachmentUpload.ReadAsync(f, null, ct));
        return new SubmitDataRequest.Command(title, description, purpose, entry, department, read);
    }
}
