using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>
/// Catalogued data the public cannot read yet (可开放数据的高级搜索, spec 20; issue 5 item 2), so people can ask for it:
/// the published, not withdrawn catalogue entries designated for opening (贵州 art.28: 无条件开放 or 有条件开放) whose
/// rows the public does not get — unconditionally open entries without published data, and conditionally open entries.
/// Each is described as an <see cref="OpenPackage"/> with catalogue metadata only: name, summary, department, level, domain,
/// open type, update cycle, formats, field names (no field descriptions) — never data (no data version, no rows).
/// Never listed: drafts and pending versions (only the published catalogue version is read), withdrawn entries,
/// 不予开放 entries (art.28: secret or otherwise barred from opening — not openable, so not requestable here), and core data
/// (核心数据, Data Security Law art.21: its very catalogue is kept from the public) whatever its open type.
/// Searched with <see cref="PackageSearch"/>, like the open catalogue.
/// </summary>
public sealed class RequestableCatalogue(ShuzhiDb db, DatasetDirectory directory)
{
    public async Task<IReadOnlyList<OpenPackage>> ListAsync(CancellationToken ct) =>
        (await OpenCatalogue.PublishedAsync(db, directory, [OpenType.Unconditional, OpenType.Conditional], ct))
            .Where(x => !DatasetAccess.IsOpen(x.Snapshot)) // listed (so never core data: DatasetAccess.IsListed); open data with rows is on /open/search
            .Select(x =>
            {
                var p = OpenCatalogue.Describe(x.Row, null);
                return p with { Fields = p.Fields.Select(f => f with { Description = null }).ToList() }; // names only
            })
            .OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
}
