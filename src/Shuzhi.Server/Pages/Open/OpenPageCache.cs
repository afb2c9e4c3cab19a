using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Portal;

namespace Shuzhi.Server.Pages.Open;

/// <summary>
/// The public portal pages' output cache (issue 5 item 10: home, search and dataset pages under 200 clients). What an
/// anonymous visitor gets from /open… is kept for <c>Shuzhi:Portal:PageCacheSeconds</c> (default 5; 0 = off) per URL
/// (path and query), language, display preferences (large text, high contrast) and China date — and dropped at once when
/// any change commits on this server (a new version, a withdrawal, a rating…). Never cached: signed-in requests (their
/// pages name the person), anything but 200, responses that set a cookie, requests with an Authorization header (the
/// framework's default policy, which this one extends).
/// </summary>
public static class OpenPageCache
{
    public const string Policy = "open-pages";
    public const string Tag = "open-pages";

    public static IServiceCollection AddOpenPageCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Shuzhi:Portal:PageCacheSeconds", 5);
        services.AddOutputCache(o => o.AddPolicy(Policy, b =>
        {
            if (seconds <= 0) { b.NoCache(); return; }
            b.Expire(TimeSpan.FromSeconds(seconds)).Tag(Tag).SetVaryByQuery("*")
                .VaryByValue(http => new("display", string.Join('|',
                    CultureInfo.CurrentUICulture.Name,
                    DisplayPreferences.HtmlClass(http),
                    ChinaTime.DateOf(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).ToString("O", CultureInfo.InvariantCulture))));
        }));
        services.AddSingleton<IEntityChangeObserver, Evictor>();
        return services;
    }

    /// <summary>
    /// Counts a dataset page's view on every answer, from the cache or not (the page handler does not run on a cache hit):
    /// placed before the output cache, it sees the final status of /open/datasets/{code} — 200 only for a listed package.
    /// </summary>
    public static IApplicationBuilder UseOpenPageViews(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next();
        if (http.Response.StatusCode == StatusCodes.Status200OK && HttpMethods.IsGet(http.Request.Method)
            && http.Request.Path.StartsWithSegments("/open/datasets", out var rest) && rest.Value is { Length: > 1 } tail && tail.IndexOf('/', 1) < 0)
            http.RequestServices.GetRequiredService<OpenUsage>().Record(tail[1..].Trim(), UsageKind.View);
    });

    /// <summary>Drops every cached portal page when a change commits (the usage counters' flush excepted: they change nothing else).</summary>
    private sealed class Evictor(IOutputCacheStore store) : IEntityChangeObserver
    {
        public void Changed(IReadOnlySet<Type> changedTypes)
        {
            if (changedTypes.All(t => t == typeof(OpenUsageCount))) return;
            // The in-memory store evicts synchronously; the task is complete when it returns.
            store.EvictByTagAsync(Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }
}
