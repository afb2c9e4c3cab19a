using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Portal.Backoffice;

/// <summary>
/// 年度可开放数据指标 (无锡 2023 item 2: "市各有关单位、各板块先自行上报本年度可开放数据指标"): a department reports the
/// datasets it plans to open in a year and submits the plan to its bureau; the bureau sees every plan of its division
/// with progress and may return one with a remark. Progress = items whose linked catalogue entry is open today
/// (<see cref="DatasetAccess.IsOpen"/>); items without a link are not counted as open.
/// </summary>
public sealed class OpenPlans(ShuzhiDb db, OpenInventory inventory, TimeProvider clock)
{
    public const int MaxItems = 500;
    public sealed record ItemInput(string? Name, string? Domain, string? OpenType, int? Month, string? EntryCode);
    public sealed record SaveInput(List<ItemInput>? Items);
    public sealed record ReturnInput(string? Remark);

    public sealed record ItemView(string Name, string Domain, string OpenType, int Month, string? EntryCode, bool Open, bool Due);
    public sealed record PlanView(string Organisation, string OrganisationName, int Year, string State, IReadOnlyList<ItemView> Items,
        int Planned, int Opened, int DueByNow, string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ReturnRemark, string? ReturnedBy);

    private DateOnly Today => ChinaTime.DateOf(clock.GetUtcNow());

    private void CheckYear(int year)
    {
        var now = Today.Year;
        if (year < now - 1 || year > now + 1)
            throw new ValidationProblem([new FieldError("year", "range", $"a plan is for {now - 1}, {now} or {now + 1}")]);
    }

    /// <summary>The department's own plan of the year (an empty draft when none was saved).</summary>
    public async Task<PlanView> Get(Actor actor, int year, CancellationToken ct)
    {
        actor.Require(Policies.OpenPlanReport);
        CheckYear(year);
        var plan = await db.Set<OpenPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.OrganisationId == actor.OrganisationId && p.Year == year, ct);
        return await ViewAsync(actor, plan ?? New(actor, year), ct);
    }

    private OpenPlan New(Actor actor, int year) => new()
    {
        Id = Guid.NewGuid(), OrganisationId = actor.OrganisationId, OrganisationCode = "", OrganisationName = actor.OrganisationName,
        DivisionCode = actor.DivisionCode, Year = year, State = OpenPlanState.Draft, UpdatedBy = actor.Username, UpdatedAt = db.Clock.GetUtcNow(),
    };

    /// <summary>Replaces the items of the department's plan (draft or returned; a submitted plan is with the bureau).</summary>
    public async Task<PlanView> Save(Actor actor, int year, SaveInput input, CancellationToken ct)
    {
        actor.Require(Policies.OpenPlanReport);
        CheckYear(year);
        var own = (await inventory.ListAsync(actor, ct)).Where(i => i.ProviderOrganisationId == actor.OrganisationId).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var drafts = await db.Set<CatalogueEntry>().AsNoTracking().Where(e => e.ProviderOrganisationId == actor.OrganisationId).Select(e => e.Code).ToListAsync(ct);
        own.UnionWith(drafts);
        var items = Validate(input.Items, own);
        var plan = await db.Set<OpenPlan>().FirstOrDefaultAsync(p => p.OrganisationId == actor.OrganisationId && p.Year == year, ct);
        if (plan is null)
        {
            plan = New(actor, year);
            plan.OrganisationCode = await db.Set<Organisation>().Where(o => o.Id == actor.OrganisationId).Select(o => o.Code).FirstAsync(ct);
            db.Add(plan);
        }
        else if (plan.State == OpenPlanState.Submitted)
            throw new ConflictProblem("plan-editable", "the plan has been submitted to the bureau; it can be changed once the bureau returns it");
        plan.ItemsJson = JsonSerializer.Serialize(items);
        plan.State = OpenPlanState.Draft;
        plan.UpdatedBy = actor.Username;
        plan.UpdatedAt = db.Clock.GetUtcNow();
        plan.Version++;
        db.Audit(actor, "opendata.plan.save", Subject(plan), new { items = items.Count });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(actor, plan, ct);
    }

    internal static List<OpenPlanItem> Validate(List<ItemInput>? input, IReadOnlySet<string> ownEntries)
    {
        var v = new Validator();
        var items = new List<OpenPlanItem>();
        if (input is null || input.Count == 0) v.Add("items", "required", "list at least one dataset to open");
        else if (input.Count > MaxItems) v.Add("items", "max-items", $"at most {MaxItems} items");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var entries = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (input?.Count ?? 0) && i < MaxItems; i++)
        {
            var x = input![i];
            var p = $"items[{i}]";
            var name = x.Name?.Trim() ?? "";
            var domain = x.Domain?.Trim() ?? "";
            if (name.Length == 0) v.Add($"{p}.name", "required", "name the dataset");
            else if (name.Length > 200) v.Add($"{p}.name", "max-length", "at most 200 characters");
            else if (!names.Add(name)) v.Add($"{p}.name", "duplicate", $"'{name}' is already in the plan");
            if (domain.Length == 0) v.Add($"{p}.domain", "required", "name the domain (领域)");
            else if (domain.Length > 50) v.Add($"{p}.domain", "max-length", "at most 50 characters");
            if (x.OpenType is not ("Unconditional" or "Conditional"))
                v.Add($"{p}.openType", "enum", "openType is Unconditional (无条件开放) or Conditional (有条件开放)");
            if (x.Month is not (>= 1 and <= 12)) v.Add($"{p}.month", "range", "the planned month is 1 to 12");
            var code = string.IsNullOrWhiteSpace(x.EntryCode) ? null : x.EntryCode.Trim();
            if (code is not null && !ownEntries.Contains(code)) v.Add($"{p}.entryCode", "own-entry", $"'{code}' is not a catalogue entry of your department");
            else if (code is not null && !entries.Add(code)) v.Add($"{p}.entryCode", "duplicate", $"'{code}' is linked twice");
            items.Add(new OpenPlanItem(name, domain, x.OpenType ?? "", x.Month ?? 0, code));
        }
        v.ThrowIfAny();
        return items;
    }

    /// <summary>Submits the plan to the bureau of the division.</summary>
    public async Task<PlanView> Submit(Actor actor, int year, CancellationToken ct)
    {
        actor.Require(Policies.OpenPlanReport);
        CheckYear(year);
        var plan = await db.Set<OpenPlan>().FirstOrDefaultAsync(p => p.OrganisationId == actor.OrganisationId && p.Year == year, ct)
                   ?? throw new NotFoundProblem("open plan", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (plan.State == OpenPlanState.Submitted) throw new ConflictProblem("plan-submitted", "the plan has already been submitted");
        plan.State = OpenPlanState.Submitted;
        plan.SubmittedBy = actor.Username;
        plan.SubmittedAt = db.Clock.GetUtcNow();
        plan.Version++;
        db.Audit(actor, "opendata.plan.submit", Subject(plan), new { items = Items(plan).Count });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(actor, plan, ct);
    }

    /// <summary>The bureau returns a submitted plan with a remark.</summary>
    public async Task<PlanView> Return(Actor actor, string organisation, int year, ReturnInput input, CancellationToken ct)
    {
        actor.Require(Policies.OpenOversight);
        var remark = input.Remark?.Trim();
        new Validator().Require(!string.IsNullOrEmpty(remark), "remark", "required", "say what to change").MaxLength(remark, 2000, "remark").ThrowIfAny();
        var plan = await db.Set<OpenPlan>().FirstOrDefaultAsync(p => p.OrganisationCode == organisation && p.Year == year, ct);
        if (plan is null || !BackofficeScope.Sees(actor, plan.OrganisationId, plan.DivisionCode)) throw new NotFoundProblem("open plan", $"{organisation}/{year}");
        if (plan.State != OpenPlanState.Submitted) throw new ConflictProblem("plan-submitted", "only a submitted plan can be returned");
        plan.State = OpenPlanState.Returned;
        plan.ReturnedBy = actor.Username;
        plan.ReturnedAt = db.Clock.GetUtcNow();
        plan.ReturnRemark = remark;
        plan.Version++;
        db.Audit(actor, "opendata.plan.return", Subject(plan), new { remark });
        await db.SaveChangesAsync(ct);
        return await ViewAsync(actor, plan, ct);
    }

    /// <summary>Every submitted or returned plan of the bureau's division for the year, with progress.</summary>
    public async Task<IReadOnlyList<PlanView>> Division(Actor actor, int year, CancellationToken ct)
    {
        actor.Require(Policies.OpenOversight);
        CheckYear(year);
        var prefix = BackofficeScope.Prefix(actor);
        var plans = await db.Set<OpenPlan>().AsNoTracking()
            .Where(p => p.Year == year && p.DivisionCode.StartsWith(prefix) && p.State != OpenPlanState.Draft).OrderBy(p => p.OrganisationCode).ToListAsync(ct);
        var open = (await inventory.ListAsync(actor, ct)).Where(i => i.IsOpen).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        return plans.Select(p => View(p, open)).ToList();
    }

    private async Task<PlanView> ViewAsync(Actor actor, OpenPlan plan, CancellationToken ct)
    {
        var open = (await inventory.ListAsync(actor, ct)).Where(i => i.IsOpen).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        return View(plan, open);
    }

    private PlanView View(OpenPlan p, IReadOnlySet<string> open)
    {
        var today = Today;
        var items = Items(p).Select(i => new ItemView(i.Name, i.Domain, i.OpenType, i.Month, i.EntryCode,
            i.EntryCode is { } c && open.Contains(c), p.Year < today.Year || (p.Year == today.Year && i.Month <= today.Month))).ToList();
        return new PlanView(p.OrganisationCode, p.OrganisationName, p.Year, p.State.ToString(), items, items.Count, items.Count(i => i.Open),
            items.Count(i => i.Due), p.SubmittedBy, p.SubmittedAt, p.ReturnRemark, p.ReturnedBy);
    }

    private static List<OpenPlanItem> Items(OpenPlan p) => JsonSerializer.Deserialize<List<OpenPlanItem>>(p.ItemsJson) ?? [];

    private static string Subject(OpenPlan p) => $"open-plan:{p.OrganisationCode}/{p.Year}";
}
