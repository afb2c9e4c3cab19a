using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Datasets;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Datasets.Storage;

namespace Shuzhi.Platform.Datasets;

/// <summary>What the platform knows about one entry's data, read once and cached briefly (the row API's hot path).</summary>
public sealed record DatasetSnapshot(
    string EntryCode,
    Guid EntryId,
    Guid ProviderOrganisationId,
    string ProviderDivisionCode,
    bool CataloguePublished,
    bool Withdrawn,
    ShareType? ShareType,
    Dataset? Dataset,
    DataVersion? Published,
    DatasetSchema? PublishedSchema,
    IReadOnlyDictionary<string, string> MaskOverrides,
    IReadOnlyList<DataGrant> ActiveGrants,
    DateTimeOffset ReadAt,
    bool ConditionalBasisFiled);

/// <summary>
/// THE rule of who reads an entry's rows, and which fields raw (docs/datasets.md "Who sees what"):
/// - the provider department: every version, every field raw;
/// - the bureau of the provider's division (quality oversight, 贵州 art.8): every version, masked;
/// - other government users: the published version of a published, not withdrawn entry that is shared
///   unconditionally (贵州 art.21: usable at once) — masked — or any entry for which the provider granted their
///   organisation raw fields (those fields raw, the rest masked);
/// - anyone else (public users, market entities): refused here (open data is served by the portal).
/// </summary>
public static class DatasetAccess
{
    public sealed record Decision(bool Allowed, bool AllVersions, IReadOnlySet<string>? RawFields, bool AllRaw, string? Refusal);

    public static Decision Decide(Actor a, DatasetSnapshot s)
    {
        if (a.IsSystem || a.OrganisationId == s.ProviderOrganisationId)
            return new(true, true, null, true, null);
        if (Policies.CatalogueReview.Allows(a) && a.DivisionCode == s.ProviderDivisionCode)
            return new(true, true, Grants(a, s), false, null);
        if (!Policies.GovernmentUser.Allows(a))
            return new(false, false, null, false, "only government users read shared data here; open data is on the portal");
        if (!s.CataloguePublished) return new(false, false, null, false, null); // as if it did not exist
        if (s.Withdrawn) return new(false, false, null, false, "the entry has been withdrawn");
        if (s.ShareType == Catalogue.ShareType.NotShared) return new(false, false, null, false, "not shared (贵州 art.19)");
        if (s.ShareType == Catalogue.ShareType.Conditional && !s.ConditionalBasisFiled) return new(true, false, Grants(a, s), false, null); // 贵州 art.20: no basis on file → unconditional
        var raw = Grants(a, s);
        if (raw.Count > 0 || s.ShareType == Catalogue.ShareType.Unconditional) return new(true, false, raw, false, null);
        return new(false, false, null, false, s.ShareType == Catalogue.ShareType.Conditional
            ? "conditionally shared (贵州 art.23): apply for access"
            : "not shared (贵州 art.19)");
    }

    private static HashSet<string> Grants(Actor a, DatasetSnapshot s) =>
        s.ActiveGrants.Where(g => g.GranteeOrganisationId == a.OrganisationId)
            .SelectMany(g => g.Fields.Split('|', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();

    /// <summary>Sees the entry's data at all in listings (same rule, without the refusal text).</summary>
    public static bool Sees(Actor a, DatasetSnapshot s) => Decide(a, s).Allowed;
}

/// <summary>One version as one caller may read it: the rows' layout, and per column whether it is raw or masked and how.</summary>
public sealed class DatasetView
{
    public required DatasetSnapshot Snapshot { get; init; }
    public required DataVersion Version { get; init; }
    public required DatasetSchema Schema { get; init; }
    public required RowSchema RowSchema { get; init; }
    /// <summary>Per column: the mask the caller receives (None when raw or unmasked).</summary>
    public required MaskRule[] Masks { get; init; }
    public required bool[] Raw { get; init; }
    public required KeyedHasher Hasher { get; init; }
    public bool IsProvider { get; init; }

    /// <summary>May the caller filter, sort or search on this column? Only where what they see is the stored value.</summary>
    public bool CanUseRaw(int column) => Raw[column] || Masks[column].Kind == MaskKind.None;
}

/// <summary>
/// Reads <see cref="DatasetSnapshot"/>s and caches them for at most <see cref="Ttl"/>. Any committed change to catalogue
/// entries, datasets, versions or grants empties the cache at once (<see cref="IEntityChangeObserver"/>), so a revoked
/// grant or a withdrawn entry takes effect on the next request on this node; the TTL bounds staleness across processes
/// (a CLI load seen by the server).
/// </summary>
public sealed class DatasetDirectory(IServiceScopeFactory scopes, MaskingKey key, TimeProvider clock) : IEntityChangeObserver
{
    private static readonly Type[] Watched = [typeof(CatalogueEntry), typeof(EntryVersion), typeof(Dataset), typeof(DataVersion), typeof(DataGrant), typeof(Sharing.ShareBasisFiling)];

    private long generation;

    void IEntityChangeObserver.Changed(IReadOnlySet<Type> changedTypes)
    {
        if (!Watched.Any(changedTypes.Contains)) return;
        Interlocked.Increment(ref generation);
        cache.Clear();
    }

    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DatasetSnapshot> cache = new(StringComparer.Ordinal);

    public async ValueTask<DatasetSnapshot?> GetAsync(string entryCode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(entryCode, out var s) && now - s.ReadAt < Ttl && now >= s.ReadAt) return s;
        // A change committed while this read runs must not be overwritten by what the read saw: cache only if no
        // change came in between (a revoked grant takes effect on the very next request).
        var before = Interlocked.Read(ref generation);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
        s = await ReadAsync(db, entryCode, now, ct);
        if (s is null) cache.TryRemove(entryCode, out _);
        else if (Interlocked.Read(ref generation) == before)
        {
            cache[entryCode] = s;
            if (Interlocked.Read(ref generation) != before) cache.TryRemove(entryCode, out _);
        }
        return s;
    }

    internal static async Task<DatasetSnapshot?> ReadAsync(ShuzhiDb db, string entryCode, DateTimeOffset now, CancellationToken ct)
    {
        var entry = await db.Set<CatalogueEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Code == entryCode, ct);
        if (entry is null) return null;
        ShareType? share = null;
        if (entry.PublishedVersion is { } pv)
            share = await db.Set<EntryVersion>().AsNoTracking().Where(v => v.EntryId == entry.Id && v.Number == pv).Select(v => (ShareType?)v.ShareType).FirstOrDefaultAsync(ct);
        var dataset = await db.Set<Dataset>().AsNoTracking().FirstOrDefaultAsync(d => d.EntryId == entry.Id, ct);
        DataVersion? published = null;
        if (dataset?.PublishedVersion is { } n)
            published = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.EntryId == entry.Id && v.Number == n, ct);
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => g.EntryId == entry.Id && g.RevokedAt == null).ToListAsync(ct);
        var overrides = JsonSerializer.Deserialize<Dictionary<string, string>>(dataset?.MaskOverridesJson ?? "{}") ?? [];
        var filed = share == ShareType.Conditional && await db.Set<Sharing.ShareBasisFiling>().AnyAsync(f => f.InForceEntryId == entry.Id, ct);
        return new DatasetSnapshot(entry.Code, entry.Id, entry.ProviderOrganisationId, entry.ProviderDivisionCode,
            entry.PublishedVersion is not null, entry.State == EntryState.Withdrawn, share, dataset, published,
            published is null ? null : DatasetSchema.FromJson(published.SchemaJson), overrides, grants, now, filed);
    }

    /// <summary>
    /// The entry's snapshot and the caller's access to it, or the refusal: 404 when the caller may not know the entry
    /// exists, 403 with the reason otherwise.
    /// </summary>
    public async Task<(DatasetSnapshot Snapshot, DatasetAccess.Decision Decision)> AllowedAsync(Actor actor, string entryCode, CancellationToken ct)
    {
        var s = await GetAsync(entryCode, ct) ?? throw new NotFoundProblem("catalogue entry", entryCode);
        var d = DatasetAccess.Decide(actor, s);
        if (!d.Allowed)
            throw d.Refusal is null ? new NotFoundProblem("catalogue entry", entryCode) : new ForbiddenProblem(Policies.DatasetRead.Name, d.Refusal);
        return (s, d);
    }

    /// <summary>
    /// Opens a version for the caller: the published one, or (<paramref name="version"/>) another one if the caller may
    /// see every version. Refusals are 403 with the reason, or 404 when the caller may not know the entry exists.
    /// </summary>
    public async Task<DatasetView> OpenAsync(Actor actor, string entryCode, int? version, CancellationToken ct)
    {
        var (s, d) = await AllowedAsync(actor, entryCode, ct);
        DataVersion v;
        DatasetSchema schema;
        if (version is null || version == s.Dataset?.PublishedVersion)
        {
            v = s.Published ?? throw new NotFoundProblem("published data of", entryCode);
            schema = s.PublishedSchema!;
        }
        else
        {
            if (!d.AllVersions) throw new ForbiddenProblem(Policies.DatasetRead.Name, "only the provider department and its bureau read versions other than the published one");
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShuzhiDb>();
            v = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.EntryId == s.EntryId && x.Number == version, ct)
                ?? throw new NotFoundProblem("data version", $"{entryCode} v{version}");
            if (v.State is not (DataVersionState.Loaded or DataVersionState.Published or DataVersionState.Superseded))
                throw new ConflictProblem("version-has-rows", $"version {version} is {v.State.ToString().ToLowerInvariant()}: it has no rows to read");
            schema = DatasetSchema.FromJson(v.SchemaJson);
        }
        var n = schema.Fields.Count;
        var masks = new MaskRule[n];
        var raw = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var f = schema.Fields[i];
            raw[i] = d.AllRaw || (d.RawFields?.Contains(f.Name) ?? false);
            masks[i] = raw[i] ? MaskRule.None : MaskRule.Parse(s.MaskOverrides.TryGetValue(f.Name, out var o) ? o : f.Mask);
        }
        return new DatasetView
        {
            Snapshot = s, Version = v, Schema = schema, RowSchema = schema.ToRowSchema(), Masks = masks, Raw = raw,
            Hasher = key.Hasher, IsProvider = d.AllRaw,
        };
    }
}
