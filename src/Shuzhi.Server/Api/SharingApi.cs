using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
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
        var seals = api.MapGroup("/seals");
        // ---- Seals (art.26) ----
    }
}
