using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Integration.Tests.Sharing;

/// <summary>Sharing through the real API: a conditional entry with data, applications and grants made as departments would.</summary>
public static class SharingTestData
{
    /// <summary>The consuming department (省市场监管局) and its head; the government of the province.</summary>
    public const string Consumer = "gz.sc.commissioner", ConsumerHead = "gz.sc.head", Government = "gz.gov";

    public static async Task<JsonElement> Json(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {(int)expected}, got {(int)r.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A published, conditionally shared entry of 省公安厅 with <paramref name="rows"/> clean rows; returns its code.</summary>
    public static async Task<string> ConditionalEntryAsync(ServerFixture server, int rows = 20)
    {
        var code = await PublishedEntryAsync(server, PersonEntry("人员核验" + Guid.NewGuid().ToString("N")[..6], "Conditional"));
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, rows));
        return code;
    }

    public static object Application(string code, string[] fields, string? rowFilter, DateOnly until, string delivery = "api") => new
    {
        entryCode = code, purpose = "企业登记中核验法定代表人身份", legalBasis = "《市场主体登记管理条例》第十七条",
        fields, rowFilter, validUntil = until.ToString("yyyy-MM-dd"), delivery,
    };

    public static async Task<JsonElement> ApplyAsync(ServerFixture server, object application, string who = Consumer) =>
        await Json(await (await server.As(who)).PostAsJsonAsync("/api/v1/sharing/applications", application), HttpStatusCode.Created);

    public static async Task<JsonElement> ActAsync(ServerFixture server, string who, JsonElement app, string act, object body) =>
        await Json(await (await server.As(who)).PostAsJsonAsync($"/api/v1/sharing/applications/{app.GetProperty("id").GetString()}/{act}", body));

    /// <summary>Apply → bureau passes → provider agrees: returns the grant id.</summary>
    public static async Task<string> GrantAsync(ServerFixture server, string code, string[] fields, string? rowFilter, DateOnly until, string delivery = "api")
    {
        var app = await ApplyAsync(server, Application(code, fields, rowFilter, until, delivery));
        await ActAsync(server, Bureau, app, "review", new { decision = "pass" });
        var granted = await ActAsync(server, Provider, app, "reply", new { decision = "agree", reasons = "同意共享" });
        Assert.Equal("granted", granted.GetProperty("state").GetString());
        return granted.GetProperty("grantId").GetString()!;
    }

    /// <summary>The access records of an entry as its provider sees them (flushed by the endpoint).</summary>
    public static async Task<List<JsonElement>> UsageAsync(ServerFixture server, string code, string who = Provider, string? grant = null)
    {
        var url = grant is null ? $"/api/v1/sharing/usage?entry={code}" : $"/api/v1/sharing/usage?grant={grant}";
        return (await Json(await (await server.As(who)).GetAsync(url))).EnumerateArray().ToList();
    }
}
