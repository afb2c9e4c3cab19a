using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Identifiers;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Datasets;

/// <summary>
/// Demo data behind two provincial entries, loaded through the real loader: 企业登记信息 (2,000 enterprises, clean)
/// and 人口基础信息 (3,000 persons, GB18030, with the problems departments really send: bad check digits, an
/// Excel-mangled ID, blank names, a duplicate, mixed date forms) — so the quality report has something to show.
/// </summary>
public sealed class DatasetDemoSeeder(LoadDataset load) : IDemoSeeder
{
    public int Order => 20;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<DataVersion>().AnyAsync(ct)) return;
        await Seed(db, "520000-SC", "企业登记信息", Enterprises(2000), "企业登记信息.csv", ct);
        await Seed(db, "520000-GA", "人口基础信息", Persons(3000), "人口基础信息.csv", ct);
    }

    private async Task Seed(ShuzhiDb db, string provider, string name, byte[] file, string fileName, CancellationToken ct)
    {
        var code = await (from e in db.Set<CatalogueEntry>()
                          join v in db.Set<EntryVersion>() on e.Id equals v.EntryId
                          where e.ProviderCode == provider && v.Name == name && e.PublishedVersion != null
                          select e.Code).FirstOrDefaultAsync(ct);
        if (code is null) return;
        db.ChangeTracker.Clear();
        await load.Handle(Actor.System, code, new MemoryStream(file), fileName, new LoadRequest(), null, ct);
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "罗", "龙", "田"];
    private static readonly string[] Given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛"];
    private static readonly string[] Counties = ["520102", "520103", "520302", "520303"];
    private static readonly string[] Streets = ["中华北路", "遵义路", "北京路", "延安中路", "人民大道", "湘江大道"];

    private static string Id(int i, DateOnly birth)
    {
        var body = $"{Counties[i % Counties.Length]}{birth:yyyyMMdd}{i % 997:D3}";
        return body + ResidentIdNumber.ComputeCheckCharacter(body);
    }

    private static byte[] Persons(int n)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sb = new StringBuilder("居民身份证号码,姓名,性别,出生日期,民族,户籍地址\r\n");
        for (var i = 1; i <= n; i++)
        {
            var birth = new DateOnly(1940, 1, 1).AddDays(i * 53 % 25000);
            var id = Id(i, birth);
            if (i % 500 == 7) id = id[..17] + (id[17] == '1' ? '2' : '1');            // wrong check digit
            if (i == 1234) id = "5.20102E+17";                                          // Excel turned it into a number
            var name = i % 700 == 3 ? "" : Surnames[i % Surnames.Length] + Given[i * 7 % Given.Length];
            var date = (i % 4) switch
            {
                0 => birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                1 => birth.ToString("yyyy/M/d", CultureInfo.InvariantCulture),
                2 => birth.ToString("yyyy年M月d日", CultureInfo.InvariantCulture),
                _ => birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            };
            sb.Append(CultureInfo.InvariantCulture, $"{id},{name},{(i % 2 == 0 ? "2" : "1")},{date},01,贵州省贵阳市{Streets[i % Streets.Length]}{i % 300 + 1}号\r\n");
            if (i == 2000) sb.Append(CultureInfo.InvariantCulture, $"{id},{name},{(i % 2 == 0 ? "2" : "1")},{date},01,重复登记\r\n"); // duplicate key
        }
        return Encoding.GetEncoding(54936).GetBytes(sb.ToString());
    }

    private static byte[] Enterprises(int n)
    {
        var sb = new StringBuilder("统一社会信用代码,企业名称,法定代表人,注册资本,成立日期,登记状态,住所\n");
        string[] kinds = ["科技", "商贸", "建筑工程", "农业开发", "文化传媒", "物流", "餐饮管理", "大数据"];
        for (var i = 1; i <= n; i++)
        {
            var org = (10_000_000 + i * 7919 % 89_999_999).ToString(CultureInfo.InvariantCulture)[..8];
            var body = "91" + Counties[i % Counties.Length] + org + UnifiedSocialCreditCode.ComputeOrganisationCodeCheck(org);
            var code = body + UnifiedSocialCreditCode.ComputeCheckCharacter(body);
            var founded = new DateOnly(1995, 1, 1).AddDays(i * 31 % 11000);
            sb.Append(CultureInfo.InvariantCulture,
                $"{code},贵州{Surnames[i % Surnames.Length]}{Given[i % Given.Length]}{kinds[i % kinds.Length]}有限公司,{Surnames[i * 3 % Surnames.Length]}{Given[i * 5 % Given.Length]},{i * 37 % 5000 + 10}.00,{founded:yyyy-MM-dd},{(i % 17 == 0 ? "注销" : "存续")},贵州省贵阳市{Streets[i % Streets.Length]}{i % 500 + 1}号\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
