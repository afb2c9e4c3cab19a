using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;
using static Shuzhi.Integration.Tests.Datasets.DatasetTestData;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// A data request in a real browser (issue 5 items 5 and 9; docs/portal-requests.md): the citizen signs in, asks for a
/// catalogued dataset with an attachment, the provider's data commissioner finds it on the desk and answers, the citizen
/// reads the answer on "my requests". SQLite only — RequestTests covers the same over HTTP on both databases.
/// </summary>
public sealed class RequestJourneyTests(SqliteServer server, Chromium chromium) : IClassFixture<SqliteServer>, IClassFixture<Chromium>
{
    private const string Citizen = "citizen.zhang";

    /// <summary>Fills the sign-in form the page was sent to (it returns to where the visitor came from).</summary>
    private static async Task SignInHere(IPage page, string username)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.GetByLabel(new Regex("用户名|Username")).FillAsync(username);
        await page.GetByLabel(new Regex("密码|Password")).FillAsync(Shuzhi.Platform.Identity.DemoDirectory.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task A_citizen_requests_data_with_an_attachment_the_department_answers_and_the_citizen_sees_the_answer()
    {
        var marker = "浏览器需求" + Guid.NewGuid().ToString("N")[..6];
        var code = await PublishedEntryAsync(server, PersonEntry(marker + "人员登记")); // catalogued, not open
        var title = marker + "按区县汇总";

        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        // Anonymous: the form sends the visitor to sign in, then back to the form.
        await page.GotoAsync($"/open/requests/new?entry={code}");
        await SignInHere(page, Citizen);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("提交数据需求");
        await Assertions.Expect(page.Locator("[data-test=request-entry]")).ToContainTextAsync(marker + "人员登记");
        await s.Step("form");

        // A type that is not accepted is refused beside the field, the text kept.
        await page.GetByLabel("需求名称").FillAsync(title);
        await page.GetByLabel(new Regex("^需求描述")).FillAsync("需要各区县的人员登记汇总数，按月更新。");
        await page.GetByLabel("用途").FillAsync("社区服务研究");
        await page.GetByLabel(new Regex("^附件")).SetInputFilesAsync(new FilePayload { Name = "run.exe", MimeType = "application/octet-stream", Buffer = [1, 2, 3] });
        await page.Locator("[data-test=request-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test='error-files[0]']")).ToContainTextAsync("类型不支持");
        await Assertions.Expect(page.GetByLabel("需求名称")).ToHaveValueAsync(title);
        await s.Step("file-type-refused");

        await page.GetByLabel(new Regex("^附件")).SetInputFilesAsync(new FilePayload
        {
            Name = "需求说明.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("字段,说明\n区县,行政区划代码\n"),
        });
        await page.Locator("[data-test=request-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(page.Locator("[data-test=request-status]")).ToHaveTextAsync("办理中");
        await Assertions.Expect(page.Locator("[data-test=request-department]")).ToHaveTextAsync("贵州省公安厅");
        await Assertions.Expect(page.Locator("[data-test=request-attachments]")).ToContainTextAsync("需求说明.csv");
        await Assertions.Expect(page.Locator("[data-test=request-target]")).ToContainTextAsync("服务目标");
        await s.Step("submitted");
        await s.SignOut();

        // The department's data commissioner: the desk lists it; the request page takes the answer.
        await s.SignIn(Provider);
        await page.GotoAsync("/open/requests/desk");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        var download = await page.APIRequest.GetAsync((await page.Locator("[data-test=request-attachments] a").GetAttributeAsync("href"))!);
        Assert.Equal(200, download.Status);
        Assert.Contains("行政区划代码", await download.TextAsync());
        await page.Locator("[data-test=outcome-will-provide]").CheckAsync();
        await page.GetByLabel("理由或说明").FillAsync("将于下月以无条件开放方式发布区县汇总数据");
        await s.Step("answering");
        await page.Locator("[data-test=answer-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=request-status]")).ToHaveTextAsync("已答复");
        await s.Step("answered");
        await s.SignOut();

        // The citizen sees the answer on "my requests".
        await s.SignIn(Citizen);
        await page.GotoAsync("/open/me/requests");
        var row = page.Locator("[data-test=my-request]", new() { HasText = title });
        await Assertions.Expect(row.Locator("[data-test=request-status]")).ToHaveTextAsync("已答复");
        await Assertions.Expect(row.Locator("[data-test=request-outcome]")).ToHaveTextAsync("将提供");
        await Assertions.Expect(row).ToContainTextAsync("将于下月以无条件开放方式发布区县汇总数据");
        await s.Step("my-requests");
    }

    [Fact]
    public async Task On_an_open_dataset_a_citizen_signs_in_from_the_page_rates_it_and_objects_and_reads_the_providers_answer()
    {
        var marker = "浏览器评价" + Guid.NewGuid().ToString("N")[..6];
        var entry = PersonEntry(marker + "人员登记");
        entry["openType"] = "Unconditional";
        entry["openReason"] = null;
        var code = await PublishedEntryAsync(server, entry);
        await LoadAsync(await server.As(Provider), code, CleanCsv(1, 10));

        await using var s = await chromium.SessionAsync(server, this);
        var page = s.Page;
        await page.GotoAsync($"/open/datasets/{code}");
        var feedback = page.Locator("[data-test=feedback]");
        await Assertions.Expect(feedback.Locator("[data-test=rating-summary]")).ToHaveTextAsync("暂无评价");
        await feedback.Locator("[data-test=feedback-sign-in]").ClickAsync();
        await SignInHere(page, Citizen);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(marker + "人员登记"); // back on the dataset page

        await page.Locator("[data-test=stars-4]").CheckAsync();
        await page.GetByLabel(new Regex("^留言")).FillAsync("希望增加区县字段");
        await page.Locator("[data-test=rating-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=rating-summary]")).ToHaveTextAsync("满意度 4.0 / 5（1 人评价）");
        await Assertions.Expect(page.Locator("[data-test=feedback-done]")).ToHaveTextAsync("评价已保存。");

        await page.GetByLabel("字段", new() { Exact = true }).SelectOptionAsync("出生日期");
        await page.GetByLabel(new Regex("^行")).FillAsync("第 2 行");
        await page.GetByLabel("问题描述").FillAsync("出生日期晚于登记日期");
        await page.Locator("[data-test=objection-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=my-dataset-objections]")).ToContainTextAsync("核实中");
        await Assertions.Expect(page.Locator("[data-test=objections-handled]")).ToHaveTextAsync("已处理异议 0 件，处理中 1 件");
        await s.Step("rated-and-objected");
        await s.SignOut();

        await s.SignIn(Provider);
        await page.GotoAsync("/open/requests/desk");
        var row = page.Locator("[data-test=desk-objection]", new() { HasText = marker });
        await row.GetByLabel("核实结果").SelectOptionAsync("corrected");
        await row.GetByLabel("理由或说明").FillAsync("已更正第 2 行出生日期，将随下一版本发布");
        await s.Step("verifying");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=done]")).ToHaveTextAsync("已答复异议。");
        await s.SignOut();

        await s.SignIn(Citizen);
        await page.GotoAsync($"/open/datasets/{code}");
        await Assertions.Expect(page.Locator("[data-test=objections-handled]")).ToHaveTextAsync("已处理异议 1 件，处理中 0 件");
        await Assertions.Expect(page.Locator("[data-test=my-dataset-objections]")).ToContainTextAsync("已更正");
        await s.Step("feedback-answered");
    }
}
