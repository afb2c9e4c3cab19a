using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Portal.Backoffice;

namespace Shuzhi.Server.Jobs;

/// <summary>
/// The regular sensitive-field check of open data (无锡 2023 item 8: 定期开展敏感字段平台核查): scans every open dataset as
/// the platform on start-up and then every <c>Shuzhi:Jobs:SensitiveScanIntervalSeconds</c> seconds (default 86400); the
/// findings go to the bureaus' lists (docs/portal-backoffice.md).
/// </summary>
public sealed class SensitiveScanJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<SensitiveScanJob> log)
    : PeriodicJob(scopes, configuration, log, "Shuzhi:Jobs:SensitiveScanIntervalSeconds", 86400, "Sensitive-field scan")
{
    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var r = await services.GetRequiredService<SensitiveScan>().RunAsync(Actor.System, services.GetRequiredService<OpenInventory>(), ct);
        if (r.Findings > 0) log.LogInformation("Sensitive-field scan: {Findings} findings in {With} of {Scanned} open datasets", r.Findings, r.WithFindings, r.Scanned);
    }
}
