using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Conditional opening (贵州 arts 31, 33; docs/portal-opening.md): /api/v1/opening/….</summary>
public static class OpeningApi
{
    public static void MapOpeningApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/opening");
        var apps = g.MapGroup("/applications");
        apps.MapPost("", async (HttpContext http, OpenApplications h, OpenApplicationInput body, CancellationToken ct) =>
        {
            var view = await h.Apply(http.Actor(), body, ct);
            return Results.Created($"/api/v1/opening/applications/{view.Id}", view);
        }).RequireAuthorization(Policies.OpenApply.Name);
        // The applicant's own applications (citizen, market entity).
        apps.MapGet("/mine", (HttpContext http, OpenApplicationQueries q, CancellationToken ct) => q.Mine(http.Actor(), ct))
            .RequireAuthorization(Policies.OpenApply.Name);
        // Those the bureau reviews or forwarded to the department.
        apps.MapGet("", (HttpContext http, OpenApplicationQueries q, CancellationToken ct) => q.Work(http.Actor(), ct))
            .RequireAuthorization(Policies.OpenApplicationsRead.Name);
        // One application: to its applicant, its bureau, its provider once forwarded (404 to anyone else).
        apps.MapGet("/{id:guid}", async (HttpContext http, OpenApplicationQueries q, Guid id, CancellationToken ct) =>
        {
            var (view, acts) = await q.Get(http.Actor(), id, ct);
            return Results.Ok(new { application = view, acts = acts.Order() });
        }).RequireAuthorization(Policies.SignedIn.Name);
        apps.MapPost("/{id:guid}/review", (HttpContext http, OpenApplications h, Guid id, OpenApplicationAct body, CancellationToken ct) => h.Review(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.OpenReview.Name);
        apps.MapPost("/{id:guid}/reply", (HttpContext http, OpenApplications h, Guid id, OpenApplicationAct body, CancellationToken ct) => h.Reply(http.Actor(), id, body, ct))
            .RequireAuthorization(Policies.OpenAnswer.Name);
        apps.MapPost("/{id:guid}/open", (HttpContext http, OpenApplications h, Guid id, OpenApplicationAct? body, CancellationToken ct) =>
            h.Open(http.Actor(), id, body ?? new OpenApplicationAct(null, null), ct)).RequireAuthorization(Policies.OpenAnswer.Name);
        apps.MapPost("/{id:guid}/withdraw", (HttpContext http, OpenApplications h, Guid id, CancellationToken ct) => h.Withdraw(http.Actor(), id, ct))
            .RequireAuthorization(Policies.OpenApply.Name);
        // The public announcements of withdrawn open data (贵州 art.33): anyone.
        g.MapGet("/announcements", (OpenWithdrawals w, CancellationToken ct) => w.ListAsync(ct)).RequireAuthorization(Policies.OpenData.Name);
    }
}
