using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Sharing.SharingTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>
/// Consumption only within a grant (issue 4 item 3): without a grant, with an expired or a revoked one, a field outside
/// it, rows outside its filter — each refused with the reason and recorded in the access log the provider reads.
/// </summary>
public abstract class GrantAccessTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private static readonly string[] Granted = ["居民身份证号码", "姓名", "登记日期"];
    private const string Filter = "登记日期__in=2026-02-11,2026-03-12,2026-04-13"; // persons 1, 2 and 3

    private DateOnly Today => DateOnly.FromDateTime(server.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>Asserts a 403 whose detail says <paramref name="why"/>, and that the provider's usage log holds that refusal.</summary>
    private async Task RefusedAndLogged(HttpClient c, string code, string url, string why)
    {
        var r = await c.GetAsync(url);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{(int)r.StatusCode}: {body}");
        Assert.Contains(why, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        var refusals = (await UsageAsync(server, code)).Where(u => u.GetProperty("action").GetString() == "dataset.refused").ToList();
        Assert.Contains(refusals, u => u.GetProperty("organisation").GetString() == "贵州省市场监督管理局"
                                       && u.GetProperty("details").GetProperty("reason").GetString()!.Contains(why));
    }

    [Fact]
    public async Task Without_a_grant_conditional_data_is_refused_and_logged_on_rows_and_downloads()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var c = await server.As(Consumer);
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows", "apply for access");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/download?format=csv", "apply for access");
    }

    [Fact]
    public async Task Under_a_grant_only_its_fields_and_rows_are_served_and_anything_outside_is_refused_and_logged()
    {
        var code = await ConditionalEntryAsync(server, 20);
        var grant = await GrantAsync(server, code, Granted, Filter, Today.AddYears(1));
        var c = await server.As(Consumer);

        var page = await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?count=exact&sort=登记日期"));
        Assert.Equal(3, page.GetProperty("count").GetInt64());
        var text = page.GetRawText();
        Assert.Contains(Id(1), text); // granted fields come raw
        Assert.DoesNotContain(Mobile(1), text);
        Assert.DoesNotContain("手机号码", text);
        Assert.DoesNotContain(Id(4), text);
        // Narrowing inside the grant is fine.
        var one = await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows?登记日期=2026-03-12&fields=姓名"));
        Assert.Equal(PersonName(2), one.GetProperty("rows").EnumerateArray().Single().GetProperty("姓名").GetString());
        // A download holds the same rows and fields.
        var csv = await (await c.GetAsync($"/api/v1/datasets/{code}/download?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("居民身份证号码,姓名,登记日期", csv.Split('\n')[0].TrimEnd('\r').TrimStart('\uFEFF'));

        // A field outside the grant, named anywhere.
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?fields=姓名,手机号码", "field '手机号码' is outside grant");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?手机号码={Mobile(1)}", "field '手机号码' is outside grant");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?sort=-金额", "field '金额' is outside grant");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/download?format=json&fields=出生日期", "field '出生日期' is outside grant");
        // Rows outside the grant's filter.
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?登记日期=2026-05-14", "are outside grant");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?登记日期__in=2026-02-11,2026-03-11", "are outside grant");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows?备注=备注9", "field '备注' is outside grant");
        // The masked value asked for is not written into the log raw.
        var logged = (await UsageAsync(server, code)).Select(u => u.GetRawText()).ToList();
        Assert.DoesNotContain(logged, l => l.Contains(Mobile(1)));
        Assert.Contains(logged, l => l.Contains(grant));
    }

    [Fact]
    public async Task An_expired_grant_is_refused_and_logged_from_the_day_after_its_last_day()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var last = Today.AddDays(2);
        await GrantAsync(server, code, Granted, null, last);
        var c = await server.As(Consumer);
        var start = server.Clock.GetUtcNow();
        try
        {
            server.SetNow(new DateTimeOffset(last.ToDateTime(new TimeOnly(23, 59)), TimeSpan.FromHours(8)));
            Assert.Equal(HttpStatusCode.OK, (await (await server.As(Consumer)).GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
            server.SetNow(new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)));
            c = await server.As(Consumer);
            await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows", $"expired on {last:yyyy-MM-dd}");
            var listed = (await Json(await c.GetAsync($"/api/v1/sharing/grants?entry={code}"))).EnumerateArray().Single();
            Assert.Equal("expired", listed.GetProperty("status").GetString());
        }
        finally { server.SetNow(start); }
    }

    [Fact]
    public async Task A_revoked_grant_is_refused_and_logged_on_the_very_next_request()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var grant = await GrantAsync(server, code, Granted, null, Today.AddYears(1));
        var c = await server.As(Consumer);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/api/v1/datasets/{code}/rows")).StatusCode);
        // Only the provider revokes, and it must say why.
        Assert.Equal(HttpStatusCode.Forbidden, (await c.PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/revoke", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await server.As("gy.ga.commissioner")).PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/revoke", new { reason = "x" })).StatusCode);
        var p = await server.As(Provider);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await p.PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/revoke", new { })).StatusCode);
        var revoked = await Json(await p.PostAsJsonAsync($"/api/v1/sharing/grants/{grant}/revoke", new { reason = "超出申请用途使用" }));
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows", "revoked");
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/download", "超出申请用途使用");
    }

    [Fact]
    public async Task A_file_grant_serves_downloads_but_not_the_row_API_and_a_narrower_agreement_binds()
    {
        var code = await ConditionalEntryAsync(server, 5);
        var app = await ApplyAsync(server, Application(code, Granted, null, Today.AddYears(1), "file"));
        await ActAsync(server, Bureau, app, "review", new { decision = "pass" });
        // The provider may agree to less than was asked, never more.
        var more = await (await server.As(Provider)).PostAsJsonAsync($"/api/v1/sharing/applications/{app.GetProperty("id").GetString()}/reply",
            new { decision = "agree", fields = new[] { "姓名", "手机号码" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, more.StatusCode);
        var granted = await ActAsync(server, Provider, app, "reply", new { decision = "agree", fields = new[] { "姓名" }, reasons = "仅提供姓名" });
        var c = await server.As(Consumer);
        await RefusedAndLogged(c, code, $"/api/v1/datasets/{code}/rows", "delivers files");
        var csv = await (await c.GetAsync($"/api/v1/datasets/{code}/download?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal("姓名", csv.Split('\n')[0].TrimEnd('\r').TrimStart('\uFEFF'));
        Assert.Equal(6, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var line = await Json(await c.GetAsync($"/api/v1/sharing/grants/{granted.GetProperty("grantId").GetString()}"));
        Assert.Equal(["姓名"], line.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList());
        Assert.NotEqual(JsonValueKind.Null, line.GetProperty("firstDeliveredAt").ValueKind);
    }

    [Fact]
    public async Task Unconditional_data_is_usable_at_once_and_its_use_is_logged_the_same_way()
    {
        var code = await PublishedEntryAsync(server, PersonEntry("无条件" + Guid.NewGuid().ToString("N")[..6]));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 4));
        var c = await server.As(Consumer);
        var found = (await Json(await c.GetAsync($"/api/v1/sharing/resources?q={code}"))).EnumerateArray().Single();
        Assert.Equal("use", found.GetProperty("access").GetString());
        Assert.Equal(4, (await Json(await c.GetAsync($"/api/v1/datasets/{code}/rows"))).GetProperty("rows").GetArrayLength());
        var use = await UsageAsync(server, code, Consumer);
        Assert.Contains(use, u => u.GetProperty("action").GetString() == "dataset.rows" && u.GetProperty("details").GetProperty("rows").GetInt32() == 4);
        // A consumer sees only its own organisation's calls.
        await (await server.As("gy.ga.commissioner")).GetAsync($"/api/v1/datasets/{code}/rows");
        Assert.All(await UsageAsync(server, code, Consumer), u => Assert.Equal("贵州省市场监督管理局", u.GetProperty("organisation").GetString()));
        Assert.Contains(await UsageAsync(server, code, Provider), u => u.GetProperty("organisation").GetString() == "贵阳市公安局");
    }
}

public sealed class GrantAccessTests_Sqlite(SqliteServer s) : GrantAccessTests<SqliteServer>(s);
public sealed class GrantAccessTests_Postgres(PostgresServer s) : GrantAccessTests<PostgresServer>(s);
