using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shuzhi.Core.Identifiers;

namespace Shuzhi.Integration.Tests.Datasets;

/// <summary>Catalogue entries and files for the dataset tests: made through the real API, like a department would.</summary>
public static class DatasetTestData
{
    public const string Provider = "gz.ga.commissioner", ProviderHead = "gz.ga.head", Bureau = "gz.bureau";

    /// <summary>An entry about persons: ID (key, personal), name (personal), birth date, mobile, registration date, amount, note (public).</summary>
    public static JsonObject PersonEntry(string name, string shareType = "Unconditional") => new()
    {
        ["name"] = name,
        ["summary"] = "数据资源测试用人员登记信息。",
        ["sourceBusiness"] = "登记业务",
        ["sourceSystem"] = "登记系统",
        ["category"] = "Departmental",
        ["domain"] = "公共安全",
        ["shareType"] = shareType,
        ["shareBasis"] = shareType == "Unconditional" ? null : "《中华人民共和国居民身份证法》第十九条",
        ["openType"] = "NotOpen",
        ["openReason"] = "涉及个人信息",
        ["grade"] = "General",
        ["usageRequirements"] = "仅限履职使用",
        ["updateCycle"] = "Daily",
        ["formats"] = new JsonArray("CSV"),
        ["qualityStandard"] = "质量规范",
        ["subjectKind"] = "NaturalPersons",
        ["identifierField"] = "居民身份证号码",
        ["fields"] = new JsonArray(
            Field("居民身份证号码", "IdCardNumber", "Personal", identifier: true),
            Field("姓名", "String", "Personal"),
            Field("出生日期", "Date", "Personal"),
            Field("手机号码", "String", "Personal"),
            Field("登记日期", "Date", "Public"),
            Field("金额", "Decimal", "Public"),
            Field("备注", "Text", "Public")),
    };

    public static readonly string[] Header = ["居民身份证号码", "姓名", "出生日期", "手机号码", "登记日期", "金额", "备注"];

    private static JsonObject Field(string name, string type, string sensitivity, bool identifier = false) =>
        new() { ["name"] = name, ["type"] = type, ["description"] = name, ["isIdentifier"] = identifier, ["sensitivity"] = sensitivity };

    /// <summary>Creates, submits and approves an entry; returns its code.</summary>
    public static async Task<string> PublishedEntryAsync(ServerFixture server, JsonObject attributes)
    {
        var c = await server.As(Provider);
        var r = await c.PostAsJsonAsync("/api/v1/catalogue/entries", attributes);
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var code = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/submit", new { })).StatusCode);
        var b = await server.As(Bureau);
        var review = await b.PostAsJsonAsync($"/api/v1/catalogue/entries/{code}/review", new { decision = "approve" });
        Assert.True(review.StatusCode == HttpStatusCode.OK, await review.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>A valid GB 11643 number for person <paramref name="i"/> (region 520102, born 1950–2005).</summary>
    public static string Id(int i)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(i * 37 % 20000);
        var body = $"520102{birth:yyyyMMdd}{i % 1000:D3}";
        return body + ResidentIdNumber.ComputeCheckCharacter(body);
    }

    public static DateOnly Birth(int i) => new DateOnly(1950, 1, 1).AddDays(i * 37 % 20000);

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "欧阳", "周"];
    private static readonly string[] Given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"];
    public static string PersonName(int i) => Surnames[i % Surnames.Length] + Given[i / Surnames.Length % Given.Length];
    public static string Mobile(int i) => $"139{i:D8}";

    /// <summary>Clean CSV rows 1..n (UTF-8), one per person.</summary>
    public static string CleanCsv(int from, int count, Func<int, string>? note = null)
    {
        var sb = new StringBuilder(string.Join(",", Header)).Append('\n');
        for (var i = from; i < from + count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{Id(i)},{PersonName(i)},{Birth(i):yyyy-MM-dd},{Mobile(i)},2026-0{1 + i % 9}-1{i % 10},{i * 10.5m},{note?.Invoke(i) ?? "备注" + i}\n");
        return sb.ToString();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient c, string code, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        return await c.PostAsync($"/api/v1/datasets/{code}/versions{query}", form);
    }

    public static async Task<JsonElement> LoadAsync(HttpClient c, string code, string csv, string query = "")
    {
        var r = await UploadAsync(c, code, Encoding.UTF8.GetBytes(csv), "data.csv", query);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement;
    }
}
