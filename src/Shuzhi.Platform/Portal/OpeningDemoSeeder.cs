using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal;

/// <summary>
/// Demo data for conditional opening (贵州 art.31; docs/portal-opening.md): 300 vehicles behind 省公安厅's
/// 机动车登记信息 (有条件开放), loaded through the real loader, so the portal lists it with "申请开放" and an
/// application by citizen.zhang or ent.qianyun ends in rows they can read.
/// </summary>
public sealed class OpeningDemoSeeder(LoadDataset load) : IDemoSeeder
{
    public const string EntryName = "机动车登记信息";
    public int Order => 25;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        var code = await (from e in db.Set<CatalogueEntry>()
                          join v in db.Set<EntryVersion>() on e.Id equals v.EntryId
                          where e.ProviderCode == "520000-GA" && v.Name == EntryName && e.PublishedVersion != null && v.OpenType == OpenType.Conditional
                          select e.Code).FirstOrDefaultAsync(ct);
        if (code is null || await db.Set<DataVersion>().AnyAsync(d => d.EntryCode == code, ct)) return;
        db.ChangeTracker.Clear();
        await load.Handle(Actor.System, code, new MemoryStream(Vehicles(300)), "机动车登记信息.csv", new LoadRequest(), null, ct);
    }

    private static byte[] Vehicles(int n)
    {
        string[] letters = ["A", "B", "C", "D", "E", "F", "G", "H", "J"];
        string[] plates = ["02", "01", "52"];
        string[] kinds = ["K33", "K31", "H11", "M21", "K11"];
        string[] uses = ["A", "B", "C", "F"];
        var sb = new StringBuilder("号牌号码,号牌种类,车辆类型,注册登记日期,使用性质\n");
        for (var i = 1; i <= n; i++)
            sb.Append(CultureInfo.InvariantCulture,
                $"贵{letters[i % letters.Length]}{(10000 + i * 7919 % 89999):D5},{plates[i % plates.Length]},{kinds[i % kinds.Length]},{new DateOnly(2005, 1, 1).AddDays(i * 29 % 7300):yyyy-MM-dd},{uses[i % uses.Length]}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
