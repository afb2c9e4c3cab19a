using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Backoffice;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>
/// The portal's back office (docs/portal-backoffice.md): /api/v1/portal/… — publish preview, usage statistics and their
/// export, annual openable-data plans, flags, the sensitive-field scan and the indicators. Signed-in government users only.
/// </summary>
public static class BackofficeApi
{
    public static void MapBackofficeApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/portal");
        g.MapGet("/preview/{code}", async (HttpContext http, PublishPreview h, string code, int? version, CancellationToken ct)
            => Results.Ok(await h.Handle(http.Actor(), code, version, ct))).RequireAuthorization(Policies.OpenBackoffice.Name);

        g.MapGet("/statistics", async (HttpContext http, BackofficeStatistics h, string? from, string? to, CancellationToken ct)
            => Results.Ok(await h.Handle(http.Actor(), from, to, ct))).RequireAuthorization(Policies.OpenBackoffice.Name);
        g.MapGet("/statistics/export", async (HttpContext http, BackofficeStatistics h, string? from, string? to, string? table, string? format, CancellationToken ct) =>
        {
            var e = await h.ExportAsync(http.Actor(), from, to, table, format, ct);
            return Results.File(e.Content, e.ContentType, e.FileName);
        }).RequireAuthorization(Policies.OpenBackoffice.Name);

        g.MapGet("/plans/{year:int}", async (HttpContext http, OpenPlans h, int year, CancellationToken ct)
            => Results.Ok(await h.Get(http.Actor(), year, ct))).RequireAuthorization(Policies.OpenPlanReport.Name);
        g.MapPut("/plans/{year:int}", async (HttpContext http, OpenPlans h, int year, CancellationToken ct)
            => Results.Ok(await h.Save(http.Actor(), year, await http.Request.ReadJsonAsync<OpenPlans.SaveInput>(ct), ct)))
            .RequireAuthorization(Policies.OpenPlanReport.Name);
        g.MapPost("/plans/{year:int}/submit", async (HttpContext http, OpenPlans h, int year, CancellationToken ct)
            => Results.Ok(await h.Submit(http.Actor(), year, ct))).RequireAuthorization(Policies.OpenPlanReport.Name);
        g.MapGet("/division-plans/{year:int}", async (HttpContext http, OpenPlans h, int year, CancellationToken ct)
            => Results.Ok(await h.Division(http.Actor(), year, ct))).RequireAuthorization(Policies.OpenOversight.Name);
        g.MapPost("/division-plans/{year:int}/{organisation}/return", async (HttpContext http, OpenPlans h, int year, string organisation, CancellationToken ct)
            => Results.Ok(await h.Return(http.Actor(), organisation, year, await http.Request.ReadJsonAsync<OpenPlans.ReturnInput>(ct), ct)))
            .RequireAuthorization(Policies.OpenOversight.Name);

        g.MapGet("/flags", async (HttpContext http, OpenFlags h, CancellationToken ct)
            => Results.Ok(await h.Handle(http.Actor(), ct))).RequireAuthorization(Policies.OpenBackoffice.Name);
        g.MapPut("/flags/settings", async (HttpContext http, OpenFlags h, CancellationToken ct)
            => Results.Ok(await h.SetSettings(http.Actor(), await http.Request.ReadJsonAsync<OpenFlags.SettingsInput>(ct), ct)))
            .RequireAuthorization(Policies.OpenOversight.Name);

        g.MapGet("/sensitive-findings", async (HttpContext http, SensitiveScan h, OpenInventory inventory, CancellationToken ct)
            => Results.Ok(await h.FindingsAsync(http.Actor(), inventory, ct))).RequireAuthorization(Policies.OpenBackoffice.Name);
        g.MapPost("/sensitive-findings/scan", async (HttpContext http, SensitiveScan h, OpenInventory inventory, CancellationToken ct)
            => Results.Ok(await h.RunAsync(http.Actor(), inventory, ct))).RequireAuthorization(Policies.OpenOversight.Name);

        g.MapGet("/indicators", async (HttpContext http, OpenIndicators h, CancellationToken ct)
            => Results.Ok(await h.Handle(http.Actor(), ct))).RequireAuthorization(Policies.OpenOversight.Name);
    }
}
