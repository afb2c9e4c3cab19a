using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Shuzhi.Integration.Tests;

namespace Shuzhi.Browser.Tests;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, or SHUZHI_CHROMIUM), launched headless once per test class through Playwright.
/// Playwright's own browser download is not used. Without chromium the tests fail, saying so: they are never skipped.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("SHUZHI_CHROMIUM") ?? "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>artifacts/screenshots of this checkout (git-ignored): one folder per test, one PNG per step.</summary>
    public static string ScreenshotRoot { get; } =
        Path.Combine(Path.GetFullPath(Path.Combine(ServerFixture.ServerProjectDirectory, "..", "..")), "artifacts", "screenshots");

    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"chromium not found at {ExecutablePath}: the browser tests need Debian's chromium and fonts-noto-cjk. " +
                "Run ./test.sh (it installs them with apt-get), or `apt-get install -y chromium fonts-noto-cjk`, or set SHUZHI_CHROMIUM.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
    }

    /// <summary>A fresh context (no cookies) and page for one test; screenshots go to artifacts/screenshots/{Class}.{test}/.</summary>
    public async Task<BrowserSession> SessionAsync(ServerFixture server, object test, [CallerMemberName] string name = "")
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString().TrimEnd('/'), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var folder = Path.Combine(ScreenshotRoot, $"{test.GetType().Name}.{name}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return new BrowserSession(context, await context.NewPageAsync(), folder);
    }
}

/// <summary>One test's browser context and page; <see cref="Step"/> saves a full-page screenshot named nn-step.png.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, string folder) : IAsyncDisposable
{
    private int step;
    public IPage Page { get; } = page;
    public string Folder { get; } = folder;

    public async Task Step(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{++step:D2}-{name}.png"), FullPage = true });

    /// <summary>Signs in through /login as a person would: types the name and password, presses the button.</summary>
    public async Task SignIn(string username, string password = Shuzhi.Platform.Identity.DemoDirectory.Password)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("用户名|Username")).FillAsync(username);
        await Page.GetByLabel(new System.Text.RegularExpressions.Regex("密码|Password")).FillAsync(password);
        await Page.Locator("main form button[type=submit]").ClickAsync();
        // Signed in: the header names the person. (Expect retries; WaitForURL's wait for "load" proved racy under load.)
        await Assertions.Expect(Page.Locator("header .who .user")).ToBeVisibleAsync();
        await Step($"signed-in-{username}");
    }

    /// <summary>Signs out (a fresh context is cheaper, but one person after another in one browser is the realistic case).</summary>
    public async Task SignOut()
    {
        await Page.Locator("header form[action='/logout'] button").ClickAsync();
        await Assertions.Expect(Page.Locator("header .who .user")).ToHaveCountAsync(0);
    }

    public async ValueTask DisposeAsync()
    {
        // The last state, whatever happened: what a failing test left on screen.
        try { await Page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{++step:D2}-last.png"), FullPage = true }); } catch (PlaywrightException) { }
        await context.CloseAsync();
    }
}
