using Microsoft.EntityFrameworkCore;
using Shuzhi.Platform.Cases;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Sharing;

public sealed record DelegationView(Guid Id, string Provider, string ProviderName, string ProviderDivisionCode, string? EntryCode, string? EntryName,
    string DivisionCode, string DivisionName, string Delegate, string DelegateName, DateTimeOffset FiledAt, string FiledBy, string? Note,
    DateTimeOffset? RevokedAt, string? RevokedBy, string? RevokeReason, bool Active)
{
    internal static DelegationView From(ShareDelegation d) => new(d.Id, d.ProviderCode, d.ProviderName, d.ProviderDivisionCode, d.EntryCode, d.EntryName,
        d.DivisionCode, d.DivisionName, d.DelegateCode, d.DelegateName, d.FiledAt, d.FiledBy, d.Note, d.RevokedAt, d.RevokedBy, d.RevokeReason, d.RevokedAt is null);
}

/// <summary>
/// 贵州 art.44 "整体授权给下一层级对应政府部门直接受理本地区数据使用部门的跨层级政务数据资源使用申请": the provider
/// department files, with the bureau of its division, a blanket delegation of one or all of its entries, for one division
/// directly below its own, to a department of that division. Revocable. <see cref="FindDelegateAsync"/> is what the
/// application flow asks.
/// </summary>
public sealed class Delegations(ShuzhiDb db) : IDelegateLookup
{
    /// <param name="Entry">An entry code of the provider, or null / "all" for every entry.</param>
    /// <param name="Division">GB/T 2260 code of a city or county directly below the provider's division.</param>
    /// <param name="Delegate">Code of a Department organisation of that division, e.g. "520100-GA".</param>
    public sealed record FileInput(string? Entry, string? Division, string? Delegate, string? Note);
    public sealed record RevokeInput(string? Reason);

    public async Task<DelegationView> File(Actor actor, FileInput c, CancellationToken ct)
    {
        var code = Commissioners.Text(c.Entry);
        if (string.Equals(code, "all", StringComparison.OrdinalIgnoreCase)) code = null;
        var divisionCode = Commissioners.Text(c.Division);
        var delegateCode = Commissioners.Text(c.Delegate);
        var note = Commissioners.Text(c.Note);
        new Validator()
            .Require(divisionCode is not null && AccountRules.DivisionCode().IsMatch(divisionCode), "division", "gb-t-2260",
                "下级行政区划代码为6位数字（GB/T 2260），如 520100 / a six-digit GB/T 2260 code such as 520100")
            .NotBlank(delegateCode, "delegate", "受托部门").MaxLength(delegateCode, 64, "delegate").MaxLength(note, 1000, "note")
            .ThrowIfAny();
        actor.Require(Policies.SharingProvide);
        var provider = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == actor.OrganisationId, ct);
        var errors = new List<FieldError>();
        CatalogueEntry? entry = null;
        if (code is not null)
        {
            entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code, ct);
            if (entry is null || entry.ProviderOrganisationId != provider.Id)
                errors.Add(new FieldError("entry", "own-entry", $"{code} 不是本部门的目录 / not an entry of your department"));
        }
        var ownDivision = await db.Set<Organisation>().AsNoTracking()
            .FirstOrDefaultAsync(o => o.Code == provider.DivisionCode && (o.Kind == OrganisationKind.Province || o.Kind == OrganisationKind.City || o.Kind == OrganisationKind.County), ct);
        var division = await db.Set<Organisation>().AsNoTracking()
            .FirstOrDefaultAsync(o => o.Code == divisionCode && (o.Kind == OrganisationKind.Province || o.Kind == OrganisationKind.City || o.Kind == OrganisationKind.County), ct);
        if (division is null || ownDivision is null || division.ParentId != ownDivision.Id)
            errors.Add(new FieldError("division", "directly-below", $"{divisionCode} 不是本部门所在行政区划的直接下级 / {divisionCode} is not a division directly below yours (art.44: 下一层级)"));
        var delegated = await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == delegateCode, ct);
        if (delegated is null || delegated.Kind != OrganisationKind.Department || delegated.DivisionCode != divisionCode)
            errors.Add(new FieldError("delegate", "department-of-division", $"{delegateCode} 不是 {divisionCode} 的政府部门 / {delegateCode} is not a government department of {divisionCode}"));
        if (errors.Count > 0) throw new ValidationProblem(errors);
        var entryId = entry?.Id;
        if (await db.Set<ShareDelegation>().AnyAsync(d => d.ProviderOrganisationId == provider.Id && d.RevokedAt == null && d.EntryId == entryId && d.DivisionCode == divisionCode, ct))
            throw new ConflictProblem("delegation-exists", $"已就{(entry is null ? "全部目录" : entry.Code)}向 {divisionCode} 授权，请先撤销 / a delegation for this entry and division is in force; revoke it first");
        var bureau = await FilingScope.BureauOfAsync(db, provider.DivisionCode, "division", ct);
        var latest = entry is null ? null
            : await db.Set<EntryVersion>().AsNoTracking().Where(v => v.EntryId == entry.Id).OrderByDescending(v => v.Number).Select(v => v.Name).FirstAsync(ct);
        var d = new ShareDelegation
        {
            Id = Guid.NewGuid(), ProviderOrganisationId = provider.Id, ProviderCode = provider.Code, ProviderName = provider.Name,
            ProviderDivisionCode = provider.DivisionCode, EntryId = entryId, EntryCode = entry?.Code, EntryName = latest,
            DivisionCode = division!.Code, DivisionName = division.Name, DivisionLevel = division.Level,
            DelegateOrganisationId = delegated!.Id, DelegateCode = delegated.Code, DelegateName = delegated.Name,
            BureauOrganisationId = bureau.Id, FiledAt = db.Clock.GetUtcNow(), FiledBy = actor.Username, Note = note,
        };
        db.Add(d);
        db.Audit(actor, "sharing.delegation.file", $"sharing-delegation:{d.Id}", new
        {
            provider = provider.Code, entry = entry?.Code ?? "all", division = division.Code, @delegate = delegated.Code, bureau = bureau.Code, note,
        });
        await db.SaveOrConflictAsync(ct);
        return DelegationView.From(d);
    }

    public async Task<DelegationView> Revoke(Actor actor, Guid id, RevokeInput c, CancellationToken ct)
    {
        var reason = Commissioners.Text(c.Reason);
        new Validator().NotBlank(reason, "reason", "撤销理由").MaxLength(reason, 1000, "reason").ThrowIfAny();
        actor.Require(Policies.SharingProvide);
        var d = await db.Set<ShareDelegation>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null || (!actor.IsSystem && d.ProviderOrganisationId != actor.OrganisationId && d.DelegateOrganisationId != actor.OrganisationId))
            throw new NotFoundProblem("delegation", id.ToString());
        if (!actor.IsSystem && d.ProviderOrganisationId != actor.OrganisationId)
            throw new ForbiddenProblem(Policies.SharingProvide.Name, "只有授权的数据提供部门可以撤销 / only the delegating provider revokes");
        if (d.RevokedAt is not null) throw new ConflictProblem("already-revoked", "此授权已撤销 / already revoked");
        d.RevokedAt = db.Clock.GetUtcNow();
        d.RevokedBy = actor.Username;
        d.RevokeReason = reason;
        d.Version++;
        db.Audit(actor, "sharing.delegation.revoke", $"sharing-delegation:{d.Id}", new { provider = d.ProviderCode, entry = d.EntryCode ?? "all", division = d.DivisionCode, reason });
        await db.SaveOrConflictAsync(ct);
        return DelegationView.From(d);
    }

    /// <summary>Delegations the actor sees: those its department gave or received; a bureau those of its division and below.</summary>
    public async Task<IReadOnlyList<DelegationView>> List(Actor actor, bool activeOnly, CancellationToken ct)
    {
        actor.Require(Policies.SharingRead);
        var q = db.Set<ShareDelegation>().AsNoTracking();
        var prefix = FilingScope.BureauPrefix(actor);
        var org = actor.OrganisationId;
        q = prefix is null ? q.Where(d => d.ProviderOrganisationId == org || d.DelegateOrganisationId == org) : q.Where(d => d.ProviderDivisionCode.StartsWith(prefix));
        if (activeOnly) q = q.Where(d => d.RevokedAt == null);
        var list = await q.ToListAsync(ct);
        return list.OrderBy(d => d.RevokedAt is not null).ThenByDescending(d => d.FiledAt).Select(DelegationView.From).ToList();
    }

    /// <summary>
    /// The department that receives, instead of the provider, an application for <paramref name="entryId"/> from a
    /// consumer in <paramref name="consumerDivisionCode"/> (贵州 art.44): the delegate of a delegation in force whose
    /// division is the consumer's or above it; null when none. A delegation of this very entry wins over one of all entries.
    /// </summary>
    public async Task<Organisation?> FindDelegateAsync(Guid entryId, Guid providerOrganisationId, string consumerDivisionCode, CancellationToken ct)
    {
        var candidates = await db.Set<ShareDelegation>().AsNoTracking()
            .Where(d => d.ProviderOrganisationId == providerOrganisationId && d.RevokedAt == null && (d.EntryId == entryId || d.EntryId == null))
            .ToListAsync(ct);
        var match = candidates
            .Where(d => consumerDivisionCode.StartsWith(CaseAccess.DivisionPrefix(d.DivisionCode, d.DivisionLevel), StringComparison.Ordinal))
            .OrderBy(d => d.EntryId is null).ThenByDescending(d => d.DivisionLevel).ThenByDescending(d => d.FiledAt)
            .FirstOrDefault();
        return match is null ? null : await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == match.DelegateOrganisationId, ct);
    }
}
