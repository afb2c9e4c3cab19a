using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Integration.Tests.Sharing;

internal static class StopsCorrectionsSupport
{
    /// <summary>A client with a token issued at the fixture's current (moved) time: cached tokens expire when the clock jumps days ahead.</summary>
    public static async Task<HttpClient> Fresh(this ServerFixture server, string username)
    {
        var c = server.Anonymous();
        var r = await c.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoDirectory.Password });
        r.EnsureSuccessStatusCode();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return c;
    }
}
