using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Demo;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

/// <summary>
/// Demo: the demo departments' data commissioners are on file with their bureaus (贵州 art.39), appointed by the
/// platform at seeding. (Conditional entries get their basis filed when the catalogue seeder publishes them.)
/// </summary>
public sealed class FilingsDemoSeeder : IDemoSeeder
{
    public int Order => 5;

    public async Task SeedAsync(ShuzhiDb db, CancellationToken ct)
    {
        if (await db.Set<CommissionerAppointment>().AnyAsync(ct)) return;
        var orgs = await db.Set<Organisation>().AsNoTracking().ToListAsync(ct);
        var users = await db.Set<User>().AsNoTracking().ToListAsync(ct);
        var now = db.Clock.GetUtcNow();
        var n = 0;
        foreach (var u in users.Where(u => u.RoleSet.Contains(Role.DataCommissioner)).OrderBy(u => u.Username, StringComparer.Ordinal))
        {
            var org = orgs.First(o => o.Id == u.OrganisationId);
            var bureau = orgs.FirstOrDefault(o => o.Kind == OrganisationKind.DataBureau && o.DivisionCode == org.DivisionCode);
            if (org.Kind != OrganisationKind.Department || bureau is null) continue;
            db.Add(new CommissionerAppointment
            {
                Id = Guid.NewGuid(), OrganisationId = org.Id, OrganisationCode = org.Code, OrganisationName = org.Name, DivisionCode = org.DivisionCode,
                BureauOrganisationId = bureau.Id, BureauName = bureau.Name, UserId = u.Id, Username = u.Username, UserDisplayName = u.DisplayName,
                AppointedAt = now, AppointedBy = Actor.System.Username, Note = "演示数据 / demo data", ActiveUserId = u.Id,
            });
            n++;
        }
        if (n == 0) return;
        db.Audit(Actor.System, "demo.sharing.commissioners.seed", "sharing-commissioners", new { appointments = n });
        await db.SaveChangesAsync(ct);
    }
}
