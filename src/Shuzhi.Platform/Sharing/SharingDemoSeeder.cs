using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Identifiers;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Datasets;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// Demo sharing (docs/sharing.md): 省公安厅's conditionally shared 居民户籍信息 gets 500 rows; 贵阳市公安局 holds a grant on
/// it (three fields, 南明区 only) through the real procedure; 省市场监管局 has an application waiting for the provincial
/// bureau's conformity review.
/// </summary>
public sealed class SharingDemoSeeder(LoadDataset load, SharingApplications applications, Actors actors) : IDemoSeeder
{
    public int Order => 60;
    private const string Entry = "居民户籍信息";

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<SharingApplication>().AnyAsync(ct)) return;
        var code = await (from e in db.Set<CatalogueEntry>()
                          join v in db.Set<EntryVersion>() on e.Id equals v.EntryId
                          where e.ProviderCode == "520000-GA" && v.Name == Entry && e.PublishedVersion != null && v.Number == e.PublishedVersion
                          select e.Code).FirstOrDefaultAsync(ct);
        var gyGa = await actors.FindByUsernameAsync("gy.ga.commissioner", ct);
        var gzSc = await actors.FindByUsernameAsync("gz.sc.commissioner", ct);
        var bureau = await actors.FindByUsernameAsync("gz.bureau", ct);
        var provider = await actors.FindByUsernameAsync("gz.ga.commissioner", ct);
        if (code is null || gyGa is null || gzSc is null || bureau is null || provider is null) return;
        if (!await db.Set<DataVersion>().AnyAsync(v => v.EntryCode == code, ct))
        {
            db.ChangeTracker.Clear();
            await load.Handle(Actor.System, code, new MemoryStream(Households(500)), "居民户籍信息.csv", new LoadRequest(), null, ct);
        }
        db.ChangeTracker.Clear();
        var until = ChinaTime.DateOf(db.Clock.GetUtcNow()).AddYears(1);
        var granted = await applications.Apply(gyGa, new ApplicationInput(code, "户籍迁入核查：核对辖区迁入人员户籍登记", "《中华人民共和国户口登记条例》第十条",
            ["居民身份证号码", "姓名", "迁入日期"], "登记机关=南明区派出所", null, until, "api"), ct);
        db.ChangeTracker.Clear();
        await applications.Review(bureau, granted.Id, new ApplicationAct("pass", "材料齐全，依据明确"), ct);
        db.ChangeTracker.Clear();
        await applications.Reply(provider, granted.Id, new ApplicationAct("agree", "同意共享，限南明区派出所登记的记录"), ct);
        db.ChangeTracker.Clear();
        await applications.Apply(gzSc, new ApplicationInput(code, "企业登记中核验股东户籍信息", "《市场主体登记管理条例》第十七条",
            ["居民身份证号码", "姓名", "户号"], null, null, until, "file"), ct);
        db.ChangeTracker.Clear();
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    private static readonly string[] Given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"];
    private static readonly string[] Stations = ["南明区派出所", "云岩区派出所", "红花岗区派出所"];
    private static readonly string[] Counties = ["520102", "520103", "520302"];

    private static byte[] Households(int n)
    {
        var sb = new StringBuilder("居民身份证号码,姓名,户号,与户主关系,迁入日期,登记机关\n");
        for (var i = 1; i <= n; i++)
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(i * 61 % 20000);
            var body = $"{Counties[i % 3]}{birth:yyyyMMdd}{i % 997:D3}";
            sb.Append(CultureInfo.InvariantCulture,
                $"{body + ResidentIdNumber.ComputeCheckCharacter(body)},{Surnames[i % 10]}{Given[i * 3 % 10]},H{100000 + i / 3},{(i % 3 == 0 ? "01" : "02")},{new DateOnly(2010, 1, 1).AddDays(i * 7 % 5000):yyyy-MM-dd},{Stations[i % 3]}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
