using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Datasets;

/// <summary>Raw-field grants and mask rules of an entry's data: set by the provider, every change audited.</summary>
public sealed class DatasetGrants(ShuzhiDb db)
{
    public sealed record GrantInput(string? Organisation, List<string>? Fields, string? Reason);
    public sealed record GrantView(Guid Id, string Organisation, string OrganisationName, IReadOnlyList<string> Fields, string Reason,
        string GrantedBy, DateTimeOffset GrantedAt, string? RevokedBy, DateTimeOffset? RevokedAt);
    public sealed record MaskView(string Field, string Kind, string DefaultMask, string Mask, bool Overridden);

    private async Task<(CatalogueEntry Entry, DatasetSchema Schema)> OwnAsync(Actor actor, string code, CancellationToken ct)
    {
        actor.Require(Policies.DatasetGrant);
        var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == code, ct);
        if (entry is null || !CatalogueAccess.SeesEntry(actor, entry)) throw new NotFoundProblem("catalogue entry", code);
        if (entry.ProviderOrganisationId != actor.OrganisationId)
            throw new ForbiddenProblem(Policies.DatasetGrant.Name, "only the provider department grants access to its data and sets its masks");
        var attrs = await db.Set<EntryVersion>().AsNoTracking()
            .Where(v => v.EntryId == entry.Id && v.Number == (entry.PublishedVersion ?? entry.CurrentVersion)).Select(v => v.AttributesJson).FirstAsync(ct);
        return (entry, DatasetSchema.From(JsonSerializer.Deserialize<EntryAttributes>(attrs, EntryAttributes.Json)!.Fields ?? []));
    }

    public async Task<GrantView> Grant(Actor actor, string code, GrantInput input, CancellationToken ct)
    {
        var (entry, schema) = await OwnAsync(actor, code, ct);
        var v = new Validator();
        var org = string.IsNullOrWhiteSpace(input.Organisation) ? null
            : await db.Set<Organisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Code == input.Organisation.Trim(), ct);
        if (org is null) v.Add("organisation", "exists", $"no organisation with code '{input.Organisation}'");
        else if (org.Id == entry.ProviderOrganisationId) v.Add("organisation", "not-provider", "the provider already reads its own data raw");
        var share = await db.Set<EntryVersion>().AsNoTracking()
            .Where(x => x.EntryId == entry.Id && x.Number == (entry.PublishedVersion ?? entry.CurrentVersion)).Select(x => x.ShareType).FirstAsync(ct);
        if (share == ShareType.NotShared) v.Add("entry", "shareable", "the entry is 不予共享 (贵州 art.19-20): its data is not shared, so no grant can be given");
        var fields = (input.Fields ?? []).Select(f => f?.Trim() ?? "").Distinct().ToList();
        if (fields.Count == 0) v.Add("fields", "required", "name at least one field");
        foreach (var f in fields.Where(f => schema.Find(f) is null)) v.Add("fields", "known-field", $"'{f}' is not a field of {code}");
        if (string.IsNullOrWhiteSpace(input.Reason)) v.Add("reason", "required", "say why the organisation needs the raw values (purpose and legal basis)");
        v.ThrowIfAny();
        var grant = new DataGrant
        {
            Id = Guid.NewGuid(), EntryId = entry.Id, EntryCode = code, GranteeOrganisationId = org!.Id, GranteeName = org.Name,
            Fields = "|" + string.Join("|", fields) + "|", Reason = input.Reason!.Trim(), GrantedBy = actor.Username, GrantedAt = db.Clock.GetUtcNow(),
        };
        db.Add(grant);
        db.Audit(actor, "dataset.grant", $"dataset:{code}", new { grant = grant.Id, organisation = org.Code, fields, reason = grant.Reason });
        await db.SaveChangesAsync(ct);
        return View(grant, org.Code);
    }

    public async Task<GrantView> Revoke(Actor actor, string code, Guid grantId, CancellationToken ct)
    {
        var (entry, _) = await OwnAsync(actor, code, ct);
        var grant = await db.Set<DataGrant>().FirstOrDefaultAsync(g => g.Id == grantId && g.EntryId == entry.Id, ct)
                    ?? throw new NotFoundProblem("grant", grantId.ToString());
        if (grant.RevokedAt is not null) throw new ConflictProblem("grant-active", "the grant was already revoked");
        grant.RevokedAt = db.Clock.GetUtcNow();
        grant.RevokedBy = actor.Username;
        db.Audit(actor, "dataset.grant.revoke", $"dataset:{code}", new { grant = grant.Id });
        await db.SaveChangesAsync(ct);
        var orgCode = await db.Set<Organisation>().Where(o => o.Id == grant.GranteeOrganisationId).Select(o => o.Code).FirstAsync(ct);
        return View(grant, orgCode);
    }

    public async Task<IReadOnlyList<GrantView>> List(Actor actor, string code, CancellationToken ct)
    {
        var (entry, _) = await OwnAsync(actor, code, ct);
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => g.EntryId == entry.Id).OrderBy(g => g.GrantedAt).ToListAsync(ct);
        var codes = await db.Set<Organisation>().AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        return grants.Select(g => View(g, codes.GetValueOrDefault(g.GranteeOrganisationId, "?"))).ToList();
    }

    private static GrantView View(DataGrant g, string orgCode) => new(g.Id, orgCode, g.GranteeName,
        g.Fields.Split('|', StringSplitOptions.RemoveEmptyEntries), g.Reason, g.GrantedBy, g.GrantedAt, g.RevokedBy, g.RevokedAt);

    public async Task<IReadOnlyList<MaskView>> Masks(Actor actor, string code, CancellationToken ct)
    {
        var (entry, schema) = await OwnAsync(actor, code, ct);
        var overrides = await OverridesAsync(entry.Id, ct);
        return schema.Fields.Select(f => new MaskView(f.Name, f.Kind.ToString(), f.Mask,
            overrides.GetValueOrDefault(f.Name, f.Mask), overrides.ContainsKey(f.Name))).ToList();
    }

    /// <summary>Sets mask rules by field ("default" removes an override). Applies to every version from the next read on.</summary>
    public async Task<IReadOnlyList<MaskView>> SetMasks(Actor actor, string code, Dictionary<string, string?>? rules, CancellationToken ct)
    {
        var (entry, schema) = await OwnAsync(actor, code, ct);
        var v = new Validator();
        if (rules is null || rules.Count == 0) v.Add("masks", "required", "give at least one field: rule (none, keep:F,L, name, hash, month, year, drop, default)");
        foreach (var (field, rule) in rules ?? [])
        {
            if (schema.Find(field) is null) v.Add($"masks.{field}", "known-field", $"'{field}' is not a field of {code}");
            else if (!string.Equals(rule?.Trim(), "default", StringComparison.OrdinalIgnoreCase) && !MaskRule.TryParse(rule, out _, out var error))
                v.Add($"masks.{field}", "mask-rule", error!);
        }
        v.ThrowIfAny();
        var dataset = await db.Set<Dataset>().FirstOrDefaultAsync(d => d.EntryId == entry.Id, ct);
        if (dataset is null)
        {
            dataset = new Dataset { EntryId = entry.Id, EntryCode = code, ProviderOrganisationId = entry.ProviderOrganisationId, ProviderDivisionCode = entry.ProviderDivisionCode };
            db.Add(dataset);
        }
        var overrides = JsonSerializer.Deserialize<Dictionary<string, string>>(dataset.MaskOverridesJson) ?? [];
        foreach (var (field, rule) in rules!)
        {
            if (string.Equals(rule?.Trim(), "default", StringComparison.OrdinalIgnoreCase)) overrides.Remove(field);
            else overrides[field] = MaskRule.Parse(rule!).ToString();
        }
        dataset.MaskOverridesJson = JsonSerializer.Serialize(overrides);
        dataset.Version++;
        db.Audit(actor, "dataset.masks", $"dataset:{code}", new { masks = rules });
        await db.SaveChangesAsync(ct);
        return await Masks(actor, code, ct);
    }

    private async Task<Dictionary<string, string>> OverridesAsync(Guid entryId, CancellationToken ct)
    {
        var json = await db.Set<Dataset>().AsNoTracking().Where(d => d.EntryId == entryId).Select(d => d.MaskOverridesJson).FirstOrDefaultAsync(ct);
        return json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
    }
}

/// <summary>The bureau's view of data quality across the departments of its division, and its publication threshold.</summary>
public sealed class QualityOversight(ShuzhiDb db)
{
    public sealed record Row(string EntryCode, string EntryName, string Provider, int? PublishedVersion, double? PublishedScore,
        int? LatestVersion, string? LatestState, double? LatestScore, bool? LatestGatePassed, DateTimeOffset? LastLoadedAt, long Rows);
    public sealed record Board(string DivisionCode, double Threshold, IReadOnlyList<Row> Datasets);

    /// <summary>Divisions under a bureau: the province sees its cities and counties, a city its counties (GB/T 2260 prefixes).</summary>
    public static string Prefix(string division) => division.EndsWith("0000", StringComparison.Ordinal) ? division[..2]
        : division.EndsWith("00", StringComparison.Ordinal) ? division[..4] : division;

    public async Task<Board> Handle(Actor actor, CancellationToken ct)
    {
        actor.Require(Policies.DatasetQualityOversight);
        var prefix = Prefix(actor.DivisionCode);
        var datasets = await db.Set<Dataset>().AsNoTracking().Where(d => d.ProviderDivisionCode.StartsWith(prefix)).ToListAsync(ct);
        var ids = datasets.Select(d => d.EntryId).ToList();
        var versions = await db.Set<DataVersion>().AsNoTracking().Where(v => ids.Contains(v.EntryId)).ToListAsync(ct);
        var entries = await db.Set<CatalogueEntry>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var names = await db.Set<EntryVersion>().AsNoTracking().Where(v => ids.Contains(v.EntryId))
            .Select(v => new { v.EntryId, v.Number, v.Name }).ToListAsync(ct);
        var rows = new List<Row>();
        foreach (var d in datasets)
        {
            var e = entries.First(x => x.Id == d.EntryId);
            var mine = versions.Where(v => v.EntryId == d.EntryId).OrderByDescending(v => v.Number).ToList();
            var published = mine.FirstOrDefault(v => v.Number == d.PublishedVersion);
            var latest = mine.FirstOrDefault();
            var name = names.Where(n => n.EntryId == d.EntryId).OrderByDescending(n => n.Number).Select(n => n.Name).FirstOrDefault() ?? d.EntryCode;
            rows.Add(new Row(d.EntryCode, name, e.ProviderName, d.PublishedVersion, published?.Score, latest?.Number, latest?.State.ToString(),
                latest?.Score, latest?.GatePassed, latest?.CompletedAt ?? latest?.StartedAt, published?.Rows ?? 0));
        }
        return new Board(actor.DivisionCode, await QualityGate.ThresholdAsync(db, actor.DivisionCode, ct),
            rows.OrderBy(r => r.PublishedScore ?? r.LatestScore ?? 101).ThenBy(r => r.EntryCode).ToList());
    }

    public async Task<double> SetThreshold(Actor actor, double? threshold, CancellationToken ct)
    {
        actor.Require(Policies.DatasetQualityOversight);
        if (threshold is not (>= 0 and <= 100))
            throw new ValidationProblem([new FieldError("threshold", "range", "the threshold is a score from 0 to 100")]);
        var t = await db.Set<QualityThreshold>().FirstOrDefaultAsync(x => x.DivisionCode == actor.DivisionCode, ct);
        if (t is null) db.Add(t = new QualityThreshold { DivisionCode = actor.DivisionCode, SetBy = actor.Username });
        t.Threshold = threshold.Value;
        t.SetBy = actor.Username;
        t.SetAt = db.Clock.GetUtcNow();
        db.Audit(actor, "dataset.quality.threshold", $"division:{actor.DivisionCode}", new { threshold });
        await db.SaveChangesAsync(ct);
        return t.Threshold;
    }
}
