using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Persistence;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Portal.OpenTestData;

namespace Shuzhi.Integration.Tests.Portal;

/// <summary>
/// The CKAN Action API v3 and the DCAT export over real HTTP, as an anonymous harvester sees them: only open data
/// (published, not withdrawn, 无条件开放), every field masked, CKAN's envelope and errors.
/// </summary>
public abstract class CkanApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{


    private static OpenTestData.OpenData? made;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>One open entry with 30 rows, one open entry without data, one not-open entry with data, one open draft.</summary>
    private async Task<OpenTestData.OpenData> DataAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (made is { } f && f.Domain.EndsWith(server.GetType().Name, StringComparison.Ordinal)) return f;
            made = await OpenTestData.MakeAsync(server, "开放");
            return made;
        }
        finally { Gate.Release(); }
    }

    private async Task<JsonElement> Ok(string url)
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"{url} → {(int)r.StatusCode}: {body}");
        var root = JsonDocument.Parse(body).RootElement;
        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Contains("/api/3/action/help_show?name=", root.GetProperty("help").GetString());
        return root.GetProperty("result");
    }

    private async Task<(HttpStatusCode Status, JsonElement Error, string Body)> Fails(string url)
    {
        using var anon = server.Anonymous();
        var r = await anon.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(body).RootElement;
        Assert.False(root.GetProperty("success").GetBoolean(), body);
        return (r.StatusCode, root.GetProperty("error"), body);
    }

    private static List<string> Names(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public async Task Package_list_and_show_hold_only_open_entries_and_others_are_a_CKAN_not_found()
    {
        var d = await DataAsync();
        var list = Names(await Ok("/api/3/action/package_list"));
        Assert.Contains(d.Open, list);
        Assert.Contains(d.NoData, list);
        Assert.DoesNotContain(d.Closed, list);
        Assert.DoesNotContain(d.Draft, list);

        var p = await Ok($"/api/3/action/package_show?id={d.Open}");
        Assert.Equal(d.Open, p.GetProperty("name").GetString());
        Assert.Equal(d.OpenTitle, p.GetProperty("title").GetString());
        Assert.Equal("520000-GA", p.GetProperty("owner_org").GetString());
        Assert.Equal(d.Domain, p.GetProperty("groups")[0].GetProperty("name").GetString());
        var formats = p.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("format").GetString()).ToList();
        Assert.Equal(["CSV", "JSON", "XLSX", "API"], formats);
        Assert.Equal(0, (await Ok($"/api/3/action/package_show?id={d.NoData}")).GetProperty("num_resources").GetInt32());

        foreach (var hidden in new[] { d.Closed, d.Draft, "520000-GA-9999" })
        {
            var (status, error, body) = await Fails($"/api/3/action/package_show?id={hidden}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("Not Found Error", error.GetProperty("__type").GetString());
            Assert.DoesNotContain("不开放", body);
        }
        var (missing, err, _) = await Fails("/api/3/action/package_show");
        Assert.Equal(HttpStatusCode.Conflict, missing);
        Assert.Equal("Validation Error", err.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Package_search_takes_q_fq_rows_start_sort_and_facets()
    {
        var d = await DataAsync();
        var all = await Ok($"/api/3/action/package_search?q={Uri.EscapeDataString(d.Marker)}");
        Assert.Equal(2, all.GetProperty("count").GetInt32()); // the open two; never the closed one or the draft
        Assert.Equal(
            new[] { d.Open, d.NoData }.Order().ToList(),
            all.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order().ToList());

        var byChinese = await Ok($"/api/3/action/package_search?q={Uri.EscapeDataString(d.Marker + "无数")}");
        Assert.Equal(d.NoData, byChinese.GetProperty("results")[0].GetProperty("name").GetString());
        Assert.Equal(1, byChinese.GetProperty("count").GetInt32());

        var withData = await Ok($"/api/3/action/package_search?fq={Uri.EscapeDataString($"groups:\"{d.Domain}\" res_format:CSV organization:520000-GA")}");
        Assert.Equal(1, withData.GetProperty("count").GetInt32());
        Assert.Equal(d.Open, withData.GetProperty("results")[0].GetProperty("name").GetString());
        Assert.Equal(0, (await Ok($"/api/3/action/package_search?fq={Uri.EscapeDataString($"groups:\"{d.Domain}\" organization:520100-ZF")}")).GetProperty("count").GetInt32());

        var page1 = await Ok($"/api/3/action/package_search?fq={Uri.EscapeDataString($"groups:{d.Domain}")}&sort={Uri.EscapeDataString("name asc")}&rows=1");
        var page2 = await Ok($"/api/3/action/package_search?fq={Uri.EscapeDataString($"groups:{d.Domain}")}&sort={Uri.EscapeDataString("name asc")}&rows=1&start=1");
        Assert.Equal(2, page1.GetProperty("count").GetInt32());
        Assert.Equal(1, page1.GetProperty("results").GetArrayLength());
        var codes = new[] { d.Open, d.NoData }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(codes[0], page1.GetProperty("results")[0].GetProperty("name").GetString());
        Assert.Equal(codes[1], page2.GetProperty("results")[0].GetProperty("name").GetString());

        var facets = await Ok($"/api/3/action/package_search?q={Uri.EscapeDataString(d.Marker)}&facet.field={Uri.EscapeDataString("[\"groups\",\"res_format\"]")}");
        var groups = facets.GetProperty("search_facets").GetProperty("groups").GetProperty("items");
        Assert.Equal(d.Domain, groups[0].GetProperty("name").GetString());
        Assert.Equal(2, groups[0].GetProperty("count").GetInt32());
        Assert.Equal(1, facets.GetProperty("facets").GetProperty("res_format").GetProperty("CSV").GetInt32());

        var (status, error, _) = await Fails("/api/3/action/package_search?rows=5000");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.True(error.TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task Datastore_search_serves_masked_rows_and_refuses_filters_on_masked_fields_without_echoing_them()
    {
        var d = await DataAsync();
        var r = await Ok($"/api/3/action/datastore_search?resource_id={d.Open}&limit=5&offset=2&sort={Uri.EscapeDataString("登记日期 asc")}");
        Assert.Equal(30, r.GetProperty("total").GetInt64());
        Assert.Equal(d.Open, r.GetProperty("resource_id").GetString());
        var fields = r.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("type").GetString());
        Assert.Equal("text", fields["居民身份证号码"]);
        Assert.Equal("date", fields["登记日期"]);
        var records = r.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(5, records.Count);
        var raw = Enumerable.Range(1, 30).Select(Id).ToHashSet();
        foreach (var rec in records)
        {
            var id = rec.GetProperty("居民身份证号码").GetString()!;
            Assert.DoesNotContain(id, raw);
            Assert.Matches(@"^520102\*{8}\w{4}$", id); // keep:6,4
            Assert.Contains(raw, x => x[..6] == id[..6] && x[^4..] == id[^4..]);
            Assert.NotEqual(PersonName(1), rec.GetProperty("姓名").GetString());
        }
        Assert.Contains("offset=7", r.GetProperty("_links").GetProperty("next").GetString());

        // Filter on a public field works; the masked ID number cannot be filtered, sorted or looked up.
        var byDate = await Ok($"/api/3/action/datastore_search?resource_id={d.Open}&filters={Uri.EscapeDataString("{\"登记日期\":\"2026-02-11\"}")}");
        Assert.True(byDate.GetProperty("total").GetInt64() > 0);
        Assert.All(byDate.GetProperty("records").EnumerateArray(), x => Assert.Equal("2026-02-11", x.GetProperty("登记日期").GetString()));

        var secret = Id(3);
        var (status, error, body) = await Fails($"/api/3/action/datastore_search?resource_id={d.Open}&filters={Uri.EscapeDataString($"{{\"居民身份证号码\":\"{secret}\"}}")}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Validation Error", error.GetProperty("__type").GetString());
        Assert.Contains("居民身份证号码", body);
        Assert.DoesNotContain(secret, body);
        var (sortStatus, _, sortBody) = await Fails($"/api/3/action/datastore_search?resource_id={d.Open}&sort={Uri.EscapeDataString("居民身份证号码 desc")}");
        Assert.Equal(HttpStatusCode.Conflict, sortStatus);
        Assert.Contains("居民身份证号码", sortBody);

        var (offsetStatus, _, _) = await Fails($"/api/3/action/datastore_search?resource_id={d.Open}&offset=100001");
        Assert.Equal(HttpStatusCode.Conflict, offsetStatus);
        // Anonymous reads are in the access log, as "public", with the query (no value of a masked field in it).
        var logged = false;
        for (var i = 0; i < 50 && !logged; i++)
        {
            logged = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
                .AnyAsync(a => a.Action == "opendata.rows" && a.Actor == "public" && a.Subject == $"dataset:{d.Open}/v1" && a.Details.Contains("offset")));
            if (!logged) await Task.Delay(100);
        }
        Assert.True(logged, "datastore_search was not in the access log");

        var (closedStatus, closedError, _) = await Fails($"/api/3/action/datastore_search?resource_id={d.Closed}");
        Assert.Equal(HttpStatusCode.NotFound, closedStatus);
        Assert.Equal("Not Found Error", closedError.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Resource_show_and_the_downloads_it_points_to_are_masked_open_data()
    {
        var d = await DataAsync();
        var csv = await Ok($"/api/3/action/resource_show?id={d.Open}.csv");
        Assert.Equal("CSV", csv.GetProperty("format").GetString());
        Assert.Equal(d.Open, csv.GetProperty("package_id").GetString());
        var store = await Ok($"/api/3/action/resource_show?id={d.Open}");
        Assert.True(store.GetProperty("datastore_active").GetBoolean());

        using var anon = server.Anonymous();
        var file = await anon.GetStringAsync(new Uri(csv.GetProperty("url").GetString()!).PathAndQuery);
        Assert.Contains("居民身份证号码", file);
        Assert.DoesNotContain(Id(1), file);
        Assert.Contains(Id(1)[..6] + "********" + Id(1)[^4..], file);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/3/download/{d.Closed}.csv")).StatusCode);
        var (status, _, _) = await Fails($"/api/3/action/resource_show?id={d.Closed}.csv");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Organisations_and_groups_are_those_of_open_packages()
    {
        var d = await DataAsync();
        Assert.Contains("520000-GA", Names(await Ok("/api/3/action/organization_list")));
        var full = await Ok("/api/3/action/organization_list?all_fields=true");
        var ga = full.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "520000-GA");
        Assert.True(ga.GetProperty("package_count").GetInt32() >= 2);
        var show = await Ok("/api/3/action/organization_show?id=520000-GA&include_datasets=true");
        Assert.True(show.GetProperty("is_organization").GetBoolean());
        Assert.Contains(d.Open, show.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.DoesNotContain(d.Closed, show.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var (status, _, _) = await Fails("/api/3/action/organization_show?id=999999-XX");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(d.Domain, Names(await Ok("/api/3/action/group_list")));
    }

    [Fact]
    public async Task A_withdrawn_open_entry_leaves_the_portal_and_stays_out_while_it_is_edited_again()
    {
        var d = await DataAsync();
        var code = await PublishedEntryAsync(server, OpenEntry("撤销测试" + Guid.NewGuid().ToString("N")[..6], d.Domain + "撤"));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 3));
        Assert.Equal(code, (await Ok($"/api/3/action/package_show?id={code}")).GetProperty("name").GetString());
        var c = await server.As(Provider);
        var w = await c.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/withdraw", new { reason = "职能调整" });
        Assert.True(w.IsSuccessStatusCode, await w.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Fails($"/api/3/action/package_show?id={code}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Fails($"/api/3/action/datastore_search?resource_id={code}")).Status);
        Assert.DoesNotContain(code, Names(await Ok("/api/3/action/package_list")));

        // Editing a withdrawn entry makes a new draft; the withdrawn version must not come back to the portal.
        var edit = await c.PutAsJsonAsync($"/api/v1/catalogue/entries/{code}", OpenEntry("撤销后修改" + Guid.NewGuid().ToString("N")[..6], d.Domain + "撤"));
        Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());
        Assert.DoesNotContain(code, Names(await Ok("/api/3/action/package_list")));
        Assert.Equal(HttpStatusCode.NotFound, (await Fails($"/api/3/action/datastore_search?resource_id={code}")).Status);
    }

    [Fact]
    public async Task Dcat_json_ld_and_turtle_describe_every_open_dataset_and_nothing_else()
    {
        var d = await DataAsync();
        using var anon = server.Anonymous();
        var r = await anon.GetAsync("/catalog.jsonld");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/ld+json", r.Content.Headers.ContentType?.MediaType);
        var ld = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        var context = ld.GetProperty("@context");
        Assert.Equal("http://www.w3.org/ns/dcat#", context.GetProperty("dcat").GetString());
        Assert.Equal("http://purl.org/dc/terms/", context.GetProperty("dct").GetString());
        Assert.Equal("http://xmlns.com/foaf/0.1/", context.GetProperty("foaf").GetString());
        Assert.Equal("dcat:Catalog", ld.GetProperty("@type").GetString());
        var datasets = ld.GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.All(datasets, x => Assert.Equal("dcat:Dataset", x.GetProperty("@type").GetString()));
        var ids = datasets.Select(x => x.GetProperty("dct:identifier").GetString()).ToList();
        Assert.Contains(d.Open, ids);
        Assert.DoesNotContain(d.Closed, ids);
        Assert.DoesNotContain(d.Draft, ids);
        var open = datasets.Single(x => x.GetProperty("dct:identifier").GetString() == d.Open);
        Assert.Equal(d.Domain, open.GetProperty("dcat:theme").GetString());
        Assert.Equal("520000-GA", open.GetProperty("dct:publisher").GetProperty("dct:identifier").GetString());
        var dist = open.GetProperty("dcat:distribution").EnumerateArray().ToList();
        Assert.Equal(["CSV", "JSON", "XLSX"], dist.Select(x => x.GetProperty("dct:format").GetString()).ToList());
        Assert.All(dist, x => Assert.StartsWith("http", x.GetProperty("dcat:downloadURL").GetProperty("@id").GetString()));

        var t = await anon.GetAsync("/catalog.ttl");
        Assert.Equal("text/turtle", t.Content.Headers.ContentType?.MediaType);
        var ttl = await t.Content.ReadAsStringAsync();
        Assert.Contains("@prefix dcat: <http://www.w3.org/ns/dcat#> .", ttl);
        Assert.Contains("@prefix dct: <http://purl.org/dc/terms/> .", ttl);
        Assert.Contains(" a dcat:Catalog ;", ttl);
        foreach (var id in ids)
            Assert.Contains($"    dct:identifier \"{id}\" ;", ttl);
        Assert.Equal(ids.Count, ttl.Split('\n').Count(l => l.EndsWith(" a dcat:Dataset ;", StringComparison.Ordinal)));
        Assert.DoesNotContain(d.Closed, ttl);
    }
}

public sealed class CkanApiTests_Sqlite(SqliteServer s) : CkanApiTests<SqliteServer>(s);
public sealed class CkanApiTests_Postgres(PostgresServer s) : CkanApiTests<PostgresServer>(s);
