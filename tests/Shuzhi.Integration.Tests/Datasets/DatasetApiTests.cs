using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Persistence;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>Loading, versions, the quality gate, the row API, downloads and masking — through real HTTP.</summary>
public abstract class DatasetApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<string> EntryWithData(int rows, string share = "Unconditional")
    {
        var code = await PublishedEntryAsync(server, PersonEntry("人员登记" + Guid.NewGuid().ToString("N")[..6], share));
        var load = await LoadAsync(await server.As(Provider), code, CleanCsv(1, rows));
        Assert.Equal("Published", load.GetProperty("version").GetProperty("state").GetString());
        return code;
    }

    [Fact]
    public async Task A_clean_load_is_published_at_once_and_the_provider_reads_every_field_raw()
    {
        var code = await EntryWithData(50);
        var c = await server.As(Provider);
        var page = await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?limit=10&count=exact"));
        Assert.Equal(50, page.GetProperty("count").GetInt64());
        var first = page.GetProperty("rows")[0];
        Assert.Equal(Id(1), first.GetProperty("居民身份证号码").GetString());
        Assert.Equal(PersonName(1), first.GetProperty("姓名").GetString());
        Assert.Equal(10.5m, first.GetProperty("金额").GetDecimal());
        Assert.Equal(Birth(1).ToString("yyyy-MM-dd"), first.GetProperty("出生日期").GetString());
    }

    [Fact]
    public async Task Another_department_receives_masked_values_on_every_path_until_granted_and_again_after_revocation()
    {
        var code = await EntryWithData(30);
        var other = await server.As("gy.gov");
        var page = await Json(await other.GetAsync($"/api/v1/datasets/{code}/rows?limit=30"));
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(30, rows.Count);
        var raw = Enumerable.Range(1, 30).SelectMany(i => new[] { Id(i), Mobile(i), Birth(i).ToString("yyyy-MM-dd") }).ToList();
        var text = page.GetRawText();
        Assert.All(raw, v => Assert.DoesNotContain(v, text));
        Assert.Equal(Id(1)[..6] + "********" + Id(1)[^4..], rows[0].GetProperty("居民身份证号码").GetString());
        Assert.Equal(PersonName(1)[..1] + "*", rows[0].GetProperty("姓名").GetString());
        Assert.Equal("备注1", rows[0].GetProperty("备注").GetString());

        // Filter, sort and search on a masked field are refused without echoing the value.
        foreach (var q in new[] { $"居民身份证号码={Id(3)}", $"居民身份证号码__in={Id(3)},{Id(4)}", "sort=手机号码", $"出生日期__gte={Birth(3):yyyy-MM-dd}" })
        {
            var r = await other.GetAsync($"/api/v1/datasets/{code}/rows?{q}");
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{q}: {(int)r.StatusCode} {body}");
            Assert.DoesNotContain(Id(3), body);
            Assert.DoesNotContain(Birth(3).ToString("yyyy-MM-dd"), body);
        }
        // Search covers only unmasked text: a name is not found through it.
        var search = await Json(await other.GetAsync($"/api/v1/datasets/{code}/rows?q={Uri.EscapeDataString(PersonName(1))}"));
        Assert.Empty(search.GetProperty("rows").EnumerateArray());

        // Downloads: CSV, JSON, XLSX — all masked.
        foreach (var format in new[] { "csv", "json", "xlsx" })
        {
            var r = await other.GetAsync($"/api/v1/datasets/{code}/download?format={format}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var bytes = await r.Content.ReadAsByteArrayAsync();
            var content = format == "xlsx" ? XlsxText(bytes) : Encoding.UTF8.GetString(bytes);
            Assert.All(raw, v => Assert.DoesNotContain(v, content));
            Assert.Contains(Id(1)[..6] + "********", content);
        }

        // The provider grants the raw ID to 贵阳市人民政府: it appears; revoked, it is masked again at once.
        var p = await server.As(Provider);
        var grant = await Json(await p.PostAsJsonAsync($"/api/v1/datasets/{code}/grants", new { organisation = "520100-ZF", fields = new[] { "居民身份证号码" }, reason = "低保核查，依据《社会救助暂行办法》" }));
        var granted = await Json(await other.GetAsync($"/api/v1/datasets/{code}/rows?居民身份证号码={Id(3)}"));
        Assert.Equal(Id(3), Assert.Single(granted.GetProperty("rows").EnumerateArray()).GetProperty("居民身份证号码").GetString());
        Assert.StartsWith(PersonName(3)[..1] + "*", granted.GetProperty("rows")[0].GetProperty("姓名").GetString());
        Assert.Equal(HttpStatusCode.OK, (await p.DeleteAsync($"/api/v1/datasets/{code}/grants/{grant.GetProperty("id").GetString()}")).StatusCode);
        var after = await other.GetAsync($"/api/v1/datasets/{code}/rows?居民身份证号码={Id(3)}");
        Assert.False(after.IsSuccessStatusCode);
        Assert.DoesNotContain(Id(3), await after.Content.ReadAsStringAsync());
    }

    private static string XlsxText(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First();
        return sheet.Worksheet.InnerText;
    }

    [Fact]
    public async Task Not_shared_data_can_be_granted_to_nobody()
    {
        var entry = PersonEntry("不予共享" + Guid.NewGuid().ToString("N")[..6], "NotShared");
        var code = await PublishedEntryAsync(server, entry);
        var p = await server.As(Provider);
        await LoadAsync(p, code, CleanCsv(1, 3));
        var grant = await p.PostAsJsonAsync($"/api/v1/datasets/{code}/grants", new { organisation = "520100-ZF", fields = new[] { "姓名" }, reason = "核查" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, grant.StatusCode);
        Assert.Contains("shareable", await grant.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("gy.gov")).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
    }

    [Fact]
    public async Task Report_examples_of_a_field_whose_mask_was_changed_are_withheld_from_everyone_but_the_provider()
    {
        var code = await EntryWithData(5);
        var p = await server.As(Provider);
        var broken = CleanCsv(1, 20).Split('\n').Select((l, i) => i == 3 && l.Length > 0 ? l[..17] + (l[17] == '0' ? '1' : '0') + l[18..] : l);
        var n = (await LoadAsync(p, code, string.Join('\n', broken))).GetProperty("version").GetProperty("number").GetInt32();
        static string? Example(JsonElement detail) => detail.GetProperty("report").GetProperty("problems").EnumerateArray()
            .First(x => x.GetProperty("code").GetString() == "validity.id_number.check_digit").GetProperty("examples")[0]
            .TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var bureau = await server.As(Bureau);
        Assert.StartsWith(Id(3)[..6] + "*", Example(await Json(await bureau.GetAsync($"/api/v1/datasets/{code}/versions/{n}"))));
        await Json(await p.PutAsJsonAsync($"/api/v1/datasets/{code}/masks", new Dictionary<string, string> { ["居民身份证号码"] = "hash" }));
        Assert.Null(Example(await Json(await bureau.GetAsync($"/api/v1/datasets/{code}/versions/{n}"))));
        Assert.NotNull(Example(await Json(await p.GetAsync($"/api/v1/datasets/{code}/versions/{n}"))));
    }

    [Fact]
    public async Task Citizens_are_refused_and_conditional_data_needs_a_grant()
    {
        var code = await EntryWithData(5, "Conditional");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("citizen.zhang")).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
        var other = await (await server.As("gy.gov")).GetAsync($"/api/v1/datasets/{code}/rows");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("art.23", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await server.As(Bureau)).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
    }

    [Fact]
    public async Task Csv_download_has_a_BOM_and_neutralises_formulas()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("公式注入" + Guid.NewGuid().ToString("N")[..6]));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 4, i => i switch { 1 => "=HYPERLINK(\"http://x\")", 2 => "+1", 3 => "@SUM(A1)", _ => "-2" }));
        var bytes = await (await server.As(Provider)).GetByteArrayAsync($"/api/v1/datasets/{code}/download?format=csv&sort=金额");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(",", Header), lines[0]);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://x\"\")\"", lines[1]);
        Assert.EndsWith(",'+1", lines[2]);
        Assert.EndsWith(",'@SUM(A1)", lines[3]);
        Assert.EndsWith(",'-2", lines[4]);
        Assert.Contains(",10.5,", lines[1]); // numbers are not touched
    }

    [Fact]
    public async Task Keyset_pages_walk_every_row_once_in_order_and_a_token_is_bound_to_its_query()
    {
        var code = await EntryWithData(230);
        var c = await server.As(Provider);
        var seen = new List<decimal>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?sort=-金额&limit=50&fields=金额" + (next is null ? "" : "&next=" + next)));
            seen.AddRange(page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("金额").GetDecimal()));
            Assert.Single(page.GetProperty("rows")[0].EnumerateObject());
            next = page.GetProperty("next").GetString();
            pages++;
        } while (next is not null);
        Assert.Equal(5, pages);
        Assert.Equal(Enumerable.Range(1, 230).Select(i => i * 10.5m).OrderDescending(), seen);
        var first = await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?sort=-金额&limit=50"));
        var foreign = await c.GetAsync($"/api/v1/datasets/{code}/rows?sort=登记日期&limit=50&next={first.GetProperty("next").GetString()}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
    }

    [Fact]
    public async Task Filters_range_in_list_and_search_select_the_right_rows()
    {
        var code = await EntryWithData(100);
        var c = await server.As(Provider);
        async Task<List<JsonElement>> Rows(string q) => (await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?limit=1000&{q}"))).GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Id(7), Assert.Single(await Rows($"居民身份证号码={Id(7)}")).GetProperty("居民身份证号码").GetString());
        Assert.Equal(11, (await Rows("金额__gte=100&金额__lte=210")).Count); // 10.5 × 10 … 10.5 × 20
        Assert.Equal(3, (await Rows($"居民身份证号码__in={Id(1)},{Id(2)},{Id(99)}")).Count);
        Assert.Equal(12, (await Rows("q=" + Uri.EscapeDataString("备注1"))).Count); // 备注1, 备注10 … 备注19, 备注100
        var bad = await c.GetAsync($"/api/v1/datasets/{code}/rows?金额__gte=很多");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("金额__gte", await bad.Content.ReadAsStringAsync());
        var unknown = await c.GetAsync($"/api/v1/datasets/{code}/rows?不存在=1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
    }

    [Fact]
    public async Task Append_and_upsert_build_on_the_published_version_and_every_version_is_kept()
    {
        var code = await EntryWithData(10);
        var p = await server.As(Provider);
        await LoadAsync(p, code, CleanCsv(11, 5), "?mode=append");
        var count = async () => (await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?count=exact&limit=1"))).GetProperty("count").GetInt64();
        Assert.Equal(15, await count());
        // Upsert: rows 14–16 with new notes replace 14 and 15 and add 16.
        await LoadAsync(p, code, CleanCsv(14, 3, i => "更新" + i), "?mode=upsert");
        Assert.Equal(16, await count());
        var updated = await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?居民身份证号码={Id(14)}"));
        Assert.Equal("更新14", Assert.Single(updated.GetProperty("rows").EnumerateArray()).GetProperty("备注").GetString());
        var overview = await Json(await p.GetAsync($"/api/v1/datasets/{code}"));
        Assert.Equal(3, overview.GetProperty("publishedVersion").GetInt32());
        Assert.Equal(["Published", "Superseded", "Superseded"], overview.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("state").GetString()));
        // The first version is still readable by the provider.
        var v1 = await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?version=1&count=exact&limit=1"));
        Assert.Equal(10, v1.GetProperty("count").GetInt64());
        // An append built on version 3 cannot be published once version 5 replaced it: that would drop version 5's rows.
        var stale = (await LoadAsync(p, code, CleanCsv(50, 2), "?mode=append&publish=false")).GetProperty("version").GetProperty("number").GetInt32();
        await LoadAsync(p, code, CleanCsv(1, 4));
        var refused = await p.PostAsJsonAsync($"/api/v1/datasets/{code}/versions/{stale}/publish", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("basis-published", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Below_the_threshold_a_version_waits_for_a_named_person_with_a_reason()
    {
        var code = await EntryWithData(20);
        var bureau = await server.As(Bureau);
        Assert.Equal(99, (await Json(await bureau.PutAsJsonAsync("/api/v1/datasets/quality/threshold", new { threshold = 99 }))).GetProperty("threshold").GetDouble());
        try { await BelowThreshold(code); }
        finally { await bureau.PutAsJsonAsync("/api/v1/datasets/quality/threshold", new { threshold = 80 }); }
    }

    private async Task BelowThreshold(string code)
    {
        // Every ID broken (wrong check digit).
        var broken = CleanCsv(100, 20).Split('\n').Select((l, i) => i == 0 || l.Length == 0 ? l : l[..17] + (l[17] == '0' ? '1' : '0') + l[18..]);
        var p = await server.As(Provider);
        var load = await LoadAsync(p, code, string.Join('\n', broken));
        var version = load.GetProperty("version");
        Assert.Equal("Loaded", version.GetProperty("state").GetString());
        Assert.False(version.GetProperty("gatePassed").GetBoolean());
        var n = version.GetProperty("number").GetInt32();
        // Still serving version 1.
        Assert.Equal(1, (await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?limit=1"))).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await p.PostAsJsonAsync($"/api/v1/datasets/{code}/versions/{n}/publish", new { overrideReason = "急需使用这批数据" })).StatusCode);
        var head = await server.As(ProviderHead);
        var noReason = await head.PostAsJsonAsync($"/api/v1/datasets/{code}/versions/{n}/publish", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("overrideReason", await noReason.Content.ReadAsStringAsync());
        var ok = await Json(await head.PostAsJsonAsync($"/api/v1/datasets/{code}/versions/{n}/publish", new { overrideReason = "校验位问题已知，急需用于核查" }));
        Assert.Equal(ProviderHead, ok.GetProperty("gateOverrideBy").GetString());
        Assert.Equal(n, (await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?limit=1"))).GetProperty("version").GetInt32());
        var audited = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<AuditRecord>()
            .AnyAsync(a => a.Action == "dataset.publish.override" && a.Actor == ProviderHead && a.Subject == $"dataset:{code}/v{n}"));
        Assert.True(audited);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_fails_clearly_and_the_previous_version_stays_served()
    {
        var code = await EntryWithData(12);
        var p = await server.As(Provider);
        var r = await UploadAsync(p, code, Encoding.UTF8.GetBytes("[{\"居民身份证号码\": \"1\"},"), "broken.json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("\"file\"", await r.Content.ReadAsStringAsync());
        var overview = await Json(await p.GetAsync($"/api/v1/datasets/{code}"));
        Assert.Equal(1, overview.GetProperty("publishedVersion").GetInt32());
        Assert.Equal("Failed", overview.GetProperty("versions")[0].GetProperty("state").GetString());
        Assert.Equal(12, (await Json(await p.GetAsync($"/api/v1/datasets/{code}/rows?count=exact&limit=1"))).GetProperty("count").GetInt64());
        var badMode = await UploadAsync(p, code, Encoding.UTF8.GetBytes(CleanCsv(1, 2)), "d.csv", "?mode=merge");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badMode.StatusCode);
        Assert.Contains("\"mode\"", await badMode.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_row_read_and_download_is_in_the_audit_log_with_its_query_and_row_count()
    {
        var code = await EntryWithData(8);
        var other = await server.As("gy.gov");
        await Json(await other.GetAsync($"/api/v1/datasets/{code}/rows?limit=3"));
        await other.GetByteArrayAsync($"/api/v1/datasets/{code}/download?format=json");
        // A lookup by a raw ID under a grant is recorded with the ID's keyed hash: the audit log's readers see IDs masked.
        var p = await server.As(Provider);
        await Json(await p.PostAsJsonAsync($"/api/v1/datasets/{code}/grants", new { organisation = "520100-ZF", fields = new[] { "居民身份证号码" }, reason = "核查" }));
        await Json(await other.GetAsync($"/api/v1/datasets/{code}/rows?居民身份证号码={Id(5)}"));
        var found = false;
        for (var i = 0; i < 50 && !found; i++)
        {
            found = await server.WithServices(async sp =>
            {
                var db = sp.GetRequiredService<ShuzhiDb>();
                var reads = await db.Set<AuditRecord>().Where(a => a.Subject == $"dataset:{code}/v1" && a.Actor == "gy.gov").ToListAsync();
                Assert.DoesNotContain(reads, a => a.Details.Contains(Id(5)));
                return reads.Any(a => a.Action == "dataset.rows" && a.Details.Contains("\"rows\":3") && a.Details.Contains("limit=3"))
                       && reads.Any(a => a.Action == "dataset.download" && a.Details.Contains("\"rows\":8"))
                       && reads.Any(a => a.Action == "dataset.rows" && a.Details.Contains("居民身份证号码=hmac:") && a.Details.Contains("\"rows\":1"));
            });
            if (!found) await Task.Delay(100);
        }
        Assert.True(found, "access records not written");
    }
}

public sealed class DatasetApiTests_Sqlite(SqliteServer s) : DatasetApiTests<SqliteServer>(s);
public sealed class DatasetApiTests_Postgres(PostgresServer s) : DatasetApiTests<PostgresServer>(s);
