using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Identity;

/// <summary>
/// The demo organisation tree and accounts: 贵州省 (520000) with two cities, each with two counties
/// (GB/T 2260 codes), a data bureau, a people's government and departments under each.
/// </summary>
public static class DemoDirectory
{
    /// <summary>The one password of every demo account (demo mode only).</summary>
    public const string Password = "Shuzhi@2026";

    public sealed record Division(string Code, string Name, AdminLevel Level, string? Parent);
    public sealed record Body(string Code, string Name, OrganisationKind Kind, string Division, string? CreditCode = null);
    public sealed record Account(string Username, string DisplayName, string Organisation, Role[] Roles);

    public static readonly Division[] Divisions =
    [
        new("520000", "贵州省", AdminLevel.Province, null),
        new("520100", "贵阳市", AdminLevel.City, "520000"),
        new("520102", "南明区", AdminLevel.County, "520100"),
        new("520103", "云岩区", AdminLevel.County, "520100"),
        new("520300", "遵义市", AdminLevel.City, "520000"),
        new("520302", "红花岗区", AdminLevel.County, "520300"),
        new("520303", "汇川区", AdminLevel.County, "520300"),
    ];

    /// <summary>Department suffixes at each level, with their names at province / city / county level.</summary>
    private static readonly (string Suffix, string Province, string City, string County)[] DepartmentKinds =
    [
        ("GA", "贵州省公安厅", "{0}公安局", "{0}公安分局"),
        ("SC", "贵州省市场监督管理局", "{0}市场监督管理局", "{0}市场监督管理局"),
        ("RS", "贵州省人力资源和社会保障厅", "{0}人力资源和社会保障局", "{0}人力资源和社会保障局"),
        ("ZR", "贵州省自然资源厅", "{0}自然资源和规划局", "{0}自然资源局"),
        ("WJ", "贵州省卫生健康委员会", "{0}卫生健康局", "{0}卫生健康局"),
        ("JY", "贵州省教育厅", "{0}教育局", "{0}教育局"),
        ("MZ", "贵州省民政厅", "{0}民政局", "{0}民政局"),
        ("ZJ", "贵州省住房和城乡建设厅", "{0}住房和城乡建设局", "{0}住房和城乡建设局"),
    ];

    public static IEnumerable<Body> Bodies()
    {
        foreach (var d in Divisions)
        {
            var bureauName = d.Level == AdminLevel.Province ? "贵州省大数据发展管理局" : $"{d.Name}大数据发展管理局";
            yield return new Body($"{d.Code}-DSJ", bureauName, OrganisationKind.DataBureau, d.Code);
            yield return new Body($"{d.Code}-ZF", $"{d.Name}人民政府", OrganisationKind.Government, d.Code);
            foreach (var k in DepartmentKinds)
            {
                var name = d.Level switch
                {
                    AdminLevel.Province => k.Province,
                    AdminLevel.City => string.Format(k.City, d.Name),
                    _ => string.Format(k.County, d.Name),
                };
                // Counties carry the first four departments only.
                if (d.Level == AdminLevel.County && Array.IndexOf(DepartmentKinds, k) >= 4) continue;
                yield return new Body($"{d.Code}-{k.Suffix}", name, OrganisationKind.Department, d.Code);
            }
        }
        yield return new Body("EXT-PUBLIC", "社会公众", OrganisationKind.External, "520000");
        yield return new Body("EXT-91520100MA6DKQ7Y2R", "贵州黔云数据科技有限公司", OrganisationKind.External, "520100", "91520100MA6DKQ7Y2R");
    }

    private static Account[] DepartmentTeam(string prefix, string org, string orgName) =>
    [
        new($"{prefix}.commissioner", $"{orgName}数据专员", org, [Role.DataCommissioner]),
        new($"{prefix}.staff", $"{orgName}工作人员", org, [Role.DepartmentStaff]),
        new($"{prefix}.head", $"{orgName}主要负责人", org, [Role.DepartmentHead]),
        new($"{prefix}.deputy", $"{orgName}分管负责人", org, [Role.DepartmentDeputy]),
    ];

    public static readonly Account[] Accounts =
    [
        new("admin", "平台管理员", "520000-DSJ", [Role.PlatformAdmin]),
        new("gz.bureau", "省大数据局审核员", "520000-DSJ", [Role.BureauStaff]),
        new("gy.bureau", "贵阳市大数据局审核员", "520100-DSJ", [Role.BureauStaff]),
        new("zy.bureau", "遵义市大数据局审核员", "520300-DSJ", [Role.BureauStaff]),
        new("nm.bureau", "南明区大数据局审核员", "520102-DSJ", [Role.BureauStaff]),
        .. DepartmentTeam("gz.ga", "520000-GA", "省公安厅"),
        .. DepartmentTeam("gz.sc", "520000-SC", "省市场监管局"),
        .. DepartmentTeam("gy.ga", "520100-GA", "贵阳市公安局"),
        .. DepartmentTeam("gy.rs", "520100-RS", "贵阳市人社局"),
        new("nm.ga.commissioner", "南明区公安分局数据专员", "520102-GA", [Role.DataCommissioner]),
        new("gz.gov", "省人民政府决策人员", "520000-ZF", [Role.GovernmentDecisionMaker]),
        new("gy.gov", "贵阳市人民政府决策人员", "520100-ZF", [Role.GovernmentDecisionMaker]),
        new("citizen.zhang", "张晓明（公众用户）", "EXT-PUBLIC", [Role.PublicUser]),
        new("ent.qianyun", "黔云数据科技（市场主体）", "EXT-91520100MA6DKQ7Y2R", [Role.MarketEntity]),
    ];
}

/// <summary>Seeds the demo organisation tree and accounts.</summary>
public sealed class IdentityDemoSeeder(Passwords passwords) : IDemoSeeder
{
    public int Order => 0;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<Organisation>().AnyAsync(ct)) return;
        var ids = new Dictionary<string, Guid>();
        foreach (var d in DemoDirectory.Divisions)
        {
            var id = Guid.NewGuid();
            ids[d.Code] = id;
            db.Add(new Organisation
            {
                Id = id, Code = d.Code, Name = d.Name, DivisionCode = d.Code, Level = d.Level,
                Kind = d.Level switch { AdminLevel.Province => OrganisationKind.Province, AdminLevel.City => OrganisationKind.City, _ => OrganisationKind.County },
                ParentId = d.Parent is null ? null : ids[d.Parent],
            });
        }
        var levels = DemoDirectory.Divisions.ToDictionary(d => d.Code, d => d.Level);
        foreach (var b in DemoDirectory.Bodies())
        {
            var id = Guid.NewGuid();
            ids[b.Code] = id;
            db.Add(new Organisation
            {
                Id = id, Code = b.Code, Name = b.Name, Kind = b.Kind, DivisionCode = b.Division,
                Level = levels[b.Division], ParentId = ids[b.Division], CreditCode = b.CreditCode,
            });
        }
        // One hash for the shared demo password: hashing is deliberately slow.
        var hash = passwords.Hash(DemoDirectory.Password);
        foreach (var a in DemoDirectory.Accounts)
        {
            db.Add(new User
            {
                Id = Guid.NewGuid(), Username = a.Username, DisplayName = a.DisplayName, PasswordHash = hash,
                OrganisationId = ids[a.Organisation], Roles = string.Join(",", a.Roles),
            });
        }
        db.Audit(Actor.System, "demo.identity.seed", "organisations", new { divisions = DemoDirectory.Divisions.Length, accounts = DemoDirectory.Accounts.Length });
        await db.SaveChangesAsync(ct);
    }
}
