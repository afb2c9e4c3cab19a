using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>
/// Filings of the sharing regime (docs/sharing-filings.md): /api/v1/sharing/commissioners (贵州 art.39),
/// /basis-filings and /reassessments (art.20), /delegations (art.44).
/// </summary>
public static class SharingFilingsApi
{
    public static void MapFilingsApi(this RouteGroupBuilder g)
    {
        // Data commissioners (数据专员, art.39)
        g.MapGet("/commissioners", async (HttpContext http, Commissioners h, bool? active, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), active ?? false, ct))).RequireAuthorization(Policies.SharingRead.Name);
        g.MapPost("/commissioners", async (HttpContext http, Commissioners h, CancellationToken ct) =>
        {
            var view = await h.Appoint(http.Actor(), await http.Request.ReadJsonAsync<Commissioners.AppointInput>(ct), ct);
            return Results.Created($"/api/v1/sharing/commissioners/{view.Id}", view);
        }).RequireAuthorization(Policies.SharingCommissionerAppoint.Name);
        g.MapPost("/commissioners/end", async (HttpContext http, Commissioners h, CancellationToken ct)
            => Results.Ok(await h.End(http.Actor(), await http.Request.ReadJsonAsync<Commissioners.EndInput>(ct), ct)))
            .RequireAuthorization(Policies.SharingCommissionerAppoint.Name);

        // Conditional-sharing basis on file (art.20), recorded when a Conditional catalogue version is published
        g.MapGet("/basis-filings", async (HttpContext http, ShareBasisFilings h, string? state, string? entry, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), state, entry, ct))).RequireAuthorization(Policies.SharingRead.Name);

        // Re-assessment (art.20 ¶2)
        g.MapGet("/reassessments", async (HttpContext http, Reassessments h, string? state, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), state, ct))).RequireAuthorization(Policies.SharingRead.Name);
        g.MapPost("/reassessments", async (HttpContext http, Reassessments h, CancellationToken ct) =>
        {
            var view = await h.Start(http.Actor(), await http.Request.ReadJsonAsync<Reassessments.StartInput>(ct), ct);
            return Results.Created($"/api/v1/sharing/reassessments/{view.Id}", view);
        }).RequireAuthorization(Policies.SharingCoordinate.Name);
        g.MapPost("/reassessments/open-due", async (HttpContext http, Reassessments h, CancellationToken ct)
            => Results.Ok(await h.OpenDue(http.Actor(), ct))).RequireAuthorization(Policies.SharingCoordinate.Name);
        g.MapPost("/reassessments/{id:guid}/answer", async (HttpContext http, Reassessments h, Guid id, CancellationToken ct)
            => Results.Ok(await h.Answer(http.Actor(), id, await http.Request.ReadJsonAsync<Reassessments.AnswerInput>(ct), ct)))
            .RequireAuthorization(Policies.SharingProvide.Name);

        // Blanket delegation to the level below (art.44)
        g.MapGet("/delegations", async (HttpContext http, Delegations h, bool? active, CancellationToken ct)
            => Results.Ok(await h.List(http.Actor(), active ?? false, ct))).RequireAuthorization(Policies.SharingRead.Name);
        g.MapPost("/delegations", async (HttpContext http, Delegations h, CancellationToken ct) =>
        {
            var view = await h.File(http.Actor(), await http.Request.ReadJsonAsync<Delegations.FileInput>(ct), ct);
            return Results.Created($"/api/v1/sharing/delegations/{view.Id}", view);
        }).RequireAuthorization(Policies.SharingProvide.Name);
        g.MapPost("/delegations/{id:guid}/revoke", async (HttpContext http, Delegations h, Guid id, CancellationToken ct)
            => Results.Ok(await h.Revoke(http.Actor(), id, await http.Request.ReadJsonAsync<Delegations.RevokeInput>(ct), ct)))
            .RequireAuthorization(Policies.SharingProvide.Name);
    }
}
