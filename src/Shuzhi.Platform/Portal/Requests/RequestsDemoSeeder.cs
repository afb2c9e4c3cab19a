using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Requests;

/// <summary>
/// Demo: the provincial bureau's service targets for data requests and objections (neither has a statutory period):
/// 10 working days to route or answer a request, 15 to verify an objection — changeable at /supervision.
/// </summary>
public sealed class RequestsDemoSeeder : IDemoSeeder
{
    public int Order => 70;

    public static readonly (string RuleId, int Length)[] Targets = [(Rules.OpenDataRequest.Id, 10), (Rules.OpenDataObjection.Id, 15)];

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        foreach (var (rule, length) in Targets)
        {
            if (await db.Set<ServiceTarget>().AnyAsync(t => t.RuleId == rule, ct)) continue;
            db.Add(new ServiceTarget { RuleId = rule, Length = length, Unit = PeriodUnit.WorkingDays, SetAt = db.Clock.GetUtcNow(), SetBy = "演示数据 / demo" });
            db.Audit(Identity.Actor.System, "supervision.service-target.set", $"rule:{rule}", new { Length = length, unit = nameof(PeriodUnit.WorkingDays), demo = true });
        }
        await db.SaveChangesAsync(ct);
    }
}
