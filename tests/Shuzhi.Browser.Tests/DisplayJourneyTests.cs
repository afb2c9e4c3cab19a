using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// 适老化 / 无障碍 in a real browser (issue 5 items 1 and 9): a visitor switches the portal to English, then to large text
/// and high contrast; the choices hold on the next page (cookies), are read out as pressed toggles, and the keyboard reaches
/// everything: the skip link first, then the search box by its label.
/// </summary>
public sealed class DisplayJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private static Task<float> FontSize(IPage page, string selector) =>
        page.Locator(selector).First.EvaluateAsync<float>("e => parseFloat(getComputedStyle(e).fontSize)");

    private static Task<string> Colour(IPage page, string selector, string property) =>
        page.Locator(selector).First.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    [Fact]
    public async Task A_visitor_switches_to_English_large_text_and_high_contrast_and_it_holds_across_pages()
    {
        var marker = "大字门户" + Guid.NewGuid().ToString("N")[..6];
        var entry = PersonEntry(marker + "人员登记");
        entry["openType"] = "Unconditional";
        entry["openReason"] = null;
        var code = await PublishedEntryAsync(server, entry);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 5));

        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await page.GotoAsync("/open");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("公共数据开放平台");
        var standardSize = await FontSize(page, "main p, main li");
        var standardColour = await Colour(page, "body", "color");
        await s.Step("standard");

        // English.
        await page.Locator("[data-test=switch-language]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Open data portal");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await s.Step("english");

        // Large text: a pressed toggle, every text bigger (at least a third), the layout still English.
        var large = page.Locator("[data-test=switch-text]");
        await Assertions.Expect(large).ToHaveTextAsync("Large text");
        await Assertions.Expect(large).ToHaveAttributeAsync("aria-pressed", "false");
        await large.ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\btext-large\\b"));
        await Assertions.Expect(page.Locator("[data-test=switch-text]")).ToHaveAttributeAsync("aria-pressed", "true");
        var largeSize = await FontSize(page, "main p, main li");
        Assert.True(largeSize >= standardSize * 4 / 3, $"large text {largeSize}px vs standard {standardSize}px");
        Assert.True(await FontSize(page, "h1") > largeSize, "the heading stays larger than the text");
        await s.Step("large-text");

        // High contrast on top: black text on white, links underlined.
        await page.Locator("[data-test=switch-contrast]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bcontrast-high\\b"));
        Assert.Equal("rgb(0, 0, 0)", await Colour(page, "body", "color"));
        Assert.NotEqual(standardColour, await Colour(page, "body", "color"));
        Assert.Equal("rgb(255, 255, 255)", await Colour(page, "body", "backgroundColor"));
        Assert.Contains("underline", await Colour(page, "main a", "textDecorationLine"));
        await s.Step("high-contrast");

        // The choices hold on the next page (search, reached by the keyboard: skip link first, then the labelled box).
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("a.skip-link")).ToBeFocusedAsync();
        await page.GetByLabel("Search open data").FocusAsync();
        await page.Keyboard.TypeAsync(marker);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = marker + "人员登记" })).ToBeVisibleAsync();
        Assert.DoesNotContain("text=", page.Url); // held by the cookie, not by the address
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync("text-large contrast-high");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await s.Step("search-large-contrast");

        // And back to standard text: the toggle is released, the size returns.
        await page.Locator("[data-test=switch-text]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync("contrast-high");
        Assert.Equal(standardSize, await FontSize(page, "main p, main li"), 0.5);
        await s.Step("standard-text-again");
    }
}
