using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// Discovery on the portal (issue 5 items 2 and 3), as an anonymous visitor over real HTTP: facets for level, open type and
/// update cycle (page and CKAN), multi-word Chinese search, the advanced search over catalogued data that is not yet open
/// (with the request link; never drafts, 不予开放 or core data, never data), and the dataset page's quality, versions with
/// timeliness, charts (never of a masked field), licence and usage.
/// </summary>
public abstract class DiscoveryTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private sealed record Data(OpenTestData.OpenData Open, string Conditional, string ConditionalTitle, string Core, string CoreTitle,
        string ConditionalDraft, string ConditionalDraftTitle);

    private static Data? made;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>OpenTestData's four entries, plus a published 有条件开放 entry, a published core-data 有条件开放 entry and an unsubmitted 有条件开放 draft.</summary>
    private async Task<Data> DataAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (made is { } f && f.Open.Domain.EndsWith(server.GetType().Name, StringComparison.Ordinal)) return f;
            var open = await OpenTestData.MakeAsync(server, "发现");
            JsonObject Conditional(string name, string grade = "General")
            {
                var e = OpenTestData.OpenEntry(name, open.Domain);
                e["openType"] = "Conditional";
                e["openReason"] = "涉及个人信息，需核验用途";
                e["grade"] = grade;
                return e;
            }
            var conditional = await PublishedEntryAsync(server, Conditional(open.Marker + "有条件"));
            await LoadAsync(await server.As(Provider), conditional, CleanCsv(1, 3));
            var core = await PublishedEntryAsync(server, Conditional(open.Marker + "核心", "Core"));
            var r = await (await server.As(Provider)).PostAsJsonAsync("/api/v1/catalogue/entries", Conditional(open.Marker + "有条件草稿"));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            var draft = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            made = new Data(open, conditional, open.Marker + "有条件", core, open.Marker + "核心", draft, open.Marker + "有条件草稿");
            return made;
        }
        finally { Gate.Release(); }
    }

    private async Task<string> Ok(string url)
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync(url);
        var html = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url} → {(int)r.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    private static string Href(string url) => WebUtility.HtmlEncode(url);

    [Fact]
    public async Task Package_search_facets_and_filters_by_level_open_type_and_update_cycle()
    {
        var d = (await DataAsync()).Open;
        using var anon = server.Anonymous();
        async Task<JsonElement> Search(string fq, string facets = "[\"level\",\"open_type\",\"update_cycle\",\"groups\"]")
        {
            var r = await anon.GetAsync("/api/3/action/package_search?rows=50&fq=" + Uri.EscapeDataString(fq) + "&facet.field=" + Uri.EscapeDataString(facets));
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("result");
        }
        // Listed in the domain: the two unconditionally open entries and the conditionally open one (core data never).
        var mine = await Search($"groups:\"{d.Domain}\"");
        Assert.Equal(3, mine.GetProperty("count").GetInt32());
        // CKAN's shapes: facets {field: {name: count}}, search_facets {field: {title, items: [{name, display_name, count}]}}.
        Assert.Equal(3, mine.GetProperty("facets").GetProperty("level").GetProperty("Province").GetInt32());
        Assert.Equal(2, mine.GetProperty("facets").GetProperty("open_type").GetProperty("Unconditional").GetInt32());
        Assert.Equal(1, mine.GetProperty("facets").GetProperty("open_type").GetProperty("Conditional").GetInt32());
        Assert.Equal(3, mine.GetProperty("facets").GetProperty("update_cycle").GetProperty("Daily").GetInt32());
        var cycle = Assert.Single(mine.GetProperty("search_facets").GetProperty("update_cycle").GetProperty("items").EnumerateArray());
        Assert.Equal("每日", cycle.GetProperty("display_name").GetString());

        Assert.Equal(2, (await Search($"groups:\"{d.Domain}\" level:Province open_type:Unconditional update_cycle:Daily")).GetProperty("count").GetInt32());
        Assert.Equal(2, (await Search($"groups:\"{d.Domain}\" update_cycle:每日 open_type:无条件开放")).GetProperty("count").GetInt32());
        Assert.Equal(0, (await Search($"groups:\"{d.Domain}\" level:County")).GetProperty("count").GetInt32());
        Assert.Equal(0, (await Search($"groups:\"{d.Domain}\" update_cycle:Monthly")).GetProperty("count").GetInt32());
        Assert.Equal(1, (await Search($"groups:\"{d.Domain}\" open_type:Conditional")).GetProperty("count").GetInt32());
        // Unknown fields stay refused, naming the ones there are.
        var bad = await anon.GetAsync("/api/3/action/package_search?fq=grade:Core");
        Assert.Equal(HttpStatusCode.Conflict, bad.StatusCode);
        Assert.Contains("update_cycle", await bad.Content.ReadAsStringAsync());

        // The page: facet links for the new fields, keeping the filters in force; a facet click narrows the search.
        var page = await Ok("/open/search?group=" + Uri.EscapeDataString(d.Domain));
        foreach (var facet in new[] { "level", "open_type", "update_cycle", "groups", "organization", "res_format" })
            Assert.Contains($"data-test=\"facet-{facet}\"", page);
        Assert.Contains($"<a href=\"{Href($"/open/search?group={Uri.EscapeDataString(d.Domain)}&level=Province")}\">省级</a> <span class=\"muted\">(3)</span>", page);
        Assert.Contains($"<a href=\"{Href($"/open/search?group={Uri.EscapeDataString(d.Domain)}&openType=Unconditional")}\">无条件开放</a> <span class=\"muted\">(2)</span>", page);
        Assert.Contains($"<a href=\"{Href($"/open/search?group={Uri.EscapeDataString(d.Domain)}&cycle=Daily")}\">每日</a> <span class=\"muted\">(3)</span>", page);
        var narrowed = await Ok($"/open/search?group={Uri.EscapeDataString(d.Domain)}&level=Province&cycle=Daily&openType=Unconditional");
        Assert.Contains("找到 2 个数据集", narrowed);
        Assert.Contains("<span class=\"tag\">层级: 省级</span>", narrowed);
        Assert.Contains("<span class=\"tag\">更新周期: 每日</span>", narrowed);
        Assert.Contains("找到 0 个数据集", await Ok($"/open/search?group={Uri.EscapeDataString(d.Domain)}&level=City"));
        Assert.Contains("Update cycle", await Ok($"/open/search?group={Uri.EscapeDataString(d.Domain)}&culture=en"));
    }

    [Fact]
    public async Task Several_Chinese_words_are_ANDed_over_title_summary_department_domain_and_field_names_full_width_folded()
    {
        var data = await DataAsync();
        var d = data.Open;
        using var anon = server.Anonymous();
        async Task<List<string>> Names(string q)
        {
            var r = await anon.GetFromJsonAsync<JsonElement>("/api/3/action/package_search?rows=100&q=" + Uri.EscapeDataString(q));
            return r.GetProperty("result").GetProperty("results").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).OrderBy(x => x).ToList();
        }
        // Listed: the two open entries and the conditional one (its metadata is public, its rows are not).
        string[] Both() => new[] { d.Open, d.NoData, data.Conditional }.OrderBy(x => x).ToArray();
        Assert.Equal(Both(), await Names(d.Marker));
        // Words separated by ASCII spaces: all must occur (the title word narrows to one).
        Assert.Equal([d.NoData], await Names(d.Marker + " 无数据 居民身份证号码"));
        // Full-width space U+3000 separates words too.
        Assert.Equal([d.NoData], await Names(d.Marker + "\u3000无数据"));
        // A field name and the summary are searched; the department's name too.
        Assert.Equal(Both(), await Names("居民身份证号码 " + d.Marker));
        Assert.Equal(Both(), await Names(d.Marker + " 测试用人员"));
        var department = (await anon.GetFromJsonAsync<JsonElement>($"/api/3/action/package_show?id={d.Open}")).GetProperty("result").GetProperty("organization").GetProperty("title").GetString()!;
        Assert.Equal(Both(), await Names(department + " " + d.Marker));
        Assert.Equal(Both(), await Names(d.Domain + " " + d.Marker));
        // A word that occurs nowhere: nothing (AND, not OR).
        Assert.Empty(await Names(d.Marker + " 不存在的词语"));
        // Full-width letters and digits, any case, find the code.
        var fullWidth = new string(d.Open.ToLowerInvariant().Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c).ToArray());
        Assert.Equal([d.Open], await Names(fullWidth));
        // Never what is not listed, however it is asked for: 不予开放, core data, drafts.
        Assert.Equal([data.Conditional], await Names(data.ConditionalTitle));
        Assert.Empty(await Names(d.ClosedTitle));
        Assert.Empty(await Names(data.CoreTitle));
        Assert.Empty(await Names(data.ConditionalDraftTitle));
        // The page finds the same.
        var page = await Ok("/open/search?q=" + Uri.EscapeDataString(d.Marker + "\u3000无数据"));
        Assert.Contains("找到 1 个数据集", page);
        Assert.Contains($"data-test=\"open-result-{d.NoData}\"", page);
    }

    [Fact]
    public async Task Advanced_search_lists_catalogued_data_not_yet_open_with_a_request_link_and_never_data_drafts_not_open_or_core_data()
    {
        var data = await DataAsync();
        var d = data.Open;
        var html = await Ok("/open/catalogue?q=" + Uri.EscapeDataString(d.Marker));
        // Listed: the unconditionally open entry without data and the conditionally open entry (its data stays closed).
        Assert.Contains("找到 2 项尚未开放的目录", html);
        Assert.Contains($"data-test=\"requestable-{d.NoData}\"", html);
        Assert.Contains($"data-test=\"requestable-{data.Conditional}\"", html);
        Assert.Contains(data.ConditionalTitle, html);
        Assert.Contains($"<a href=\"{Href("/open/requests/new?entry=" + data.Conditional)}\" data-test=\"request-{data.Conditional}\">申请/请求此数据</a>", html);
        Assert.Contains($"href=\"{Href("/open/requests/new?entry=" + d.NoData)}\"", html);
        Assert.Contains("有条件开放", html);
        Assert.Contains("数据项：居民身份证号码、姓名、出生日期", html);
        // Never: open data with rows (it is on /open/search), 不予开放, core data, drafts.
        foreach (var title in new[] { d.OpenTitle, d.ClosedTitle, d.DraftTitle, data.CoreTitle, data.ConditionalDraftTitle })
            Assert.DoesNotContain(title, html);
        foreach (var code in new[] { d.Open, d.Closed, d.Draft, data.Core, data.ConditionalDraft })
            Assert.DoesNotContain($"entry={code}\"", html);
        // Never data: no value of the conditional entry's rows, not even masked.
        foreach (var i in Enumerable.Range(1, 3))
        {
            Assert.DoesNotContain(Id(i), html);
            Assert.DoesNotContain(PersonName(i), html);
            Assert.DoesNotContain(Id(i)[..6] + "********", html);
        }

        // Filters: open type, department, domain; the form's inputs are labelled.
        Assert.Matches("<label for=\"rq-open\">[^<]+</label>\\s*<select id=\"rq-open\" name=\"openType\"", html);
        var conditional = await Ok($"/open/catalogue?q={Uri.EscapeDataString(d.Marker)}&openType=Conditional");
        Assert.Contains("找到 1 项尚未开放的目录", conditional);
        Assert.Contains($"data-test=\"requestable-{data.Conditional}\"", conditional);
        var byDomain = await Ok($"/open/catalogue?group={Uri.EscapeDataString(d.Domain)}&organization=520000-GA&openType=Unconditional");
        Assert.Contains("找到 1 项尚未开放的目录", byDomain);
        Assert.Contains($"data-test=\"requestable-{d.NoData}\"", byDomain);
        Assert.Contains("找到 0 项尚未开放的目录", await Ok($"/open/catalogue?q={Uri.EscapeDataString(d.Marker)}&organization=520000-SC"));
        Assert.Contains("Request this data", await Ok($"/open/catalogue?q={Uri.EscapeDataString(d.Marker)}&culture=en"));
        // The search page points to it.
        Assert.Contains(Href("/open/catalogue?q=" + Uri.EscapeDataString(d.Marker)), await Ok("/open/search?q=" + Uri.EscapeDataString(d.Marker)));
        // Core data has no dataset page at all; the conditional entry's page shows no row.
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/open/datasets/{data.Core}")).StatusCode);
        var conditionalPage = await Ok($"/open/datasets/{data.Conditional}");
        Assert.DoesNotContain(Id(1)[..6] + "********", conditionalPage);
        Assert.DoesNotContain("data-test=\"open-preview\"", conditionalPage);
        Assert.DoesNotContain("/api/3/download/" + data.Conditional, conditionalPage);
    }

    [Fact]
    public async Task Dataset_page_shows_quality_versions_with_timeliness_charts_of_unmasked_fields_licence_and_usage()
    {
        var d = (await DataAsync()).Open;
        var provider = await server.As(Provider);
        // A monthly entry: loaded, then loaded again 45 days later (late: due one month after the first load), with one bad ID.
        // In a domain and under a name of its own, so the other tests' counts stay as they are.
        var entry = OpenTestData.OpenEntry("月报" + Guid.NewGuid().ToString("N")[..6], d.Domain + "月报");
        entry["updateCycle"] = "Monthly";
        var code = await PublishedEntryAsync(server, entry);
        var start = server.Clock.GetUtcNow();
        await LoadAsync(provider, code, CleanCsv(1, 30));
        try
        {
            server.SetNow(start.AddDays(45));
            var bad = CleanCsv(1, 40).Replace(Id(7), Id(7)[..17] + (Id(7)[17] == '1' ? "2" : "1"), StringComparison.Ordinal);
            await LoadAsync(await server.As(Provider), code, bad);

            var html = await Ok($"/open/datasets/{code}");
            // Quality: score, dimensions and problem counts — never an example value, not even masked.
            Assert.Contains("data-test=\"open-quality\"", html);
            Assert.Matches("data-test=\"quality-score\">\\d+(\\.\\d)?</strong> / 100", html);
            Assert.Contains("<th scope=\"row\">时效性</th>", html);
            Assert.Contains("<code>validity.id_number.check_digit</code>", html);
            Assert.Contains("<code>timeliness.late</code>", html);
            var quality = html[html.IndexOf("data-test=\"open-quality\"", StringComparison.Ordinal)..];
            quality = quality[..quality.IndexOf("</section>", StringComparison.Ordinal)];
            Assert.DoesNotContain("****", quality);
            Assert.DoesNotContain(Id(7)[..6], quality);
            Assert.DoesNotContain(Id(7), html);
            // Versions: two, the current one late against the monthly cycle; the next update is due a month after it.
            Assert.Contains("data-test=\"version-1\"", html);
            Assert.Contains("data-test=\"version-2\"", html);
            Assert.Matches("data-test=\"version-2\">.*?逾期 \\d+ 天", Regex.Replace(html, "\\s+", " "));
            Assert.Contains("首次发布", html);
            var due = Shuzhi.Core.Time.ChinaTime.DateOf(start.AddDays(45)).AddMonths(1).ToString("yyyy-MM-dd");
            Assert.Contains($"按期更新，下次应在 {due} 前更新", html);
            // Charts: the public, unmasked numeric and date fields, with a text alternative; never a masked one.
            Assert.Contains("data-test=\"chart-金额\"", html);
            Assert.Contains("data-test=\"chart-登记日期\"", html);
            Assert.Contains("<svg role=\"img\" aria-labelledby=\"chart-0-t\"", html);
            Assert.Matches("<title id=\"chart-\\d+-t\">「金额」的分布</title>", html);
            Assert.Contains("data-test=\"chart-table-登记日期\"", html);
            Assert.Contains("<th scope=\"row\">2026-01</th>", html);
            Assert.DoesNotContain("chart-出生日期", html);
            Assert.DoesNotContain("「出生日期」", html);
            // Licence: the agreement, the masked fields named, downloads pointing to the licence.
            Assert.Contains("data-test=\"open-agreement\"", html);
            Assert.Contains("href=\"/open/licence\" data-test=\"licence-link\"", html);
            Assert.Matches("data-test=\"agreement-masked\">[^<]*居民身份证号码[^<]*姓名", html);
            Assert.Contains("data-test=\"agreement-download\"", html);

            // The provider masks 金额 for everyone: its chart goes at once.
            var masks = await (await server.As(Provider)).PutAsJsonAsync($"/api/v1/datasets/{code}/masks", new Dictionary<string, string?> { ["金额"] = "hash" });
            Assert.True(masks.IsSuccessStatusCode, await masks.Content.ReadAsStringAsync());
            var after = await Ok($"/open/datasets/{code}");
            Assert.DoesNotContain("chart-金额", after);
            Assert.DoesNotContain("「金额」", after);
            Assert.Contains("data-test=\"chart-登记日期\"", after);

            // Usage: this page has been shown twice, one download, one API call.
            using var anon = server.Anonymous();
            Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/api/3/download/{code}.csv")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync($"/api/3/action/package_show?id={code}")).StatusCode);
            // The page is cached for anonymous visitors for a few seconds (docs/portal.md "Page cache"); the counters are live,
            // the figures shown are as of the page's making: drop the cache as a committed change would.
            await server.WithServices(async s =>
            {
                await s.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>().EvictByTagAsync("open-pages", CancellationToken.None);
                return 0;
            });
            var third = Regex.Replace(await Ok($"/open/datasets/{code}"), "\\s+", " ");
            // The page was shown twice before this showing (a showing is counted once it is answered, in front of the cache).
            Assert.Contains("<tr data-test=\"usage-views\"><th scope=\"row\">浏览</th><td>2</td><td>2</td></tr>", third);
            Assert.Contains("<tr data-test=\"usage-downloads\"><th scope=\"row\">下载</th><td>1</td><td>1</td></tr>", third);
            Assert.Contains("<tr data-test=\"usage-api\"><th scope=\"row\">接口调用</th><td>1</td><td>1</td></tr>", third);
            // Home: most used over the last 30 days, only open packages.
            var home = await Ok("/open");
            Assert.Contains("data-test=\"open-most-used\"", home);
            Assert.Contains($"data-test=\"most-used-{code}\"", home);
            Assert.DoesNotContain($"most-used-{d.Closed}", home);
            // An open entry without data: licence, but no quality, versions or charts.
            var noData = await Ok($"/open/datasets/{d.NoData}");
            Assert.Contains("data-test=\"open-agreement\"", noData);
            Assert.DoesNotContain("data-test=\"open-quality\"", noData);
            Assert.DoesNotContain("data-test=\"open-charts\"", noData);
        }
        finally { server.SetNow(start); }
    }

    [Fact]
    public async Task The_licence_page_states_the_open_data_licence_in_Chinese_and_English()
    {
        var html = await Ok("/open/licence");
        Assert.Contains("公共数据开放许可协议", html);
        foreach (var words in new[] { "署名", "不得重新识别", "不得歪曲", "免费", "第三十二条", "第二十九条", "第三十三条" })
            Assert.Contains(words, html);
        Assert.Contains("id=\"clause-10\"", html);
        var en = await Ok("/open/licence?culture=en");
        Assert.Contains("Open Data Licence", en);
        Assert.Contains("No re-identification", en);
        // CKAN clients see it on every package.
        var d = (await DataAsync()).Open;
        using var anon = server.Anonymous();
        var show = (await anon.GetFromJsonAsync<JsonElement>($"/api/3/action/package_show?id={d.Open}")).GetProperty("result");
        Assert.Equal("shuzhi-open-1.0", show.GetProperty("license_id").GetString());
        Assert.EndsWith("/open/licence", show.GetProperty("license_url").GetString());
    }
}

public sealed class DiscoveryTests_Sqlite(SqliteServer s) : DiscoveryTests<SqliteServer>(s);
public sealed class DiscoveryTests_Postgres(PostgresServer s) : DiscoveryTests<PostgresServer>(s);
