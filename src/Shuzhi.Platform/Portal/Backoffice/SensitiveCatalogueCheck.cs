using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>
/// The sensitive-field scan at catalogue publication (开放安全评估): when the bureau approves a version whose open type is
/// 无条件开放 or 有条件开放 and the entry already has published data, that data becomes open — if the scan finds personal data
/// the public would see unmasked, the approval needs review reasons (≥ 5 characters) that confirm it, audited as
/// <c>catalogue.publish.sensitive-confirmed</c>; without them, 422 naming <c>reasons</c> and nothing is published.
/// </summary>
public sealed class SensitiveCatalogueCheck(SensitiveScan scan, DatasetDirectory directory, ShuzhiDb db) : ICataloguePublished
{
    public async Task PublishedAsync(Actor actor, CatalogueEntry entry, EntryVersion version, CancellationToken ct)
    {
        if (!SensitiveScan.Opens(version.OpenType)) return;
        if (await directory.GetAsync(entry.Code, ct) is not { Published: { } data } s) return;
        var findings = await scan.ScanAsync(s, data, ct);
        if (findings.Count == 0) return;
        var found = SensitiveScanner.Describe(findings);
        var reason = version.ReviewReasons?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < 5)
            throw new ValidationProblem("reasons", "required-sensitive", $"{found} — opening it needs the reason for publishing anyway in the review reasons (at least 5 characters)");
        db.Audit(actor, "catalogue.publish.sensitive-confirmed", $"catalogue-entry:{entry.Code}", new { findings = found, reason });
    }
}
