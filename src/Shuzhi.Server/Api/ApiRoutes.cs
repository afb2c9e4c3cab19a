namespace Shuzhi.Server.Api;

/// <summary>The HTTP API, /api/v1. One file per module maps its endpoints; each endpoint requires a named policy.</summary>
public static class ApiRoutes
{
    public static void MapShuzhiApi(this WebApplication app, bool demo)
    {
        var api = app.MapGroup("/api/v1");
        api.MapIdentityApi(demo);
        // Modules: one line each.
        api.MapCatalogueApi();
        api.MapTimeApi();
        api.MapCasesApi();
        api.MapEvidenceApi();
        api.MapDatasetsApi();
        api.MapSharingApi();
        api.MapCommunityApi(); // portal: subscriptions, notices, community data, showcase (docs/portal-community.md)
        api.MapOpenRequestsApi(); // open data portal: data requests, objections, ratings (docs/portal-requests.md)
        api.MapOpeningApi(); // conditional opening, 贵州 arts 31, 33 (docs/portal-opening.md)
        api.MapBackofficeApi(); // open data portal back office (docs/portal-backoffice.md)
        app.MapCkanApi(); // open data portal: CKAN /api/3/action/… and DCAT /catalog.*, at the root (docs/portal.md)
    }
}
