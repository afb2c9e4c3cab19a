using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// The public portal (issue 5) in a real browser, nobody signed in: search by a Chinese word, open the dataset, read the
/// masked preview, download the CSV. SQLite only — PortalPagesTests covers the same pages over HTTP on both databases.
/// </summary>
public sealed class PortalJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    [Fact]
    public async Task A_visitor_searches_opens_a_dataset_sees_the_masked_preview_and_downloads_the_CSV()
    {
        var marker = "浏览器门户" + Guid.NewGuid().ToString("N")[..6];
        var entry = PersonEntry(marker + "人员登记");
        entry["openType"] = "Unconditional";
        entry["openReason"] = null;
        var code = await PublishedEntryAsync(server, entry);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 25));

        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await page.GotoAsync("/open");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("公共数据开放平台");
        await Assertions.Expect(page.Locator("header .who .user")).ToHaveCountAsync(0); // nobody signed in
        await s.Step("home");

        // Search by the Chinese word, by the labelled box.
        await page.GetByLabel("检索开放数据").FillAsync(marker);
        await page.GetByLabel("检索开放数据").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-test=open-count]")).ToHaveTextAsync("找到 1 个数据集");
        await s.Step("search");
        // A facet click narrows by update cycle and shows the filter in force.
        await page.Locator("[data-test=facet-update_cycle]").GetByRole(AriaRole.Link, new() { Name = "每日" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=open-filters]")).ToContainTextAsync("更新周期: 每日");
        await Assertions.Expect(page.Locator("[data-test=open-count]")).ToHaveTextAsync("找到 1 个数据集");
        await s.Step("facet");
        await page.GetByRole(AriaRole.Link, new() { Name = marker + "人员登记" }).ClickAsync();

        // The dataset: title, the preview with ID numbers masked keep:6,4, never raw.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(marker + "人员登记");
        var preview = page.Locator("table[data-test=open-preview]");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        await Assertions.Expect(preview.Locator("tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(preview.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync(new Regex(@"^520102\*{8}\w{4}$"));
        await Assertions.Expect(page.GetByText(Id(1))).ToHaveCountAsync(0);
        await s.Step("dataset");
        // Quality, and charts of the two public numeric/date fields (never the masked birth date), as accessible SVG.
        await Assertions.Expect(page.Locator("[data-test=quality-score]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=open-charts] svg[role=img]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-test=chart-出生日期]")).ToHaveCountAsync(0);
        await page.Locator("[data-test=open-charts]").ScrollIntoViewIfNeededAsync();
        await s.Step("charts");

        // The CSV link answers a CSV, masked, fetched with the page's own request context.
        var href = await page.Locator("a[data-test=download-csv]").GetAttributeAsync("href");
        Assert.Equal($"/api/3/download/{code}.csv", href);
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var text = await csv.TextAsync();
        Assert.Contains("居民身份证号码", text);
        Assert.Equal(26, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(Id(1), text);
        await s.Step("downloaded");

        // The skip link is the first thing the keyboard reaches.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("a.skip-link")).ToBeFocusedAsync();
        await s.Step("skip-link");
    }
}
