using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Overdue detection (超期督办, 贵州 art.43): runs <see cref="DetectOverdue"/> as the platform on start-up and then every
/// <c>Shuzhi:Jobs:OverdueIntervalSeconds</c> seconds (default 60). Detection is idempotent, so a run that overlaps
/// another (a second server, the detect-overdue endpoint) escalates nothing twice.
/// </summary>
public sealed class OverdueJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<OverdueJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Max(1, configuration.GetValue("Shuzhi:Jobs:OverdueIntervalSeconds", 60));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<DetectOverdue>().Handle(Actor.System, stoppingToken);
                if (result.Overdue + result.TargetsMissed > 0)
                    log.LogInformation("Overdue detection: {Overdue} overdue, {Missed} targets missed, {Notices} notices", result.Overdue, result.TargetsMissed, result.Notices);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Overdue detection failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
