using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Overdue detection (超期督办, 贵州 art.43): runs <see cref="DetectOverdue"/> as the platform on start-up and then every
/// <c>Shuzhi:Jobs:OverdueIntervalSeconds</c> seconds (default 60). Detection is idempotent, so a run that overlaps
/// another (a second server, the detect-overdue endpoint) escalates nothing twice.
/// </summary>
public sealed class OverdueJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<OverdueJob> log)
    : PeriodicJob(scopes, configuration, log, "Shuzhi:Jobs:OverdueIntervalSeconds", 60, "Overdue detection")
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<DetectOverdue>().Handle(Actor.System, ct);
        if (result.Overdue + result.TargetsMissed > 0)
            log.LogInformation("Overdue detection: {Overdue} overdue, {Missed} targets missed, {Notices} notices", result.Overdue, result.TargetsMissed, result.Notices);
    }
}
