using System.Net.Http.Json;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// Subscriptions and the showcase in a real browser (docs/portal-community.md): a citizen subscribes to an open dataset, the
/// department publishes a new data version, the subscription job runs, and the citizen sees the notice in the header and
/// on 我的通知; a company submits an application built on the dataset, the bureau approves it on its review page and it
/// shows on the dataset page. SQLite only — CommunityTests covers the same over HTTP on both databases.
/// </summary>
public sealed class SubscriptionJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private async Task<(string Code, string Title)> OpenDatasetAsync(string prefix)
    {
        var title = prefix + Guid.NewGuid().ToString("N")[..6] + "人员登记";
        var entry = PersonEntry(title);
        entry["openType"] = "Unconditional";
        entry["openReason"] = null;
        var code = await PublishedEntryAsync(server, entry);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 25));
        return (code, title);
    }

    [Fact]
    public async Task A_citizen_subscribes_to_a_dataset_and_sees_the_notice_of_its_new_data_version()
    {
        var (code, title) = await OpenDatasetAsync("订阅旅程");
        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await s.SignIn("citizen.zhang");
        await Assertions.Expect(page.Locator("[data-test=notice-bell]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=notice-unread]")).ToHaveCountAsync(0);

        await page.GotoAsync($"/open/datasets/{code}");
        await page.GetByRole(AriaRole.Button, new() { Name = "订阅更新" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=subscribed]")).ToHaveTextAsync("已订阅");
        await s.Step("subscribed");

        // The department publishes a new data version; the subscription job runs (triggered, as its interval would).
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 40));
        var scan = await (await server.As(Bureau)).PostAsync("/api/v1/open/subscriptions/scan", null);
        scan.EnsureSuccessStatusCode();

        await page.GotoAsync("/open");
        await Assertions.Expect(page.Locator("[data-test=notice-unread]")).ToHaveTextAsync("1");
        await s.Step("header-unread");
        await page.Locator("[data-test=notice-bell]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的通知");
        var notice = page.Locator("[data-test=notice]");
        await Assertions.Expect(notice).ToHaveCountAsync(1);
        await Assertions.Expect(notice.Locator("[data-test=notice-text]")).ToContainTextAsync(title);
        await Assertions.Expect(notice.Locator("[data-test=notice-text]")).ToContainTextAsync("新的数据版本");
        await Assertions.Expect(page.Locator("[data-test=subscription]")).ToContainTextAsync(title);
        await s.Step("my-notices");

        await notice.GetByRole(AriaRole.Button, new() { Name = "标为已读" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=notice-unread]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=notice]")).ToHaveClassAsync("read");
        await s.Step("read");

        // The notice links to the dataset.
        await page.Locator("[data-test=notice] a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
    }

    [Fact]
    public async Task A_company_submits_an_application_the_bureau_approves_it_and_it_shows_on_the_dataset_page()
    {
        var (code, _) = await OpenDatasetAsync("成果旅程");
        var app = "黔云" + Guid.NewGuid().ToString("N")[..6] + "查询小程序";
        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await s.SignIn("ent.qianyun");
        await page.GotoAsync($"/open/datasets/{code}");
        await Assertions.Expect(page.Locator("[data-test=dataset-showcase-none]")).ToBeVisibleAsync();
        await page.Locator("[data-test=showcase-suggest]").ClickAsync();
        await page.GetByLabel("标题").Last.FillAsync(app);
        await page.Locator("[data-test=showcase-description]").FillAsync("基于开放数据的便民查询");
        await page.GetByLabel("链接（网址）").FillAsync("https://app.qianyun.example");
        await Assertions.Expect(page.GetByLabel("所用开放数据集编码")).ToHaveValueAsync(code);
        await page.Locator("[data-test=showcase-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=mine-showcase]", new() { HasText = app })).ToContainTextAsync("待审核");
        await s.Step("submitted");
        await page.GotoAsync($"/open/datasets/{code}");
        await Assertions.Expect(page.GetByText(app)).ToHaveCountAsync(0); // not before approval
        await s.SignOut();

        await s.SignIn(Bureau);
        await page.Locator("[data-test=nav-community-review]").ClickAsync();
        var item = page.Locator($"[data-test=review-item][data-title='{app}']");
        await s.Step("review");
        await item.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Assertions.Expect(page.Locator($"[data-test=review-item][data-title='{app}']")).ToHaveAttributeAsync("data-state", "Approved");
        await s.SignOut();

        await page.GotoAsync($"/open/datasets/{code}");
        await Assertions.Expect(page.Locator("[data-test=dataset-showcase-item]")).ToContainTextAsync(app);
        await s.Step("dataset-showcase");
        await page.GotoAsync("/open/showcase");
        await Assertions.Expect(page.Locator("[data-test=showcase-list]")).ToContainTextAsync(app);
        await s.Step("showcase");
    }
}
