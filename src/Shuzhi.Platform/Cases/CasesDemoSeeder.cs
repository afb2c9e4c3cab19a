using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Cases;

/// <summary>
/// Illustrative sharing applications (贵州 art.23) so that inboxes and the supervision board are not empty at the
/// demo "now" (2026-09-30): one reply overdue at 省公安厅, one running at 贵阳市公安局, one returned to its applicant
/// for correction, and one negotiation without a statutory limit.
/// </summary>
public sealed class CasesDemoSeeder(ICaseDesk desk, Actors actors) : IDemoSeeder
{
    public const string SubjectPrefix = "sharing-application:DEMO-";

    public int Order => 50;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<Case>().AnyAsync(c => c.Subject.StartsWith(SubjectPrefix), ct)) return;
        var orgs = await db.Set<Organisation>().AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, ct);
        var gyRs = await actors.FindByUsernameAsync("gy.rs.commissioner", ct);
        var gzSc = await actors.FindByUsernameAsync("gz.sc.commissioner", ct);
        if (gyRs is null || gzSc is null || !orgs.ContainsKey("520000-GA")) return;
        var now = db.Clock.GetUtcNow();
        Role[] commissioner = [Role.DataCommissioner];
        Role[] bureau = [Role.BureauStaff];

        // 1. Provider reply due 2026-09-17 (received Thu 09-10): overdue, escalated to 省公安厅's head, deputy and commissioner.
        await desk.OpenAsync(gzSc, new OpenCase("sharing.application", SubjectPrefix + "1",
            "共享申请：省市场监管局申请使用「人口基础信息（身份核验）」",
            new NextStep("provider-reply", Rules.SharingProviderReply, orgs["520000-GA"], commissioner),
            new DateTimeOffset(2026, 9, 10, 9, 30, 0, ChinaTime.Offset)), ct);

        // 2. Provider reply running at 贵阳市公安局, received now.
        await desk.OpenAsync(gyRs, new OpenCase("sharing.application", SubjectPrefix + "2",
            "共享申请：贵阳市人社局申请使用「户籍迁移信息」",
            new NextStep("provider-reply", Rules.SharingProviderReply, orgs["520100-GA"], commissioner)), ct);

        // 3. Conformity review at 贵阳市大数据局, returned to the applicant for correction (clock suspended).
        var returned = await desk.OpenAsync(gyRs, new OpenCase("sharing.application", SubjectPrefix + "3",
            "共享申请：贵阳市人社局申请使用「不动产登记信息」",
            new NextStep("conformity-review", Rules.SharingConformityReview, orgs["520100-DSJ"], bureau),
            now.AddDays(-2)), ct);
        var gyBureau = await actors.FindByUsernameAsync("gy.bureau", ct);
        if (gyBureau is not null)
            await desk.SuspendStepAsync(gyBureau, returned.Id, "退回补正：请补充使用依据（法律法规条款）和字段清单", ct);

        // 4. Negotiation on an objection: no statutory limit (贵州 art.23(二) ¶2 sets none).
        await desk.OpenAsync(gyRs, new OpenCase("sharing.application", SubjectPrefix + "4",
            "共享异议协商：贵阳市人社局对省公安厅「出入境记录」不予共享答复有异议",
            new NextStep("negotiation", Rules.SharingNegotiation, orgs["520000-DSJ"], bureau), now.AddDays(-3)), ct);

        db.Audit(Actor.System, "demo.cases.seed", "cases", new { cases = 4 });
        await db.SaveChangesAsync(ct);
    }
}
