using Shuzhi.Server.Pages.Open;
using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Shuzhi.Platform;
using Shuzhi.Platform.Identity;
using Shuzhi.Server.Api;
using Shuzhi.Server.Auth;

namespace Shuzhi.Server;

/// <summary>Builds the web application. Program.cs and the integration tests both start it through here.</summary>
public static class ShuzhiServer
{
    public const string AuthScheme = "shuzhi";

    /// <param name="contentRoot">Where wwwroot is; default the current directory (tests pass the project folder).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        // The application is this assembly (Razor Pages are found here) even when a test process hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(ShuzhiServer).Assembly.GetName().Name,
            ContentRootPath = contentRoot,
        });
        configure?.Invoke(builder);
        var services = builder.Services;

        services.AddShuzhiPlatform(builder.Configuration, builder.Environment.EnvironmentName);
        services.AddHttpContextAccessor();
        services.AddHostedService<Shuzhi.Server.Jobs.OverdueJob>(); // cases: overdue detection (贵州 art.43)
        services.AddSingleton<Shuzhi.Server.Pages.Datasets.UploadStore>(); // web uploads between the mapping step and the load
        services.AddHostedService<Shuzhi.Server.Jobs.UploadSweepJob>();
        services.AddHostedService<Shuzhi.Server.Jobs.ReassessmentJob>(); // sharing: conditional-basis re-assessment (贵州 art.20)
        services.AddHostedService<Shuzhi.Server.Jobs.SensitiveScanJob>(); // open data: regular sensitive-field check (无锡 item 8)
        services.AddOpenPageCache(builder.Configuration); // the public portal pages (Pages/Open/OpenPageCache.cs)
        services.AddOpenApi(); // /openapi/v1.json, anonymous like the CKAN API (it describes, it serves no data)
        services.AddHostedService<Shuzhi.Server.Jobs.SubscriptionJob>(); // portal: subscription notices (docs/portal-community.md)
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages().AddViewLocalization();
        // Chinese text as characters, not &#x…; entities, in pages.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });

        // Cookie for the web UI, bearer token for the API; the policy scheme picks by the Authorization header.
        services.AddAuthentication(AuthScheme)
            .AddPolicyScheme(AuthScheme, AuthScheme, o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "shuzhi.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.EventsType = typeof(CookieActorEvents);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddScoped<CookieActorEvents>();
        services.AddSingleton<IAuthorizationHandler, ActorPolicyHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var p in Policies.All)
            {
                // Open data (issue 5): no sign-in needed; every other policy requires an authenticated actor.
                if (p.AllowsAnonymous) o.AddPolicy(p.Name, b => b.RequireAssertion(_ => true));
                else o.AddPolicy(p.Name, b => b.RequireAuthenticatedUser().AddRequirements(new ActorPolicyRequirement(p)));
            }
        });
        return builder.Build().ConfigurePipeline();
    }

    /// <summary>
    /// Bearer token when one is sent. Otherwise the cookie — except for state-changing API calls: the API takes
    /// no cookie for POST/PUT/PATCH/DELETE, so another site cannot make a signed-in browser act (CSRF). The web
    /// pages post to themselves with antiforgery tokens.
    /// </summary>
    private static string SelectScheme(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return BearerTokenHandler.SchemeName;
        var method = http.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        return http.Request.Path.StartsWithSegments("/api") && !safe
            ? BearerTokenHandler.SchemeName
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    public static bool IsDemo(WebApplication app)
        => app.Services.GetRequiredService<ShuzhiOptions>().DemoIn(app.Environment.EnvironmentName);

    private static WebApplication ConfigurePipeline(this WebApplication app)
    {
        app.UseMiddleware<ProblemMiddleware>();
        var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });
        app.Use(async (http, next) =>
        {
            // ?culture=en|zh-CN switches the UI language and remembers it in a cookie.
            var culture = http.Request.Query["culture"].ToString();
            if (culture is "en" or "zh-CN")
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            // ?text=large|standard and ?contrast=high|standard likewise (DisplayPreferences).
            DisplayPreferences.Remember(http);
            await next();
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOpenPageViews();
        app.UseOutputCache();
        app.MapShuzhiApi(IsDemo(app));
        app.MapOpenApi().RequireAuthorization(Shuzhi.Platform.Identity.Policies.OpenData.Name);
        app.MapRazorPages();
        return app;
    }

    /// <summary>Creates or migrates the database, seeds demo data in demo mode, and prints the URL and demo logins.</summary>
    public static async Task InitializeAsync(WebApplication app)
    {
        var demo = IsDemo(app);
        await Shuzhi.Platform.DatabaseInitializer.InitializeAsync(app.Services, demo);
        if (!demo) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine();
            Console.WriteLine($"数治 Shuzhi is running at {urls}");
            Console.WriteLine($"Demo logins (password for all: {DemoDirectory.Password}); list at {urls.Split(',')[0]}/api/v1/demo/accounts");
            foreach (var a in DemoDirectory.Accounts)
                Console.WriteLine($"  {a.Username,-22} {string.Join(",", a.Roles),-26} {a.DisplayName}");
            Console.WriteLine();
        });
    }
}
