namespace Shuzhi.Platform.Datasets;

/// <summary>
/// A check run before a data version is published (e.g. the portal's sensitive-field scan, docs/portal-backoffice.md):
/// when it answers a finding, publishing needs the department head or the bureau to confirm with a reason
/// (<see cref="PublishVersion.Input.SensitiveReason"/>), and a load never publishes by itself.
/// </summary>
public interface IDataPublishCheck
{
    /// <returns>null when nothing needs confirming; otherwise what was found (never a value in full).</returns>
    Task<string?> ConfirmationNeededAsync(Dataset dataset, DataVersion version, CancellationToken ct);
}
