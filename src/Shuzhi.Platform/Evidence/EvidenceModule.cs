using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shuzhi.Platform.Audit;

namespace Shuzhi.Platform.Evidence;

public static class EvidenceModule
{
    /// <summary>Signing keys, signatures, the audit head checkpoint and the evidence use cases.</summary>
    public static IServiceCollection AddEvidenceModule(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<SignatureService>();
        services.AddSingleton<AuditCheckpointStore>();
        services.AddSingleton<IAuditHeadObserver>(sp => sp.GetRequiredService<AuditCheckpointStore>());
        services.AddHostedService<SigningKeysStartup>();
        services.AddScoped<VerifyAuditChain>();
        services.AddScoped<ListAuditRecords>();
        services.AddScoped<ListSigningKeys>();
        services.AddScoped<RotateSigningKey>();
        services.AddScoped<SignDocument>();
        services.AddScoped<VerifyDocument>();
        return services;
    }
}

/// <summary>Generates or loads the signing keys when the server starts, so a bad key directory stops it at once with a clear message.</summary>
internal sealed class SigningKeysStartup(SigningKeys keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        keys.EnsureReady();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
