using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Community;

/// <summary>Demo: one approved showcase item (ent.qianyun's enterprise lookup on 520000-SC-0001), so the showcase is not empty.</summary>
public sealed class CommunityDemoSeeder : IDemoSeeder
{
    public int Order => 70;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<ShowcaseItem>().AnyAsync(ct)) return;
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Username == "ent.qianyun", ct);
        if (user is null) return;
        var now = db.Clock.GetUtcNow();
        var item = new ShowcaseItem
        {
            Id = Guid.NewGuid(), SubmitterId = user.Id, SubmitterName = user.DisplayName, Title = "黔企查 · 企业登记信息查询小程序",
            Description = "基于开放的企业登记信息，按名称、登记状态和成立日期查询贵州企业，供创业者和采购人员核对交易对象。（演示数据）",
            Url = "https://example.com/qianqicha", DatasetCodes = "520000-SC-0001", State = ReviewState.Approved,
            SubmittedAt = now.AddDays(-3), ReviewedBy = "省大数据局审核员", ReviewedAt = now.AddDays(-2),
        };
        db.Add(item);
        db.Audit(Actor.System, "demo.community.seed", $"showcase:{item.Id}", new { item.Title });
        await db.SaveChangesAsync(ct);
    }
}
