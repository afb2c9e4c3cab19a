using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Community;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>
/// The portal's community features (docs/portal-community.md): subscriptions and notices, the user's e-mail address,
/// social data and showcase submissions (/api/v1/open/…), and the bureau's review (/api/v1/community/review…).
/// </summary>
public static class CommunityApi
{
    public static void MapCommunityApi(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("/open");
        var user = Policies.OpenCommunity.Name;

        // Subscriptions (订阅与推送)
        open.MapGet("/subscriptions", async (HttpContext http, Subscriptions h, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), ct))).RequireAuthorization(user);
        open.MapPost("/subscriptions", async (HttpContext http, Subscriptions h, CancellationToken ct) =>
        {
            var view = await h.Subscribe(http.Actor(), await http.Request.ReadJsonAsync<Subscriptions.Command>(ct), ct);
            return Results.Created($"/api/v1/open/subscriptions/{view.Id}", view);
        }).RequireAuthorization(user);
        open.MapDelete("/subscriptions/{id:guid}", async (HttpContext http, Subscriptions h, Guid id, CancellationToken ct) =>
        {
            await h.Unsubscribe(http.Actor(), id, ct);
            return Results.NoContent();
        }).RequireAuthorization(user);
        open.MapPost("/subscriptions/scan", async (HttpContext http, ScanSubscriptions h, CancellationToken ct)
            => Results.Ok(await h.Handle(http.Actor(), ct))).RequireAuthorization(Policies.CommunityReview.Name);

        // Notices (我的通知) and the address they are e-mailed to
        open.MapGet("/notices", async (HttpContext http, MyNotices h, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), ct))).RequireAuthorization(user);
        open.MapPost("/notices/{id:guid}/read", async (HttpContext http, MyNotices h, Guid id, CancellationToken ct)
            => Results.Ok(new { read = await h.MarkRead(http.Actor(), id, ct) })).RequireAuthorization(user);
        open.MapPost("/notices/read-all", async (HttpContext http, MyNotices h, CancellationToken ct)
            => Results.Ok(new { read = await h.MarkRead(http.Actor(), null, ct) })).RequireAuthorization(user);
        open.MapGet("/me/email", async (HttpContext http, ContactEmail h, CancellationToken ct)
            => Results.Ok(await h.Get(http.Actor(), ct))).RequireAuthorization(user);
        open.MapPut("/me/email", async (HttpContext http, ContactEmail h, CancellationToken ct)
            => Results.Ok(await h.Set(http.Actor(), await http.Request.ReadJsonAsync<ContactEmail.Command>(ct), ct))).RequireAuthorization(user);
        open.MapGet("/me/contributions", async (HttpContext http, ContributionQueries h, CancellationToken ct)
            => Results.Ok(await h.MineAsync(http.Actor(), ct))).RequireAuthorization(user);

        // Social data (社会数据): submitted by users, shown once approved
        open.MapPost("/community-data", async (HttpContext http, SubmitCommunityData h, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType)
                throw new Shuzhi.Platform.Common.BadRequestProblem("file", "multipart", "send multipart/form-data: file, title, description, licence");
            var form = await http.Request.ReadFormAsync(ct);
            var view = await h.Handle(http.Actor(), await CommunityUpload.ReadAsync(form.Files.GetFile("file"), form["title"], form["description"], form["licence"], ct), ct);
            return Results.Created($"/api/v1/open/community-data/{view.Id}", view);
        }).RequireAuthorization(user);
        open.MapGet("/community-data", async (ContributionQueries h, CancellationToken ct)
            => Results.Ok(await h.ApprovedData(ct))).RequireAuthorization(Policies.OpenData.Name);
        open.MapGet("/community-data/{id:guid}", async (ContributionQueries h, Guid id, CancellationToken ct)
            => await h.ApprovedPreview(id, ct) is { } p ? Results.Ok(p) : throw new Shuzhi.Platform.Common.NotFoundProblem("community-data", id.ToString()))
            .RequireAuthorization(Policies.OpenData.Name);
        open.MapGet("/community-data/{id:guid}/file", async (HttpContext http, ContributionQueries h, Guid id, CancellationToken ct)
            => await h.File(http.FindActor(), id, ct) is { } f
                ? Results.File(f.Content, CommunityUpload.MediaType(f.Format), f.FileName)
                : throw new Shuzhi.Platform.Common.NotFoundProblem("community-data", id.ToString()))
            .RequireAuthorization(Policies.OpenData.Name);

        // Showcase (成果展示)
        open.MapPost("/showcase", async (HttpContext http, SubmitShowcase h, CancellationToken ct) =>
        {
            var view = await h.Handle(http.Actor(), await http.Request.ReadJsonAsync<SubmitShowcase.Command>(ct), ct);
            return Results.Created($"/api/v1/open/showcase/{view.Id}", view);
        }).RequireAuthorization(user);
        open.MapGet("/showcase", async (ContributionQueries h, string? dataset, CancellationToken ct)
            => Results.Ok(await h.ApprovedShowcase(dataset, ct))).RequireAuthorization(Policies.OpenData.Name);
        open.MapGet("/showcase/count", async (ContributionQueries h, CancellationToken ct)
            => Results.Ok(new { applications = await h.ApprovedShowcaseCount(ct) })).RequireAuthorization(Policies.OpenData.Name);

        // The bureau's review of both
        var review = api.MapGroup("/community/review");
        review.MapGet("", async (HttpContext http, ContributionQueries h, CancellationToken ct)
            => Results.Ok(await h.ForReviewAsync(http.Actor(), ct))).RequireAuthorization(Policies.CommunityReview.Name);
        review.MapPost("/{kind}/{id:guid}/approve", async (HttpContext http, ReviewSubmission h, string kind, Guid id, CancellationToken ct)
            => Results.Ok(new { state = await h.Handle(http.Actor(), kind, id, new(true, null), ct) })).RequireAuthorization(Policies.CommunityReview.Name);
        review.MapPost("/{kind}/{id:guid}/reject", async (HttpContext http, ReviewSubmission h, string kind, Guid id, CancellationToken ct) =>
        {
            var body = await http.Request.ReadJsonAsync<RejectBody>(ct);
            return Results.Ok(new { state = await h.Handle(http.Actor(), kind, id, new(false, body.Reason), ct) });
        }).RequireAuthorization(Policies.CommunityReview.Name);
    }

    private sealed record RejectBody(string? Reason);
}

/// <summary>An uploaded social-data file (API and page alike): refused over the limit before it is read, then read whole.</summary>
public static class CommunityUpload
{
    public static async Task<SubmitCommunityData.Command> ReadAsync(IFormFile? file, string? title, string? description, string? licence, CancellationToken ct)
    {
        if (file is null) return new(title, description, licence, null, null);
        if (file.Length > CommunityDataset.MaxBytes) throw SubmitCommunityData.TooLarge();
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        return new(title, description, licence, file.FileName, ms.ToArray());
    }

    public static string MediaType(string format) => format == "XLSX"
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv";
}
