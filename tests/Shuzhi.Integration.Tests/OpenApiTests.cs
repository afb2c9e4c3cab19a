using System.Net;
using System.Text.Json.Nodes;

namespace Shuzhi.Integration.Tests;

/// <summary>
/// The OpenAPI description (spec 20: "an OpenAPI description of every endpoint"): anonymous, OpenAPI 3, and it names the
/// platform's API routes — the CKAN actions, the catalogue, the row API — with their methods. The document is the
/// same on both databases, so SQLite only.
/// </summary>
public sealed class OpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Anyone_can_read_the_OpenAPI_description_of_the_HTTP_API()
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", (string?)doc["openapi"]);
        var paths = doc["paths"]!.AsObject();
        foreach (var (path, method) in new[]
                 {
                     ("/api/3/action/package_search", "get"), ("/api/3/action/datastore_search", "get"), ("/api/v1/catalogue/entries", "post"),
                     ("/api/v1/datasets/{code}/rows", "get"), ("/api/v1/auth/token", "post"),
                 })
        {
            Assert.True(paths.ContainsKey(path), $"{path} missing from the OpenAPI paths");
            Assert.NotNull(paths[path]![method]);
        }
        // Pages are not API: they are not described.
        Assert.DoesNotContain(paths, p => p.Key.StartsWith("/open/", StringComparison.Ordinal));
    }
}
