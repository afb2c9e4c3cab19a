using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Portal.OpenTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The public portal pages (/open, /open/search, /open/datasets/{code}) over real HTTP, as an anonymous visitor sees
/// them: only open data, every personal field masked, downloads and API calls to copy; nothing else exists (404).
/// </summary>
public abstract class PortalPagesTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{

    private static OpenTestData.OpenData? made;
    private static readonly SemaphoreSlim Gate = new(1, 1);


    /// <summary>An open entry with 30 rows, an open entry without data, a not-open entry with data, an open draft — in their own domain.</summary>
    private async Task<OpenTestData.OpenData> DataAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (made is { } f && f.Domain.EndsWith(server.GetType().Name, StringComparison.Ordinal)) return f;
            made = await OpenTestData.MakeAsync(server, "门户");
            return made;
        }
        finally { Gate.Release(); }
    }

    private async Task<(HttpStatusCode Status, string Html)> Get(string url)
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync(url);
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    private async Task<string> Ok(string url)
    {
        var (status, html) = await Get(url);
        Assert.True(status == HttpStatusCode.OK, $"{url} → {(int)status}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    private static string Href(string url) => WebUtility.HtmlEncode(url);

    [Fact]
    public async Task Home_needs_no_sign_in_and_lists_domains_departments_and_the_newest_open_datasets()
    {
        var d = await DataAsync();
        var html = await Ok("/open");
        Assert.Contains("公共数据开放平台", html);
        // The search box is labelled; a skip link leads to the content.
        Assert.Matches("<label for=\"open-q\">[^<]+</label>\\s*<input id=\"open-q\" name=\"q\"", html);
        Assert.Contains("href=\"#content\"", html);
        Assert.Contains("<main id=\"content\"", html);
        // Our domain with its two open packages (the draft and the not-open entry do not count), linking to the filtered search.
        Assert.Contains($"<a href=\"{Href("/open/search?group=" + Uri.EscapeDataString(d.Domain))}\">{d.Domain}</a> <span class=\"muted\">(2)</span>", html);
        Assert.Contains(Href("/open/search?organization=520000-GA"), html);
        // Newest: the same ten as package_search sorts them, ours among the open ones anywhere, never the others.
        using var anon = server.Anonymous();
        var api = await anon.GetFromJsonAsync<JsonElement>("/api/3/action/package_search?rows=10&sort=metadata_modified%20desc");
        foreach (var p in api.GetProperty("result").GetProperty("results").EnumerateArray())
            Assert.Contains($"/open/datasets/{p.GetProperty("name").GetString()}\"", html);
        Assert.DoesNotContain(d.ClosedTitle, html);
        Assert.DoesNotContain(d.DraftTitle, html);
        // English on request.
        Assert.Contains("Open data portal", await Ok("/open?culture=en"));
    }

    [Fact]
    public async Task Search_finds_open_datasets_by_a_Chinese_word_and_by_facets_and_nothing_else()
    {
        var d = await DataAsync();
        var byWord = await Ok("/open/search?q=" + Uri.EscapeDataString(d.Marker));
        Assert.Contains(d.OpenTitle, byWord);
        Assert.Contains(d.NoDataTitle, byWord);
        Assert.Contains("找到 2 个数据集", byWord);
        Assert.DoesNotContain(d.ClosedTitle, byWord);
        Assert.DoesNotContain(d.DraftTitle, byWord);
        Assert.Contains($"href=\"/open/datasets/{d.Open}\"", byWord);
        // Facet links keep the word and add the filter.
        Assert.Contains(Href($"/open/search?q={Uri.EscapeDataString(d.Marker)}&group={Uri.EscapeDataString(d.Domain)}"), byWord);
        Assert.Contains(Href($"/open/search?q={Uri.EscapeDataString(d.Marker)}&format=CSV"), byWord);

        var word = await Ok("/open/search?q=" + Uri.EscapeDataString("无数据") + "&group=" + Uri.EscapeDataString(d.Domain));
        Assert.Contains(d.NoDataTitle, word);
        Assert.DoesNotContain(d.OpenTitle, word);

        var byDomain = await Ok("/open/search?group=" + Uri.EscapeDataString(d.Domain));
        Assert.Contains(d.OpenTitle, byDomain);
        Assert.Contains(d.NoDataTitle, byDomain);
        Assert.DoesNotContain(d.DraftTitle, byDomain);

        // Format CSV: only packages with data have downloads.
        var byFormat = await Ok($"/open/search?group={Uri.EscapeDataString(d.Domain)}&format=CSV&organization=520000-GA");
        Assert.Contains(d.OpenTitle, byFormat);
        Assert.DoesNotContain(d.NoDataTitle, byFormat);
        Assert.Contains("找到 1 个数据集", byFormat);

        // Paging: 20 per page, a next link when there is more.
        var all = await Ok("/open/search");
        var count = int.Parse(Regex.Match(all, "找到 (\\d+) 个数据集").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 20, $"demo data has {count} open packages");
        Assert.Contains("href=\"/open/search?page=2\" rel=\"next\"", all);
        var second = await Ok("/open/search?page=2");
        Assert.Contains("rel=\"prev\"", second);
        Assert.Contains("第 2 页", second);

        Assert.Contains("找到 0 个数据集", await Ok("/open/search?q=" + Uri.EscapeDataString("不存在的词" + d.Marker)));
        // Switching the language keeps the search.
        Assert.Contains(Href($"/open/search?q={Uri.EscapeDataString(d.Marker)}&culture=en") + "\" data-test=\"switch-language\"", byWord);
        Assert.Contains("2 datasets found", await Ok($"/open/search?q={Uri.EscapeDataString(d.Marker)}&culture=en"));
        // The not-open title finds nothing (the box shows what was typed, no result names it).
        var closed = await Ok("/open/search?q=" + Uri.EscapeDataString(d.ClosedTitle));
        Assert.Contains("找到 0 个数据集", closed);
        Assert.DoesNotContain($"/open/datasets/{d.Closed}", closed);
    }

    [Fact]
    public async Task Dataset_page_shows_metadata_masked_preview_downloads_and_api_examples()
    {
        var d = await DataAsync();
        var html = await Ok($"/open/datasets/{d.Open}");
        Assert.Contains($"<h1>{d.OpenTitle}</h1>", html);
        Assert.Contains("数据资源测试用人员登记信息。", html);
        Assert.Contains(d.Domain, html);
        Assert.Contains("每日", html); // update cycle Daily
        Assert.Contains("<th scope=\"col\">居民身份证号码</th>", html);
        // The preview: the first 20 rows, ID numbers masked keep:6,4 — never a raw one.
        var ids = Regex.Matches(html, @"<td>(520102[^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(20, ids.Count);
        Assert.All(ids, id => Assert.Matches(@"^520102\*{8}\w{4}$", id));
        for (var i = 1; i <= 30; i++) Assert.DoesNotContain(Id(i), html);
        Assert.DoesNotContain(Mobile(1), html);
        Assert.Contains("前 20 条，共 30 条", html);
        // Downloads and the API.
        foreach (var fmt in new[] { "csv", "json", "xlsx" })
            Assert.Contains($"href=\"/api/3/download/{d.Open}.{fmt}\"", html);
        Assert.Contains($"/api/3/action/package_show?id={d.Open}", html);
        Assert.Contains($"/api/3/action/datastore_search?resource_id={d.Open}&amp;limit=5", html);
        using var anon = server.Anonymous();
        var csv = await anon.GetStringAsync($"/api/3/download/{d.Open}.csv");
        Assert.Contains("居民身份证号码", csv);
        Assert.DoesNotContain(Id(1), csv);
        // The curl example works as printed.
        var show = await anon.GetFromJsonAsync<JsonElement>($"/api/3/action/package_show?id={d.Open}");
        Assert.Equal(d.OpenTitle, show.GetProperty("result").GetProperty("title").GetString());

        var noData = await Ok($"/open/datasets/{d.NoData}");
        Assert.Contains("数据尚未发布", noData);
        Assert.DoesNotContain("/api/3/download/", noData);
    }

    [Fact]
    public async Task The_demo_catalogue_has_open_data_with_its_rows_on_the_portal()
    {
        // dotnet run's demo: 企业登记信息 (2,000 rows) is published 无条件开放 and its data is open, masked.
        using var anon = server.Anonymous();
        var show = await anon.GetFromJsonAsync<JsonElement>("/api/3/action/package_show?id=520000-SC-0001");
        Assert.Contains(show.GetProperty("result").GetProperty("resources").EnumerateArray(), r => r.GetProperty("format").GetString() == "CSV");
        var rows = await anon.GetFromJsonAsync<JsonElement>("/api/3/action/datastore_search?resource_id=520000-SC-0001&limit=1");
        Assert.Equal(2000, rows.GetProperty("result").GetProperty("total").GetInt32());
        var html = await Ok("/open/datasets/520000-SC-0001");
        Assert.Contains("data-test=\"open-preview\"", html);
    }

    [Fact]
    public async Task What_is_not_open_has_no_page()
    {
        var d = await DataAsync();
        foreach (var code in new[] { d.Closed, d.Draft, "520000-GA-9999", "nonsense" })
        {
            var (status, html) = await Get($"/open/datasets/{code}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("未找到开放数据集", html);
            Assert.DoesNotContain(d.ClosedTitle, html);
            Assert.DoesNotContain(d.DraftTitle, html);
        }
    }
}

public sealed class PortalPagesTests_Sqlite(SqliteServer s) : PortalPagesTests<SqliteServer>(s);
public sealed class PortalPagesTests_Postgres(PostgresServer s) : PortalPagesTests<PostgresServer>(s);
