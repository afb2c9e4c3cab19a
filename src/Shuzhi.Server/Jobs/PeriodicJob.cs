namespace Shuzhi.Server.Jobs;

/// <summary>
/// A platform job that runs once on start-up and then every <c>{IntervalKey}</c> seconds, each run in its own service
/// scope. A failed run is logged and retried at the next interval; stopping the host ends the loop. The jobs it serves
/// are idempotent, so a run that overlaps another (a second server, the same act asked for over HTTP) does nothing twice.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger log, string intervalKey, int defaultSeconds, string name)
    : BackgroundService
{
    /// <summary>One run, with the services of its own scope.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = Math.Max(1, configuration.GetValue(intervalKey, defaultSeconds));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "{Job} failed; retrying at the next interval", name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
