using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Core.Datasets;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Audit;
using Shuzhi.Platform.Catalogue;
using Shuzhi.Platform.Common;
using Shuzhi.Platform.Identity;
using Shuzhi.Platform.Persistence;
using Shuzhi.Platform.Datasets.Storage;
using Shuzhi.Platform.Sharing;

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
    /// <summary>Every grant on the entry, revoked ones included (so a refusal can say why).</summary>
    IReadOnlyList<DataGrant> Grants,
    DateTimeOffset ReadAt,
    /// <summary>The date a filed stop of supply takes effect (贵州 art.24), if any.</summary>
    DateOnly? SupplyStopsOn = null,
    /// <summary>贵州 art.20: a Conditional entry's legal basis is on file (else it is served as Unconditional). Default true: fail closed.</summary>
    bool ConditionalBasisFiled = true,
    /// <summary>The published catalogue version's open type (spec 10 §4), null when unpublished; default null: not open (fail closed).</summary>
    OpenType? OpenType = null,
    /// <summary>The published catalogue version's data grade; default Core: never on the portal (fail closed).</summary>
    DataGrade Grade = DataGrade.Core);

/// <summary>
/// THE rule of who reads an entry's rows, and which fields and rows (docs/datasets.md "Who sees what", docs/sharing.md "Grants"):
/// - the provider department: every version, every field raw;
/// - the bureau of the provider's division (quality oversight, 贵州 art.8): every version, masked;
/// - other government users: the published version of a published, not withdrawn, shared entry —
///   - shared unconditionally (贵州 arts 21, 22: usable at once): every field masked, except fields of the provider's
///     raw-field grants and of in-period sharing grants without a row filter, which are raw;
///   - shared conditionally (art.23): only under a sharing grant to their organisation that is not revoked and is in its
///     period — only the grant's fields (raw), only the rows of its filter. (A provider's raw-field grant alone lets
///     them read it as if unconditional.) Without one: refused, with the reason (no grant, revoked, expired, not yet valid);
/// - public users and market entities: only data opened to them personally (贵州 art.31, a personal grant on a listed
///   entry: its fields and period, every field masked); anything else is refused here (open data is served by the portal).
/// </summary>
public static class DatasetAccess
{
    /// <param name="VisibleFields">Fields the caller may see at all (null: every field); under a conditional grant, the grant's fields.</param>
    /// <param name="Grant">The sharing grant the access is under (conditional data), or null.</param>
    public sealed record Decision(bool Allowed, bool AllVersions, IReadOnlySet<string>? RawFields, bool AllRaw, string? Refusal,
        IReadOnlySet<string>? VisibleFields = null, DataGrant? Grant = null)
    {
        public static Decision Refuse(string? reason) => new(false, false, null, false, reason);
    }

    /// <param name="today">China date of the request: grants are valid from their first to their last day, inclusive.</param>
    /// <param name="grantId">The grant the caller names (when its organisation holds several on the entry).</param>
    public static Decision Decide(Actor a, DatasetSnapshot s, DateOnly today, Guid? grantId = null)
    {
        if (a.IsSystem || a.OrganisationId == s.ProviderOrganisationId)
            return new(true, true, null, true, null);
        if (Policies.CatalogueReview.Allows(a) && a.DivisionCode == s.ProviderDivisionCode)
            return new(true, true, RawGrants(a, s, today), false, null);
        if (!Policies.GovernmentUser.Allows(a))
            return Policies.OpenApply.Allows(a) && IsListed(s) ? Personal(a, s, today, grantId)
                : Decision.Refuse("only government users read shared data here; open data is on the portal");
        if (!s.CataloguePublished) return Decision.Refuse(null); // as if it did not exist
        if (s.Withdrawn) return Decision.Refuse("the entry has been withdrawn");
        if (s.SupplyStopsOn is { } stop && today >= stop) return Decision.Refuse($"supply stopped on {stop:yyyy-MM-dd} (贵州 art.24)");
        if (s.ShareType == Catalogue.ShareType.NotShared) return Decision.Refuse("not shared (贵州 art.19)");
        var raw = RawGrants(a, s, today);
        if (s.ShareType == Catalogue.ShareType.Unconditional) return new(true, false, raw, false, null);
        if (s.ShareType == Catalogue.ShareType.Conditional && !s.ConditionalBasisFiled) return new(true, false, raw, false, null); // 贵州 art.20: no basis on file → unconditional

        // Conditionally shared (贵州 art.23): under a sharing grant, or (legacy) a provider's raw-field grant.
        var mine = s.Grants.Where(g => g.GranteeOrganisationId == a.OrganisationId && g.IsSharingGrant).ToList();
        if (grantId is { } id)
        {
            var named = mine.FirstOrDefault(g => g.Id == id);
            if (named is null) return Decision.Refuse($"grant {id} is not a grant of your organisation on {s.EntryCode}");
            return Problem(named, today) is { } p ? Decision.Refuse(p) : Under(named);
        }
        var usable = mine.Where(g => Problem(g, today) is null).ToList();
        if (usable.Count == 1) return Under(usable[0]);
        if (usable.Count > 1)
            return Decision.Refuse($"your organisation holds {usable.Count} grants on {s.EntryCode}: name one with grant=ID ({string.Join(", ", usable.Select(g => g.Id))})");
        if (raw.Count > 0) return new(true, false, raw, false, null);
        var latest = mine.OrderByDescending(g => g.GrantedAt).FirstOrDefault();
        return Decision.Refuse(latest is not null ? Problem(latest, today) : "conditionally shared (贵州 art.23): apply for access");
    }

    /// <summary>
    /// A citizen or market entity on an entry listed on the portal (贵州 art.31): only under a personal grant to them —
    /// the grant's fields and period, as for a sharing grant, but every field masked as the public receives it (art.28).
    /// </summary>
    private static Decision Personal(Actor a, DatasetSnapshot s, DateOnly today, Guid? grantId)
    {
        var mine = s.Grants.Where(g => g.GranteeUserId == a.UserId).ToList();
        if (grantId is { } id && mine.FirstOrDefault(g => g.Id == id) is null)
            return Decision.Refuse($"grant {id} is not a grant to you on {s.EntryCode}");
        if (grantId is { } named) mine = mine.Where(g => g.Id == named).ToList();
        // Opened to the public after masking (贵州 art.28 ¶2): the grant's fields, masked as by default or as the provider set — never raw.
        if (mine.Where(g => Problem(g, today) is null).OrderByDescending(g => g.GrantedAt).FirstOrDefault() is { } usable)
            return Under(usable) with { RawFields = new HashSet<string>() };
        var latest = mine.OrderByDescending(g => g.GrantedAt).FirstOrDefault();
        return Decision.Refuse(latest is not null ? Problem(latest, today) : "有条件开放（贵州 第三十一条）：请在开放平台申请 / conditionally open: apply on the portal");
    }

    /// <summary>
    /// Listed on the portal (spec 10 §4): a published, not withdrawn catalogue version open unconditionally OR
    /// conditionally, and not core data (核心数据, Data Security Law art.21: even its catalogue is kept from the public,
    /// whatever its open type). Its description is public; its rows only when <see cref="IsOpen"/> holds (or under a personal grant).
    /// </summary>
    public static bool IsListed(DatasetSnapshot s) =>
        s.CataloguePublished && !s.Withdrawn && s.Grade != DataGrade.Core
        && s.OpenType is Catalogue.OpenType.Unconditional or Catalogue.OpenType.Conditional;

    /// <summary>
    /// Open data (spec 10 §4, the portal of issue 5): anyone, signed in or not, reads the published version of a published,
    /// not withdrawn entry whose open type is unconditional — every field as masked by default or by the provider, never
    /// raw (no grant applies). Anything else is "not found" to the public.
    /// </summary>
    public static bool IsOpen(DatasetSnapshot s) =>
        IsListed(s) && s.OpenType == Catalogue.OpenType.Unconditional && s.Published is not null;

    /// <summary>Why a grant does not allow access today, or null when it does.</summary>
    public static string? Problem(DataGrant g, DateOnly today)
    {
        if (g.RevokedAt is { } r) return $"grant {g.Id} was revoked on {ChinaTime.DateOf(r):yyyy-MM-dd}{(g.RevokeReason is { Length: > 0 } why ? ": " + why : "")}";
        if (g.ValidFrom is { } from && today < from) return $"grant {g.Id} is valid from {from:yyyy-MM-dd}";
        if (g.ValidUntil is { } until && today > until) return $"grant {g.Id} expired on {until:yyyy-MM-dd}";
        return null;
    }

    private static Decision Under(DataGrant g)
    {
        var fields = g.FieldList.ToHashSet(StringComparer.Ordinal);
        return new(true, false, fields, false, null, fields, g);
    }

    /// <summary>Fields delivered raw on data the caller reads anyway: raw-field grants, and in-period sharing grants over all rows.</summary>
    private static HashSet<string> RawGrants(Actor a, DatasetSnapshot s, DateOnly today) =>
        s.Grants.Where(g => g.GranteeOrganisationId == a.OrganisationId && !g.IsPersonal && Problem(g, today) is null && g.RowFilter is null)
            .SelectMany(g => g.FieldList).ToHashSet(StringComparer.Ordinal);

    /// <summary>Sees the entry's data at all in listings (same rule, without the refusal text).</summary>
    public static bool Sees(Actor a, DatasetSnapshot s, DateOnly today) => Decide(a, s, today).Allowed;
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

    /// <summary>Per column: may the caller see it at all (under a conditional grant, only the grant's fields)?</summary>
    public required bool[] Visible { get; init; }
    /// <summary>The sharing grant the caller reads under (conditional data), or null.</summary>
    public DataGrant? Grant { get; init; }
    /// <summary>The grant's row filter: ANDed with every query; rows outside it are never read.</summary>
    public IReadOnlyList<RowFilter> GrantFilters { get; init; } = [];

    /// <summary>May the caller filter, sort or search on this column? Only where they see it, and see the stored value.</summary>
    public bool CanUseRaw(int column) => Visible[column] && (Raw[column] || Masks[column].Kind == MaskKind.None);
}

/// <summary>
/// Reads <see cref="DatasetSnapshot"/>s and caches them for at most <see cref="Ttl"/>. Any committed change to catalogue
/// entries, datasets, versions or grants empties the cache at once (<see cref="IEntityChangeObserver"/>), so a revoked
/// grant or a withdrawn entry takes effect on the next request on this node; the TTL bounds staleness across processes
/// (a CLI load seen by the server).
/// </summary>
public sealed class DatasetDirectory(IServiceScopeFactory scopes, MaskingKey key, TimeProvider clock, AccessLog log) : IEntityChangeObserver
{
    private static readonly Type[] Watched = [typeof(CatalogueEntry), typeof(EntryVersion), typeof(Dataset), typeof(DataVersion), typeof(DataGrant), typeof(SupplyStop), typeof(ShareBasisFiling)];

    private long generation;

    /// <summary>Counts the committed changes that empty this cache: a cache built on snapshots (the open catalogue) is current while it holds.</summary>
    public long Generation => Interlocked.Read(ref generation);

    void IEntityChangeObserver.Changed(IReadOnlySet<Type> changedTypes)
    {
        if (!Watched.Any(changedTypes.Contains)) return;
        Interlocked.Increment(ref generation);
        cache.Clear();
        grantFilters.Clear();
    }

    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DatasetSnapshot> cache = new(StringComparer.Ordinal);
    /// <summary>A grant's row filter parsed against a version's schema (a grant's filter never changes; a new grant or version is a new key).</summary>
    private readonly ConcurrentDictionary<(Guid Grant, string Storage), IReadOnlyList<RowFilter>> grantFilters = new();

    public async ValueTask<DatasetSnapshot?> GetAsync(string entryCode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Never across a China midnight: Decide takes "today" from ReadAt (a stop of supply starts at 00:00, 贵州 art.24).
        if (cache.TryGetValue(entryCode, out var s) && now - s.ReadAt < Ttl && now >= s.ReadAt && ChinaTime.DateOf(now) == ChinaTime.DateOf(s.ReadAt)) return s;
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
        OpenType? open = null;
        var grade = DataGrade.Core;
        // Withdrawn: the entry, or (once a withdrawn entry is edited, its state is Draft) its published version still is.
        var withdrawn = entry.State == EntryState.Withdrawn;
        if (entry.PublishedVersion is { } pv
            && await db.Set<EntryVersion>().AsNoTracking().Where(v => v.EntryId == entry.Id && v.Number == pv)
                .Select(v => new { v.ShareType, v.OpenType, v.State, v.Grade }).FirstOrDefaultAsync(ct) is { } types)
            (share, open, grade, withdrawn) = (types.ShareType, types.OpenType, types.Grade, withdrawn || types.State == EntryState.Withdrawn);
        var dataset = await db.Set<Dataset>().AsNoTracking().FirstOrDefaultAsync(d => d.EntryId == entry.Id, ct);
        DataVersion? published = null;
        if (dataset?.PublishedVersion is { } n)
            published = await db.Set<DataVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.EntryId == entry.Id && v.Number == n, ct);
        var grants = await db.Set<DataGrant>().AsNoTracking().Where(g => g.EntryId == entry.Id).ToListAsync(ct);
        var filed = share == ShareType.Conditional && await db.Set<ShareBasisFiling>().AnyAsync(f => f.InForceEntryId == entry.Id, ct);
        var stop = await db.Set<SupplyStop>().AsNoTracking().Where(x => x.EntryId == entry.Id && x.CancelledAt == null)
            .OrderBy(x => x.StopsOn).Select(x => (DateOnly?)x.StopsOn).FirstOrDefaultAsync(ct);
        var overrides = JsonSerializer.Deserialize<Dictionary<string, string>>(dataset?.MaskOverridesJson ?? "{}") ?? [];
        return new DatasetSnapshot(entry.Code, entry.Id, entry.ProviderOrganisationId, entry.ProviderDivisionCode,
            entry.PublishedVersion is not null, withdrawn, share, dataset, published,
            published is null ? null : DatasetSchema.FromJson(published.SchemaJson), overrides, grants, now, stop, filed, open, grade);
    }

    /// <summary>
    /// The entry's snapshot and the caller's access to it, or the refusal: 404 when the caller may not know the entry
    /// exists, 403 with the reason otherwise — and every 403 is in the access log (who, what, why).
    /// </summary>
    public async Task<(DatasetSnapshot Snapshot, DatasetAccess.Decision Decision)> AllowedAsync(Actor actor, string entryCode, CancellationToken ct, Guid? grantId = null)
    {
        var s = await GetAsync(entryCode, ct) ?? throw new NotFoundProblem("catalogue entry", entryCode);
        var d = DatasetAccess.Decide(actor, s, ChinaTime.DateOf(clock.GetUtcNow()), grantId);
        if (!d.Allowed)
        {
            if (d.Refusal is null) throw new NotFoundProblem("catalogue entry", entryCode);
            throw Refuse(actor, entryCode, d.Refusal, grantId);
        }
        return (s, d);
    }

    /// <summary>Records a refused access in the access log and returns the 403 to throw.</summary>
    public ForbiddenProblem Refuse(Actor actor, string entryCode, string reason, Guid? grantId, object? query = null)
    {
        log.Record(actor, "dataset.refused", $"dataset:{entryCode}", new { reason, grant = grantId, query });
        return new ForbiddenProblem(Policies.DatasetRead.Name, reason);
    }

    /// <summary>
    /// Opens a version for the caller: the published one, or (<paramref name="version"/>) another one if the caller may
    /// see every version. Refusals are 403 with the reason, or 404 when the caller may not know the entry exists.
    /// </summary>
    public async Task<DatasetView> OpenAsync(Actor actor, string entryCode, int? version, CancellationToken ct, Guid? grantId = null)
    {
        var (s, d) = await AllowedAsync(actor, entryCode, ct, grantId);
        DataVersion v;
        DatasetSchema schema;
        if (version is null || version == s.Dataset?.PublishedVersion)
        {
            v = s.Published ?? throw new NotFoundProblem("published data of", entryCode);
            schema = s.PublishedSchema!;
        }
        else
        {
            if (!d.AllVersions) throw Refuse(actor, entryCode, "only the provider department and its bureau read versions other than the published one", grantId);
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
        var visible = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var f = schema.Fields[i];
            visible[i] = d.VisibleFields?.Contains(f.Name) ?? true;
            raw[i] = d.AllRaw || (d.RawFields?.Contains(f.Name) ?? false);
            masks[i] = raw[i] ? MaskRule.None : MaskRule.Parse(s.MaskOverrides.TryGetValue(f.Name, out var o) ? o : f.Mask);
        }
        return new DatasetView
        {
            Snapshot = s, Version = v, Schema = schema, RowSchema = schema.ToRowSchema(), Masks = masks, Raw = raw,
            Hasher = key.Hasher, IsProvider = d.AllRaw, Visible = visible, Grant = d.Grant,
            GrantFilters = d.Grant?.RowFilter is { Length: > 0 } filter
                ? grantFilters.GetOrAdd((d.Grant.Id, v.Storage), _ => GrantFilters(filter, schema)) : [],
        };
    }

    /// <summary>
    /// The published version of an open entry as the public sees it (<see cref="DatasetAccess.IsOpen"/>): every column
    /// visible, masked as by default or as the provider set; 404 for anything that is not open data.
    /// </summary>
    public async Task<DatasetView> OpenPublicAsync(string entryCode, CancellationToken ct)
    {
        var s = await GetAsync(entryCode, ct);
        if (s is null || !DatasetAccess.IsOpen(s)) throw new NotFoundProblem("open dataset", entryCode);
        return PublicView(s, s.Published!, s.PublishedSchema!);
    }

    /// <summary>
    /// A version as the public sees (or, before it is opened, would see) it: every column visible, masked as by default or as
    /// the provider set, never raw. The one public masking rule — the portal and the publish preview both use it.
    /// </summary>
    public DatasetView PublicView(DatasetSnapshot s, DataVersion version, DatasetSchema schema)
    {
        var n = schema.Fields.Count;
        var masks = new MaskRule[n];
        for (var i = 0; i < n; i++)
        {
            var f = schema.Fields[i];
            masks[i] = MaskRule.Parse(s.MaskOverrides.TryGetValue(f.Name, out var o) ? o : f.Mask);
        }
        return new DatasetView
        {
            Snapshot = s, Version = version, Schema = schema, RowSchema = schema.ToRowSchema(), Masks = masks, Raw = new bool[n],
            Hasher = key.Hasher, IsProvider = false, Visible = Enumerable.Repeat(true, n).ToArray(),
        };
    }

    /// <summary>
    /// A grant's row filter (row API syntax, checked when the grant was made) as conditions on this version's columns.
    /// A filter that no longer fits the version (a field renamed in a later load) matches no row rather than all.
    /// </summary>
    internal static IReadOnlyList<RowFilter> GrantFilters(string filter, DatasetSchema schema)
    {
        var rows = schema.ToRowSchema();
        var q = RowQueryParser.Parse(RowFilterText.Pairs(filter), rows, _ => true, out var errors);
        if (q is null || errors.Count > 0 || q.Filters.Count == 0) return [new RowFilter(0, FilterOp.IsNull, []), new RowFilter(0, FilterOp.NotNull, [])];
        return q.Filters;
    }
}
