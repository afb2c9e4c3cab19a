using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Sharing;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Re-assessment of conditional sharing (贵州 art.20 ¶2): opens, as the platform, a <c>sharing.reassessment</c> case for
/// every basis filing whose re-assessment date has come — on start-up and then every
/// <c>Shuzhi:Jobs:ReassessmentIntervalSeconds</c> seconds (default 3600). Idempotent (never two open re-assessments of
/// one entry), so overlapping runs (a second server, the open-due endpoint) are harmless.
/// </summary>
public sealed class ReassessmentJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReassessmentJob> log)
    : PeriodicJob(scopes, configuration, log, "Shuzhi:Jobs:ReassessmentIntervalSeconds", 3600, "Re-assessment run")
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await services.GetRequiredService<Reassessments>().OpenDue(Actor.System, ct);
        if (result.Opened > 0) log.LogInformation("Re-assessment: {Opened} cases opened ({Due} filings due)", result.Opened, result.Due);
    }
}
