using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Community;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Subscription notices of the portal (spec 20 订阅与推送; docs/portal-community.md): runs <see cref="ScanSubscriptions"/> as the
/// platform on start-up and then every <c>Shuzhi:Jobs:SubscriptionIntervalSeconds</c> seconds (default 300). The scan is
/// idempotent, so a run that overlaps another (a second server, the scan endpoint) notifies nothing twice.
/// </summary>
public sealed class SubscriptionJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<SubscriptionJob> log)
    : PeriodicJob(scopes, configuration, log, "Shuzhi:Jobs:SubscriptionIntervalSeconds", 300, "Subscription notices")
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var r = await services.GetRequiredService<ScanSubscriptions>().Handle(Actor.System, ct);
        if (r.Notices + r.Mailed + r.MailFailed > 0)
            log.LogInformation("Subscription notices: {Notices} new, {Mailed} e-mailed, {Failed} e-mails failed", r.Notices, r.Mailed, r.MailFailed);
    }
}
