using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Integration.Tests;

public abstract class CatalogueApiTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ServerFixture
{
    private const string Entries = "/api/v1/catalogue/entries";

    /// <summary>A valid entry about natural persons with conditional sharing.</summary>
    public static JsonObject Valid(string name = "测试人员信息") => new()
    {
        ["name"] = name,
        ["summary"] = "用于测试的人员信息资源。",
        ["sourceBusiness"] = "测试业务",
        ["sourceSystem"] = "测试系统",
        ["category"] = "Departmental",
        ["domain"] = "公共安全",
        ["shareType"] = "Conditional",
        ["shareBasis"] = "《中华人民共和国居民身份证法》第十九条",
        ["openType"] = "NotOpen",
        ["openReason"] = "涉及个人信息",
        ["grade"] = "General",
        ["usageRequirements"] = "仅限履职使用",
        ["updateCycle"] = "Daily",
        ["formats"] = new JsonArray("数据库表", "API"),
        ["qualityStandard"] = "质量规范",
        ["subjectKind"] = "NaturalPersons",
        ["identifierField"] = "居民身份证号码",
        ["fields"] = new JsonArray(
            new JsonObject { ["name"] = "居民身份证号码", ["type"] = "IdCardNumber", ["description"] = "身份证号", ["isIdentifier"] = true, ["sensitivity"] = "Personal" },
            new JsonObject { ["name"] = "姓名", ["type"] = "String", ["description"] = "姓名", ["sensitivity"] = "Personal" }),
    };

    private static async Task<JsonElement> Json(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<string> CreateAs(string user, JsonObject? body = null)
    {
        var c = await server.As(user);
        var r = await c.PostAsJsonAsync(Entries, body ?? Valid($"测试资源{Guid.NewGuid():N}"[..12]));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (await Json(r)).GetProperty("code").GetString()!;
    }

    private async Task<HttpStatusCode> Post(string user, string url, object? body = null)
    {
        var c = await server.As(user);
        return (await c.PostAsJsonAsync(url, body ?? new { })).StatusCode;
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_the_public_403()
    {
        using var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync(Entries)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("citizen.zhang")).GetAsync(Entries)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await server.As("ent.qianyun")).GetAsync(Entries)).StatusCode);
    }

    [Fact]
    public async Task Demo_catalogue_has_at_least_50_entries_across_levels_and_the_province_sees_city_and_county_entries()
    {
        var count = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<CatalogueEntry>().CountAsync());
        Assert.True(count >= 50, $"{count} entries");
        var gov = await server.As("gz.gov");
        var all = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?pageSize=500");
        var levels = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("level").GetString()).Distinct().ToList();
        Assert.Contains("Province", levels);
        Assert.Contains("City", levels);
        Assert.Contains("County", levels);
        Assert.All(all.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("state").GetString() is "Published" or "Withdrawn"));
    }

    [Fact]
    public async Task Lifecycle_draft_submit_return_resubmit_publish_new_version_withdraw_keeps_every_version()
    {
        var ga = await server.As("gz.ga.commissioner");
        var sc = await server.As("gz.sc.commissioner");
        var bureau = await server.As("gz.bureau");
        var code = await CreateAs("gz.ga.commissioner", Valid("生命周期测试信息"));
        Assert.StartsWith("520000-GA-", code);
        Assert.Equal(HttpStatusCode.NotFound, (await sc.GetAsync($"{Entries}/{code}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.commissioner", $"{Entries}/{code}/submit"));
        var bad = await bureau.PostAsJsonAsync($"{Entries}/{code}/review", new { decision = "return" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("return-reasons", (await Json(bad)).GetProperty("errors")[0].GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/review", new { decision = "return", reasons = "请补充数据项说明" }));
        var returned = await ga.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Returned", returned.GetProperty("state").GetString());
        Assert.Equal("请补充数据项说明", returned.GetProperty("version").GetProperty("reviewReasons").GetString());

        var v2 = Valid("生命周期测试信息（修订）");
        Assert.Equal(HttpStatusCode.OK, (await ga.PutAsJsonAsync($"{Entries}/{code}", v2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.commissioner", $"{Entries}/{code}/submit"));
        Assert.Equal(HttpStatusCode.Conflict, (await ga.PutAsJsonAsync($"{Entries}/{code}", v2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/review", new { decision = "approve" }));

        var seen = await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Published", seen.GetProperty("state").GetString());
        Assert.Equal(2, seen.GetProperty("publishedVersion").GetInt32());

        // Editing a published entry: a new draft version, while the published one keeps being served.
        Assert.Equal(HttpStatusCode.OK, (await ga.PutAsJsonAsync($"{Entries}/{code}", Valid("生命周期测试信息（第三版）"))).StatusCode);
        var other = await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("生命周期测试信息（修订）", other.GetProperty("attributes").GetProperty("name").GetString());
        Assert.Equal(1, (await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}/versions")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await sc.GetAsync($"{Entries}/{code}/versions/3")).StatusCode);
        var own = await ga.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Draft", own.GetProperty("state").GetString());
        Assert.Equal(3, own.GetProperty("versions").GetArrayLength());

        Assert.Equal(HttpStatusCode.Conflict, await Post("gz.bureau", $"{Entries}/{code}/withdraw", new { reason = "停止提供" }));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.commissioner", $"{Entries}/{code}/submit"));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/review", new { decision = "approve" }));
        var v1 = await ga.GetFromJsonAsync<JsonElement>($"{Entries}/{code}/versions/2");
        Assert.Equal("Superseded", v1.GetProperty("version").GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post("gz.bureau", $"{Entries}/{code}/withdraw", new { reason = " " }));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/withdraw", new { reason = "职能调整，停止提供" }));
        var withdrawn = await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Withdrawn", withdrawn.GetProperty("state").GetString());
        var versions = await ga.GetFromJsonAsync<JsonElement>($"{Entries}/{code}/versions");
        Assert.Equal(["Withdrawn", "Superseded", "Returned"], versions.EnumerateArray().Select(v => v.GetProperty("state").GetString()!).ToArray());

        // A new version of a withdrawn entry is a draft for its department; everyone else still sees it withdrawn.
        Assert.Equal(HttpStatusCode.OK, (await ga.PutAsJsonAsync($"{Entries}/{code}", Valid("生命周期测试信息（恢复）"))).StatusCode);
        Assert.Equal("Draft", (await ga.GetFromJsonAsync<JsonElement>($"{Entries}/{code}")).GetProperty("state").GetString());
        var outside = await sc.GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Withdrawn", outside.GetProperty("state").GetString());
        Assert.Equal("生命周期测试信息（第三版）", outside.GetProperty("attributes").GetProperty("name").GetString());
        var listed = await sc.GetFromJsonAsync<JsonElement>($"{Entries}?q={Uri.EscapeDataString(code)}");
        Assert.Equal("Withdrawn", listed.GetProperty("items")[0].GetProperty("state").GetString());
    }

    public static TheoryData<string, string, string> BrokenRules => new()
    {
        { "shareBasisMissing", "shareBasis", "share-legal-basis" },
        { "notSharedNoBasis", "shareBasis", "share-legal-basis" },
        { "openReasonMissing", "openReason", "open-reason" },
        { "noIdentifier", "identifierField", "identifier-field" },
        { "identifierWrongType", "identifierField", "identifier-field" },
        { "orgWithoutCreditCode", "identifierField", "identifier-field" },
        { "duplicateField", "fields[1].name", "field-name-unique" },
        { "noFields", "fields", "at-least-one-field" },
        { "coreOpen", "openType", "grade-open" },
        { "nameMissing", "name", "required" },
        { "nameTooLong", "name", "max-length" },
        { "noFormats", "formats", "required" },
        { "sourceMissing", "sourceBusiness", "required" },
        { "enumAsNumber", "grade", "enum" },
        { "fieldTypeMissing", "fields[0].type", "required" },
    };

    private static JsonObject Break(string how)
    {
        var b = Valid();
        var fields = b["fields"]!.AsArray();
        switch (how)
        {
            case "shareBasisMissing": b.Remove("shareBasis"); break;
            case "notSharedNoBasis": b["shareType"] = "NotShared"; b["shareBasis"] = "  "; break;
            case "openReasonMissing": b["openType"] = "Conditional"; b.Remove("openReason"); break;
            case "noIdentifier": b.Remove("identifierField"); break;
            case "identifierWrongType": fields[0]!["type"] = "String"; break;
            case "orgWithoutCreditCode": b["subjectKind"] = "Organisations"; break;
            case "duplicateField": fields[1]!["name"] = "居民身份证号码"; break;
            case "noFields": b["fields"] = new JsonArray(); break;
            case "coreOpen": b["grade"] = "Core"; b["openType"] = "Unconditional"; break;
            case "nameMissing": b["name"] = "   "; break;
            case "nameTooLong": b["name"] = new string('名', 201); break;
            case "noFormats": b["formats"] = new JsonArray(); break;
            case "sourceMissing": b.Remove("sourceBusiness"); break;
            case "enumAsNumber": b["grade"] = 7; break;
            case "fieldTypeMissing": fields[0]!.AsObject().Remove("type"); break;
        }
        return b;
    }

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_validation_rule_gives_422_naming_field_and_rule_and_writes_nothing(string how, string field, string rule)
    {
        var before = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<CatalogueEntry>().CountAsync());
        var c = await server.As("gz.ga.commissioner");
        var r = await c.PostAsJsonAsync(Entries, Break(how));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(r)).GetProperty("errors").EnumerateArray().ToList();
        var error = Assert.Single(errors, e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);
        var article = rule switch { "share-legal-basis" => "第二十条", "open-reason" => "第二十八条", "identifier-field" => "第十四条", "grade-open" => "数据安全法", _ => null };
        if (article is not null) Assert.Contains(article, error.GetProperty("detail").GetString());
        Assert.Equal(before, await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<CatalogueEntry>().CountAsync()));
    }

    [Fact]
    public async Task Base_category_is_provincial_only_and_unconditionally_shared()
    {
        var b = Valid();
        b["category"] = "Base";
        var r = await (await server.As("gy.ga.commissioner")).PostAsJsonAsync(Entries, b);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var rules = (await Json(r)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("rule").GetString()).ToList();
        Assert.Contains("base-category-provincial", rules);
        Assert.Contains("base-unconditional-share", rules);
    }

    [Fact]
    public async Task Unknown_enum_value_is_a_400_naming_the_field()
    {
        var b = Valid();
        b["shareType"] = "Sometimes";
        var r = await (await server.As("gz.ga.commissioner")).PostAsJsonAsync(Entries, b);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("shareType", (await Json(r)).GetProperty("errors")[0].GetProperty("field").GetString());
        var nested = Valid();
        nested["fields"]![0]!["type"] = "Blob";
        var n = await (await server.As("gz.ga.commissioner")).PostAsJsonAsync(Entries, nested);
        Assert.Equal(HttpStatusCode.BadRequest, n.StatusCode);
        Assert.Equal("fields[0].type", (await Json(n)).GetProperty("errors")[0].GetProperty("field").GetString());
        var q = await (await server.As("gz.gov")).GetAsync($"{Entries}?shareType=Sometimes");
        Assert.Equal(HttpStatusCode.BadRequest, q.StatusCode);
        Assert.Equal("shareType", (await Json(q)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Search_finds_Chinese_substrings_of_names_and_field_names_and_is_paginated()
    {
        var gov = await server.As("gz.gov");
        var r = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?q=户籍");
        var names = r.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Contains("居民户籍信息", names);
        Assert.Contains("贵阳市居民户籍信息", names);
        Assert.Contains("人口基础信息", names); // by its field 户籍地址
        var byField = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?q=统一社会信用代码&level=Province");
        Assert.Contains("企业登记信息", byField.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var none = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?q=%25");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var page = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?pageSize=5&page=2");
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() > 10);
        var code = await gov.GetFromJsonAsync<JsonElement>($"{Entries}?q=520000-SC-0001");
        Assert.Equal(1, code.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Another_department_cannot_find_a_draft_in_search()
    {
        var code = await CreateAs("gz.ga.commissioner", Valid("保密草稿测试信息"));
        var sc = await server.As("gz.sc.commissioner");
        Assert.Equal(0, (await sc.GetFromJsonAsync<JsonElement>($"{Entries}?q=保密草稿")).GetProperty("total").GetInt32());
        var own = await server.As("gz.ga.staff");
        Assert.Equal(1, (await own.GetFromJsonAsync<JsonElement>($"{Entries}?q=保密草稿")).GetProperty("total").GetInt32());
        var queue = await (await server.As("gz.bureau")).GetFromJsonAsync<JsonElement>("/api/v1/catalogue/review-queue");
        Assert.DoesNotContain(code, queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }

    public static TheoryData<string, string, int> Matrix()
    {
        var users = new[] { "gz.ga.commissioner", "gz.ga.staff", "gz.sc.commissioner", "gz.bureau", "gy.bureau", "gz.ga.head", "citizen.zhang", "ent.qianyun", "gz.gov", "anonymous" };
        var expected = new Dictionary<string, int[]>
        {
            ["create"] = [201, 201, 201, 403, 403, 403, 403, 403, 403, 401],
            ["update"] = [200, 200, 404, 403, 403, 403, 403, 403, 403, 401],
            ["submit"] = [200, 200, 404, 403, 403, 403, 403, 403, 403, 401],
            ["review"] = [403, 403, 403, 200, 404, 403, 403, 403, 403, 401],
            ["withdraw"] = [200, 200, 403, 200, 403, 403, 403, 403, 403, 401],
            ["read-draft"] = [200, 200, 404, 200, 404, 200, 403, 403, 404, 401],
            ["export"] = [200, 200, 200, 200, 200, 200, 403, 403, 200, 401],
            ["import"] = [200, 200, 422, 403, 403, 403, 403, 403, 403, 401],
        };
        var data = new TheoryData<string, string, int>();
        foreach (var (action, codes) in expected)
            for (var i = 0; i < users.Length; i++) data.Add(users[i], action, codes[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Role_by_action(string user, string action, int expected)
    {
        // Set-up by the owner and the provincial bureau: an entry of 省公安厅 in the state the action needs.
        var code = await CreateAs("gz.ga.commissioner");
        if (action is "review" or "withdraw") Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.commissioner", $"{Entries}/{code}/submit"));
        if (action is "withdraw") Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/review", new { decision = "approve" }));

        using var client = user == "anonymous" ? server.Anonymous() : await server.As(user);
        HttpResponseMessage r = action switch
        {
            "create" => await client.PostAsJsonAsync(Entries, Valid()),
            "update" => await client.PutAsJsonAsync($"{Entries}/{code}", Valid("矩阵测试修改")),
            "submit" => await client.PostAsJsonAsync($"{Entries}/{code}/submit", new { }),
            "review" => await client.PostAsJsonAsync($"{Entries}/{code}/review", new { decision = "approve" }),
            "withdraw" => await client.PostAsJsonAsync($"{Entries}/{code}/withdraw", new { reason = "测试撤销" }),
            "read-draft" => await client.GetAsync($"{Entries}/{code}"),
            "export" => await client.GetAsync("/api/v1/catalogue/export?department=520000-GA&format=json"),
            "import" => await client.PostAsync("/api/v1/catalogue/import", ImportBody(new JsonObject
            {
                ["format"] = CatalogueDocument.FormatName, ["department"] = "520000-GA", ["entries"] = new JsonArray(new JsonObject { ["attributes"] = Valid("矩阵导入测试") }),
            })),
            _ => throw new ArgumentException(action),
        };
        Assert.True(expected == (int)r.StatusCode, $"{user} {action}: expected {expected}, got {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        if (expected >= 400) Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    private static MultipartFormDataContent ImportBody(JsonNode doc, string fileName = "catalogue.json")
        => ImportBody(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()), fileName);

    private static MultipartFormDataContent ImportBody(byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", fileName);
        return form;
    }

    [Fact]
    public async Task Export_of_another_department_holds_only_published_entries()
    {
        var code = await CreateAs("gz.ga.commissioner", Valid("导出可见性测试"));
        var sc = await server.As("gz.sc.commissioner");
        var doc = await sc.GetFromJsonAsync<JsonElement>("/api/v1/catalogue/export?department=520000-GA&format=json");
        var codes = doc.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain(code, codes);
        Assert.Contains("520000-GA-0001", codes);
        var own = await (await server.As("gz.ga.staff")).GetFromJsonAsync<JsonElement>("/api/v1/catalogue/export?department=520000-GA&format=json");
        Assert.Contains(code, own.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await sc.GetAsync("/api/v1/catalogue/export?department=520000-GA&format=pdf")).StatusCode);
    }

    /// <summary>The attributes of every entry of a department, by code, from a JSON export.</summary>
    private static async Task<Dictionary<string, JsonNode>> ExportedAttributes(HttpClient c, string department)
    {
        var doc = JsonNode.Parse(await c.GetByteArrayAsync($"/api/v1/catalogue/export?department={department}&format=json"))!;
        return doc["entries"]!.AsArray().ToDictionary(e => e!["code"]!.GetValue<string>(), e => e!["attributes"]!);
    }

    [Fact]
    public async Task Json_export_import_round_trips_every_attribute()
    {
        var c = await server.As("gy.ga.commissioner");
        var before = await ExportedAttributes(c, "520100-GA");
        var bytes = await c.GetByteArrayAsync("/api/v1/catalogue/export?department=520100-GA&format=json");
        var r = await c.PostAsync("/api/v1/catalogue/import", ImportBody(bytes, "gy.json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(before.Count, (await Json(r)).GetProperty("updated").GetInt32());
        var after = await ExportedAttributes(c, "520100-GA");
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (code, attrs) in before) Assert.True(JsonNode.DeepEquals(attrs, after[code]), $"{code}: {attrs}\n{after[code]}");
        var entry = await c.GetFromJsonAsync<JsonElement>($"{Entries}/{before.Keys.First()}");
        Assert.Equal("Draft", entry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Xlsx_export_import_round_trips_and_normalises_full_width_text()
    {
        var c = await server.As("gy.rs.commissioner");
        var before = await ExportedAttributes(c, "520100-RS");
        var bytes = await c.GetByteArrayAsync("/api/v1/catalogue/export?department=520100-RS&format=xlsx");
        var r = await c.PostAsync("/api/v1/catalogue/import", ImportBody(bytes, "gy-rs.xlsx"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var after = await ExportedAttributes(c, "520100-RS");
        foreach (var (code, attrs) in before) Assert.True(JsonNode.DeepEquals(attrs, after[code]), $"{code}: {attrs}\n{after[code]}");

        // A department's own spreadsheet, with full-width letters and digits and stray spaces.
        var a = JsonSerializer.Deserialize<EntryAttributes>(Valid("  全角测试　信息ＡＢＣ１２３ ").ToJsonString(), EntryAttributes.Json)!;
        var xlsx = CatalogueExcel.Write([new CatalogueDocumentEntry("５２０１００－ＲＳ－０９０１", null, null, a)]);
        var imported = await c.PostAsync("/api/v1/catalogue/import", ImportBody(xlsx, "手工.xlsx"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var entry = await c.GetFromJsonAsync<JsonElement>($"{Entries}/520100-RS-0901");
        Assert.Equal("全角测试 信息ABC123", entry.GetProperty("attributes").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Import_of_a_bad_file_writes_nothing_and_names_entry_and_field()
    {
        var c = await server.As("gz.ga.commissioner");
        var count = () => server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<EntryVersion>().CountAsync());
        var before = await count();
        var bad = Valid("导入坏数据");
        bad.Remove("shareBasis");
        var doc = new JsonObject
        {
            ["format"] = CatalogueDocument.FormatName, ["department"] = "520000-GA",
            ["entries"] = new JsonArray(
                new JsonObject { ["code"] = "520000-GA-0001", ["attributes"] = Valid("这条有效") },
                new JsonObject { ["attributes"] = bad }),
        };
        var r = await c.PostAsync("/api/v1/catalogue/import", ImportBody(doc));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await Json(r)).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("field").GetString() == "entries[1].shareBasis" && e.GetProperty("rule").GetString() == "share-legal-basis");
        Assert.Equal(before, await count());

        var notJson = await c.PostAsync("/api/v1/catalogue/import", ImportBody(System.Text.Encoding.UTF8.GetBytes("{\"entries\": [ {"), "x.json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var notExcel = await c.PostAsync("/api/v1/catalogue/import", ImportBody([(byte)'P', (byte)'K', 3, 4, 0, 0], "x.xlsx"));
        Assert.Equal(HttpStatusCode.BadRequest, notExcel.StatusCode);
        Assert.Equal(before, await count());
    }

    [Fact]
    public async Task Every_act_is_audited()
    {
        var code = await CreateAs("gz.ga.staff", Valid("审计测试信息"));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.staff", $"{Entries}/{code}/submit"));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.bureau", $"{Entries}/{code}/review", new { decision = "approve" }));
        var actions = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<Shuzhi.Platform.Audit.AuditRecord>()
            .Where(a => a.Subject == $"catalogue-entry:{code}").OrderBy(a => a.Sequence).Select(a => a.Action + "/" + a.Actor).ToListAsync());
        Assert.Equal(["catalogue.entry.create/gz.ga.staff", "catalogue.entry.submit/gz.ga.staff", "catalogue.entry.approve/gz.bureau"], actions);
    }

    [Fact]
    public async Task Import_answers_code_format_for_any_code_outside_the_department_whether_or_not_it_exists()
    {
        var draft = await CreateAs("gz.ga.commissioner", Valid("公安探测用草稿"));
        var sc = await server.As("gz.sc.commissioner");
        var doc = new JsonObject
        {
            ["format"] = CatalogueDocument.FormatName,
            ["entries"] = new JsonArray(
                new JsonObject { ["code"] = draft, ["attributes"] = Valid("探测一") },
                new JsonObject { ["code"] = "520000-GA-9876", ["attributes"] = Valid("探测二") },
                new JsonObject { ["code"] = "520000-GA-0001", ["attributes"] = Valid("探测三") }),
        };
        var r = await sc.PostAsync("/api/v1/catalogue/import", ImportBody(doc));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var errors = (await Json(r)).GetProperty("errors").EnumerateArray().ToList();
        for (var i = 0; i < 3; i++)
        {
            var e = Assert.Single(errors, e => e.GetProperty("field").GetString() == $"entries[{i}].code");
            Assert.Equal("code-format", e.GetProperty("rule").GetString());
            Assert.Equal(errors[0].GetProperty("detail").GetString(), e.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Null_fields_and_null_entries_are_422_naming_them()
    {
        var c = await server.As("gz.ga.commissioner");
        var body = Valid("空数据项测试");
        body["fields"]!.AsArray().Add(null);
        var created = await c.PostAsJsonAsync(Entries, body);
        AssertRule(created, "fields[2]", "required");
        var code = await CreateAs("gz.ga.commissioner");
        AssertRule(await c.PutAsJsonAsync($"{Entries}/{code}", body), "fields[2]", "required");
        var onlyNull = Valid();
        onlyNull["fields"] = new JsonArray((JsonNode?)null);
        AssertRule(await c.PostAsJsonAsync(Entries, onlyNull), "fields[0]", "required");

        var doc = new JsonObject { ["format"] = CatalogueDocument.FormatName, ["entries"] = new JsonArray(null, new JsonObject { ["attributes"] = body }) };
        var r = await c.PostAsync("/api/v1/catalogue/import", ImportBody(doc));
        AssertRule(r, "entries[0]", "required");
        AssertRule(r, "entries[1].fields[2]", "required");

        static void AssertRule(HttpResponseMessage r, string field, string rule)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var errors = JsonDocument.Parse(r.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("errors").EnumerateArray();
            Assert.Contains(errors, e => e.GetProperty("field").GetString() == field && e.GetProperty("rule").GetString() == rule);
        }
    }

    [Fact]
    public async Task Import_row_without_code_never_draws_a_code_the_file_gives_explicitly()
    {
        var c = await server.As("gz.ga.commissioner");
        var last = await CreateAs("gz.ga.commissioner");
        var next = $"520000-GA-{int.Parse(last[(last.LastIndexOf('-') + 1)..]) + 1:0000}";
        var doc = new JsonObject
        {
            ["format"] = CatalogueDocument.FormatName,
            ["entries"] = new JsonArray(
                new JsonObject { ["attributes"] = Valid("无编码导入") },
                new JsonObject { ["code"] = next, ["attributes"] = Valid("有编码导入") }),
        };
        var r = await c.PostAsync("/api/v1/catalogue/import", ImportBody(doc));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var codes = (await Json(r)).GetProperty("codes").EnumerateArray().Select(x => x.GetString()!).ToList();
        Assert.Equal(2, codes.Distinct().Count());
        Assert.Equal(next, codes[1]);
        Assert.Equal("有编码导入", (await c.GetFromJsonAsync<JsonElement>($"{Entries}/{next}")).GetProperty("attributes").GetProperty("name").GetString());
        Assert.Equal("无编码导入", (await c.GetFromJsonAsync<JsonElement>($"{Entries}/{codes[0]}")).GetProperty("attributes").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_huge_page_number_is_refused_naming_page()
    {
        var r = await (await server.As("gz.gov")).GetAsync($"{Entries}?page=2000000000&pageSize=500");
        Assert.True(r.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{r.StatusCode}");
        var e = (await Json(r)).GetProperty("errors")[0];
        Assert.Equal("page", e.GetProperty("field").GetString());
        Assert.Equal("range", e.GetProperty("rule").GetString());
        Assert.Equal(HttpStatusCode.OK, (await (await server.As("gz.gov")).GetAsync($"{Entries}?page=100000&pageSize=500")).StatusCode);
    }

    [Fact]
    public async Task Simultaneous_approvals_publish_once_the_others_get_409()
    {
        var code = await CreateAs("gz.ga.commissioner", Valid("并发审核测试信息"));
        Assert.Equal(HttpStatusCode.OK, await Post("gz.ga.commissioner", $"{Entries}/{code}/submit"));
        var clients = new List<HttpClient>();
        for (var i = 0; i < 6; i++) clients.Add(await server.As("gz.bureau"));
        var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"{Entries}/{code}/review", new { decision = "approve" })));
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == 200) == 1, string.Join(",", statuses));
        Assert.True(statuses.Count(s => s == 409) == 5, string.Join(",", statuses));
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            // The loser meets the winner's version check, the submitted state, or (PostgreSQL may order the inserts first) the
            // unique index of the basis filing the same publication writes (贵州 art.20): all three are the same race, lost.
            Assert.Contains((await Json(r)).GetProperty("errors")[0].GetProperty("rule").GetString(), new[] { "concurrent-change", "review-requires-submitted", "unique" });
        var approvals = await server.WithServices(sp => sp.GetRequiredService<ShuzhiDb>().Set<Shuzhi.Platform.Audit.AuditRecord>()
            .CountAsync(a => a.Subject == $"catalogue-entry:{code}" && a.Action == "catalogue.entry.approve"));
        Assert.Equal(1, approvals);
        var entry = await (await server.As("gz.sc.commissioner")).GetFromJsonAsync<JsonElement>($"{Entries}/{code}");
        Assert.Equal("Published", entry.GetProperty("state").GetString());
        Assert.Single(entry.GetProperty("versions").EnumerateArray());
    }
}

public sealed class CatalogueApiTests_Sqlite(SqliteServer s) : CatalogueApiTests<SqliteServer>(s);
public sealed class CatalogueApiTests_Postgres(PostgresServer s) : CatalogueApiTests<PostgresServer>(s);
