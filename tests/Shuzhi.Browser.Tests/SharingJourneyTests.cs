using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;
using static Shuzhi.Integration.Tests.Sharing.SharingTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// The sharing pages (issue 4) in a real browser: people sign in through /login, find, click, type and read.
/// SQLite only — both databases are covered by the HTTP tests of the same pages (SharingPagesTests); here the browser is what is tested.
/// The data (a conditionally shared entry of 省公安厅 with rows) is made through the API, as the provider would.
/// </summary>
public sealed partial class SharingJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private static string Text(string s) => Regex.Replace(s, @"\s+", " ").Trim();

    [GeneratedRegex(@"/sharing/applications/[0-9a-f-]{36}$")]
    private static partial Regex ApplicationPath();

    [Fact]
    public async Task A_consumer_applies_the_bureau_passes_the_provider_agrees_and_the_consumer_sees_the_grant_active()
    {
        var code = await ConditionalEntryAsync(server, 10);
        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;

        // a. 省市场监管局 finds the entry among the conditionally shared ones and opens the form.
        await s.SignIn(Consumer);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "数据共享" }).First.ClickAsync();
        await page.GetByLabel(new Regex("共享类型")).SelectOptionAsync("Conditional");
        await page.Locator("form[data-test=search] input[name=q]").FillAsync(code);
        await page.Locator("form[data-test=search] button[type=submit]").ClickAsync();
        var row = page.Locator($"tr[data-test=resource-{code}]");
        await Assertions.Expect(row.Locator("[data-test=access]")).ToHaveTextAsync("需申请");
        await s.Step("found");
        await row.Locator("a[data-test=apply]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("申请");

        // Submitted without a last day of use: the error stands beside that field, and what was typed stays.
        await page.GetByLabel("使用目的").FillAsync("企业登记中核验法定代表人身份");
        await page.GetByLabel("使用依据").FillAsync("《市场主体登记管理条例》第十七条");
        await page.GetByLabel("姓名", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("登记日期", new() { Exact = true }).CheckAsync();
        await s.Step("form-filled-without-last-day");
        await page.Locator("[data-test=submit]").ClickAsync();
        var error = page.Locator("[data-test=error-validUntil]");
        await Assertions.Expect(error).ToContainTextAsync("give the last day of use");
        await s.Step("field-error");
        // Beside the field: described by it, and right below it on screen.
        await Assertions.Expect(page.Locator("#validUntil")).ToHaveAttributeAsync("aria-describedby", new Regex(@"\berr-validUntil\b"));
        var input = (await page.Locator("#validUntil").BoundingBoxAsync())!;
        var message = (await error.BoundingBoxAsync())!;
        Assert.InRange(message.Y - (input.Y + input.Height), 0, 80);
        Assert.InRange(Math.Abs(message.X - input.X), 0, 40);
        await Assertions.Expect(page.GetByLabel("使用目的")).ToHaveValueAsync("企业登记中核验法定代表人身份");
        await Assertions.Expect(page.Locator("[data-test=error-purpose]")).ToHaveCountAsync(0);

        await page.Locator("#validUntil").FillAsync("2027-06-30");
        await page.Locator("[data-test=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ApplicationPath());
        var applicationUrl = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.Locator("[data-test=done]")).ToContainTextAsync("申请已提交");
        await Assertions.Expect(page.Locator("h1 + * [data-test=state], p [data-test=state]").First).ToContainTextAsync("规范性审核中");
        // 5 working days from Wednesday 30 September 2026: 8, 9, 10 (a make-up working Saturday), 12 and 13 October.
        await Assertions.Expect(page.Locator("[data-test=due]").First).ToHaveTextAsync("2026-10-13 24:00");
        await Assertions.Expect(page.Locator("[data-test=citation]").First).ToContainTextAsync("第二十三条（一）");
        var number = Text(await page.Locator("[data-test=number]").InnerTextAsync());
        await s.Step("applied");
        await s.SignOut();

        // b. The bureau finds it on its tab, opens it and passes it.
        await s.SignIn(Bureau);
        await page.GotoAsync("/sharing/applications");
        await page.Locator("[data-test=tab-bureau]").ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-test=application-{number}] [data-test=state]").First).ToHaveTextAsync("规范性审核中");
        await s.Step("bureau-list");
        await page.Locator($"tr[data-test=application-{number}] a").First.ClickAsync();
        var review = page.Locator("form[data-test=form-review]");
        await review.GetByLabel("通过").CheckAsync();
        await review.GetByLabel(new Regex("理由|意见")).FillAsync("材料齐全");
        await s.Step("bureau-review");
        await review.Locator("[data-test=submit-review]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=state]").First).ToContainTextAsync("待提供部门答复");
        await s.Step("passed");
        await s.SignOut();

        // The provider agrees.
        await s.SignIn(Provider);
        await page.GotoAsync("/sharing/applications?tab=provider");
        await page.Locator($"tr[data-test=application-{number}] a").First.ClickAsync();
        Assert.Equal(applicationUrl, new Uri(page.Url).AbsolutePath);
        var agree = page.Locator("form[data-test=form-agree]");
        await agree.Locator("textarea[name=reasons]").FillAsync("同意共享");
        await s.Step("provider-agree");
        await agree.Locator("[data-test=submit-agree]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=state]").First).ToContainTextAsync("已授权");
        await s.Step("granted");
        await s.SignOut();

        // The consumer sees the grant, active, on /sharing/grants.
        await s.SignIn(Consumer);
        await page.GotoAsync("/sharing/grants");
        var grant = page.Locator($"section[data-test=grant-{code}]");
        await Assertions.Expect(grant.Locator("[data-test=status]")).ToHaveTextAsync("有效");
        await Assertions.Expect(grant.Locator("[data-test=fields]")).ToHaveTextAsync("姓名、登记日期");
        await s.Step("grant-active");
    }

    [Fact]
    public async Task Switching_the_language_to_English_shows_the_English_page_title()
    {
        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await s.SignIn(Consumer);
        await page.GotoAsync("/sharing");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("数据共享");
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^数据共享"));
        await page.Locator("[data-test=switch-language]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Data sharing");
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Data sharing"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await s.Step("english");
        // Remembered: the next page is English too, until switched back.
        await page.GotoAsync("/sharing/grants");
        await Assertions.Expect(page.Locator("[data-test=switch-language]")).ToHaveTextAsync("中文");
        await page.Locator("[data-test=switch-language]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await s.Step("chinese-again");
    }

    [Fact]
    public async Task The_apply_form_is_filled_and_submitted_with_the_keyboard_only_and_every_input_has_a_label()
    {
        var code = await ConditionalEntryAsync(server, 3);
        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await s.SignIn(Consumer);
        await page.GotoAsync($"/sharing/apply/{code}");
        await s.Step("form");

        // Every input of the form has a label a screen reader announces.
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('form[data-test=apply-form] :is(input:not([type=hidden]), textarea, select)')]
                .filter(e => e.labels.length === 0 || [...e.labels].every(l => l.textContent.trim() === ''))
                .map(e => e.name + '=' + e.value)
            """);
        Assert.Empty(unlabelled);

        // From the top of the page, Tab to the first field; then only keys. Each stop in the form is a labelled control or the button.
        var stops = new List<string>();
        async Task<string> Focused() => await page.EvaluateAsync<string>("""
            () => { const e = document.activeElement;
                    if (!e || !e.closest('form[data-test=apply-form]')) return 'outside:' + (e?.tagName ?? '');
                    if (e.tagName === 'BUTTON') return 'button:' + e.textContent.trim();
                    return (e.labels && e.labels.length ? 'labelled:' : 'UNLABELLED:') + e.name + (e.type === 'checkbox' || e.type === 'radio' ? '=' + e.value : ''); }
            """);
        async Task Tab() { await page.Keyboard.PressAsync("Tab"); stops.Add(await Focused()); }

        for (var i = 0; i < 40 && !(await Focused()).StartsWith("labelled:purpose"); i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("labelled:purpose", await Focused());
        await page.Keyboard.TypeAsync("企业登记中核验法定代表人身份");
        await Tab(); await page.Keyboard.TypeAsync("《市场主体登记管理条例》第十七条");
        // The fields: tick 姓名 (space toggles a checkbox), leave the others.
        for (var i = 0; i < 12 && await Focused() != "labelled:fields=姓名"; i++) await Tab();
        Assert.Equal("labelled:fields=姓名", await Focused());
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < 12 && await Focused() != "labelled:rowFilter"; i++) await Tab();
        Assert.Equal("labelled:rowFilter", await Focused());
        for (var i = 0; i < 6 && await Focused() != "labelled:validUntil"; i++) await Tab();
        Assert.Equal("labelled:validUntil", await Focused());
        // Chromium's date field takes the digits in the order it shows them (month/day/year here, as the screenshot shows).
        await page.Keyboard.TypeAsync("06302027");
        Assert.Equal("2027-06-30", await page.Locator("#validUntil").InputValueAsync());
        await s.Step("typed");
        for (var i = 0; i < 12 && !(await Focused()).StartsWith("button:"); i++) await Tab();
        Assert.StartsWith("button:", await Focused());
        Assert.DoesNotContain(stops, x => x.StartsWith("UNLABELLED") || x.StartsWith("outside"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(ApplicationPath());
        await Assertions.Expect(page.Locator("[data-test=done]")).ToContainTextAsync("申请已提交");
        await Assertions.Expect(page.Locator("[data-test=fields]")).ToHaveTextAsync("姓名");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("2027-06-30");
        await s.Step("submitted");
    }
}
