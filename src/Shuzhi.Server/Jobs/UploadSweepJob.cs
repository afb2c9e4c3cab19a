using Shuzhi.Server.Pages.Datasets;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// Removes web uploads that were never loaded (<see cref="UploadStore.Lifetime"/>, one hour) — on start-up and then every
/// <c>Shuzhi:Jobs:UploadSweepSeconds</c> seconds (default 300).
/// </summary>
public sealed class UploadSweepJob(UploadStore uploads, IConfiguration configuration, ILogger<UploadSweepJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Max(1, configuration.GetValue("Shuzhi:Jobs:UploadSweepSeconds", 300));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var removed = uploads.Sweep();
                if (removed > 0) log.LogInformation("Upload sweep: removed {Files} expired upload files", removed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(e, "Upload sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
