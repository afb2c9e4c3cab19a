using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server.Api;

/// <summary>Sharing between departments (issue 4; docs/sharing.md): /api/v1/sharing/…, /api/v1/seals/….</summary>
public static class SharingApi
{
    public static void MapSharingApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sharing");
        // Applications (贵州 art.23), grants, usage
        // Stops (art.24), corrections (art.25)
        // Filings (arts 20, 39, 44), supply–demand list (art.38)
        g.MapFilingsApi(); // Filings (arts 20, 39, 44): SharingApi.Filings.cs
        var seals = api.MapGroup("/seals");
        // Seals (art.26)
    }
}
