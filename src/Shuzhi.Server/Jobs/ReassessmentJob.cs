using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Re-assessment of conditional sharing (贵州 art.20 ¶2): opens, as the platform, a <c>sharing.reassessment</c> case for
/// every basis filing whose re-assessment date has come — on start-up and then every
/// <c>Shuzhi:Jobs:ReassessmentIntervalSeconds</c> seconds (default 3600). Idempotent (never two open re-assessments of
/// one entry), so overlapping runs (a second server, the open-due endpoint) are harmless. Follows <see cref="OverdueJob"/>.
/// </summary>
public sealed class ReassessmentJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReassessmentJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Max(1, configuration.GetValue("Shuzhi:Jobs:ReassessmentIntervalSeconds", 3600));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<Reassessments>().OpenDue(Actor.System, stoppingToken);
                if (result.Opened > 0) log.LogInformation("Re-assessment: {Opened} cases opened ({Due} filings due)", result.Opened, result.Due);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Re-assessment run failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
