using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// Conditional opening (贵州 art.31) in a real browser: a citizen finds a conditionally open dataset on the portal (no
/// preview, no downloads), applies; the bureau passes the conformity review; the provider agrees and opens the data;
/// the citizen reads the rows and downloads the CSV from "my applications". SQLite only — OpeningTests covers the
/// procedure over HTTP on both databases.
/// </summary>
public sealed partial class OpeningJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [GeneratedRegex(@"/open/me/applications/[0-9a-f-]{36}$")]
    private static partial Regex MyApplicationPath();

    [Fact]
    public async Task A_citizen_applies_the_bureau_passes_the_provider_opens_and_the_citizen_reads_and_downloads_the_rows()
    {
        var marker = "浏览器开放申请" + Guid.NewGuid().ToString("N")[..6];
        var entry = PersonEntry(marker + "登记");
        entry["openType"] = "Conditional";
        entry["openReason"] = "经申请有条件开放";
        var code = await PublishedEntryAsync(server, entry);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 12));

        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;

        // a. 张晓明 signs in, finds the dataset on the portal: conditionally open, no preview, no downloads.
        await s.SignIn("citizen.zhang");
        await page.GotoAsync("/open");
        await page.GetByLabel("检索开放数据").FillAsync(marker);
        await page.GetByLabel("检索开放数据").PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-test=open-result-{code}] [data-test=open-type-conditional]")).ToHaveTextAsync("有条件开放");
        await s.Step("search");
        await page.GetByRole(AriaRole.Link, new() { Name = marker + "登记" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=open-type-cell]")).ToHaveTextAsync("有条件开放");
        await Assertions.Expect(page.Locator("table[data-test=open-preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=download-csv]")).ToHaveCountAsync(0);
        await s.Step("dataset");

        // b. Applies: purpose, two fields, the last day of use.
        await page.Locator("a[data-test=apply-open]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("申请有条件开放数据");
        await page.GetByLabel("用途 *").FillAsync("研究登记数据的时间分布");
        await page.Locator("[data-test='field-登记日期']").CheckAsync();
        await page.Locator("[data-test='field-姓名']").CheckAsync();
        await page.GetByLabel("使用截止日期").FillAsync("2027-06-30");
        await s.Step("form");
        await page.Locator("[data-test=submit-apply]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(MyApplicationPath());
        var mine = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("[data-test=done]")).ToContainTextAsync("申请已提交");
        await Assertions.Expect(page.Locator("[data-test=state]")).ToHaveTextAsync("规范性审核中");
        // 5 working days from Wednesday 30 September 2026: 8, 9, 10 (a make-up working Saturday), 12 and 13 October.
        await Assertions.Expect(page.Locator("[data-test=waiting]")).ToContainTextAsync("2026-10-13 24:00");
        await Assertions.Expect(page.Locator("[data-test=citation]")).ToContainTextAsync("第三十一条");
        var number = (await page.Locator("[data-test=number]").InnerTextAsync()).Trim();
        await s.Step("applied");
        await s.SignOut();

        // c. The bureau passes the conformity review.
        await s.SignIn(Bureau);
        await page.Locator("[data-test=nav-opening]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        var review = page.Locator("form[data-test=form-review]");
        await review.Locator("[data-test=decision-pass]").CheckAsync();
        await review.GetByLabel("理由或意见").FillAsync("申请材料规范");
        await s.Step("bureau-review");
        await review.Locator("[data-test=submit-review]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=state]")).ToHaveTextAsync("待提供部门答复");
        await s.Step("passed");
        await s.SignOut();

        // d. The provider's head agrees, then opens the data.
        await s.SignIn(ProviderHead);
        await page.Locator("[data-test=nav-opening]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await page.Locator("form[data-test=form-agree] textarea[name=reasons]").FillAsync("同意开放");
        await s.Step("provider-reply");
        await page.Locator("[data-test=submit-agree]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=state]")).ToHaveTextAsync("已同意，待开放");
        await Assertions.Expect(page.Locator("[data-test=waiting]")).ToContainTextAsync("按流程予以开放");
        await s.Step("agreed");
        await page.Locator("[data-test=submit-open]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=state]")).ToHaveTextAsync("已开放");
        await s.Step("opened");
        await s.SignOut();

        // e. The citizen reads the rows (two fields, names masked) and downloads the CSV.
        await s.SignIn("citizen.zhang");
        await page.Locator("[data-test=nav-my-applications]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        Assert.Equal(mine, new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("[data-test=state]")).ToHaveTextAsync("已开放");
        await Assertions.Expect(page.Locator("[data-test=grant-status]")).ToHaveTextAsync("有效");
        var rows = page.Locator("table[data-test=my-rows]");
        await Assertions.Expect(rows.Locator("tbody tr")).ToHaveCountAsync(12);
        await Assertions.Expect(rows.Locator("thead th")).ToHaveCountAsync(2);
        await s.Step("rows");
        var href = await page.Locator("a[data-test=download-csv]").GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(13, lines.Length);
        Assert.Contains("登记日期", lines[0]);
        Assert.DoesNotContain("居民身份证号码", lines[0]);
        await s.Step("downloaded");
    }
}
