using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Portal;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The public portal pages are served from a short output cache to anonymous visitors (docs/portal.md "Page cache"):
/// a repeat answer comes from the cache (it carries an Age header), every view is still counted, a committed change shows
/// at once, the language and display preferences are kept apart, and a signed-in person is never served a cached page.
/// The cache sits in the web tier, the same on both databases: SQLite only.
/// </summary>
public sealed class PortalPageCacheTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private static async Task<(HttpResponseMessage Response, string Html)> Get(HttpClient client, string url)
    {
        var r = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (r, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_pages_come_from_the_cache_until_a_change_commits_and_views_are_still_counted()
    {
        var d = await OpenTestData.MakeAsync(server, "缓存");
        var url = $"/open/datasets/{d.Open}";
        using var anon = server.Anonymous();
        var (first, html) = await Get(anon, url);
        Assert.False(first.Headers.Contains("Age"), "the first answer is made, not cached");
        Assert.Contains("30", html);
        var (second, again) = await Get(anon, url);
        Assert.True(second.Headers.Contains("Age"), "the repeat answer comes from the cache");
        Assert.Equal(html, again);
        var views = await server.WithServices(s => s.GetRequiredService<UsageStatistics>().ForEntryAsync(d.Open, null, null, CancellationToken.None));
        Assert.Equal(2, views.Views); // counted on the cache hit too

        // English is a page of its own, not the cached Chinese one.
        var en = new HttpRequestMessage(HttpMethod.Get, url);
        en.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var english = await (await anon.SendAsync(en)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("lang=\"zh-CN\"", html);

        // A change commits (a new version with 45 rows): the next answer is made afresh.
        await LoadAsync(await server.As(Provider), d.Open, CleanCsv(1, 45));
        var (third, fresh) = await Get(anon, url);
        Assert.False(third.Headers.Contains("Age"));
        Assert.Contains("45", fresh);
        Assert.NotEqual(html, fresh);
    }

    [Fact]
    public async Task A_signed_in_person_is_never_served_a_cached_page()
    {
        using var anon = server.Anonymous();
        await Get(anon, "/open");
        await Get(anon, "/open"); // now cached for anonymous visitors
        using var web = await WebSignIn.SignInAsync(server, "citizen.zhang");
        var (r, html) = await Get(web, "/open");
        Assert.False(r.Headers.Contains("Age"));
        Assert.Contains("张晓明", html);
        var (r2, html2) = await Get(anon, "/open");
        Assert.DoesNotContain("张晓明", html2);
        Assert.True(r2.Headers.Contains("Age"));
    }
}
