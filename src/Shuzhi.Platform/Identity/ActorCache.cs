using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Shuzhi.Platform.Persistence;

namespace Shuzhi.Platform.Identity;

/// <summary>
/// Who a bearer token, or the user of a signed-in browser session, is — remembered for at most <see cref="MaxAge"/>
/// (and never past the token's expiry) so that a busy API client costs no database query per request.
///
/// Any change to a user, an organisation or a token saved through <see cref="ShuzhiDb"/> (revocation, a disabled
/// account, changed roles) empties the cache right after its commit (<see cref="IEntityChangeObserver"/>), so it
/// takes effect on the very next request on this node. Other server nodes on the same PostgreSQL database see it
/// within <see cref="MaxAge"/>.
/// </summary>
public sealed class ActorCache(TimeProvider clock) : IEntityChangeObserver
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>Beyond this many entries the cache is emptied (valid tokens only are cached; this is a safety bound).</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, Entry> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Entry> users = new();
    private long generation;

    private sealed record Entry(Actor Actor, DateTimeOffset Until);

    /// <summary>The actor of a bearer token, or null if the token is unknown, revoked, expired or its user disabled.</summary>
    /// <param name="services">The request's services: on a miss the token is looked up with its <see cref="ResolveToken"/>.</param>
    public async ValueTask<Actor?> ForTokenAsync(string token, IServiceProvider services, CancellationToken ct)
    {
        var hash = IssueToken.HashToken(token);
        if (Fresh(tokens, hash) is { } cached) return cached;
        var seen = Volatile.Read(ref generation);
        var found = await services.GetRequiredService<ResolveToken>().Handle(token, ct);
        if (found is null) return null;
        Put(tokens, hash, found.Value.Actor, found.Value.ExpiresAt, seen);
        return found.Value.Actor;
    }

    /// <summary>The actor of a user (a browser session carries only the user id), or null if unknown or disabled.</summary>
    public async ValueTask<Actor?> ForUserAsync(Guid userId, IServiceProvider services, CancellationToken ct)
    {
        if (Fresh(users, userId) is { } cached) return cached;
        var seen = Volatile.Read(ref generation);
        var actor = await services.GetRequiredService<Actors>().FindAsync(userId, ct);
        if (actor is null) return null;
        Put(users, userId, actor, DateTimeOffset.MaxValue, seen);
        return actor;
    }

    /// <summary>Forgets everything: the next request of every client reads its token and user again.</summary>
    public void Invalidate()
    {
        // The generation first: a lookup that read the database before this point must not store what it read.
        Interlocked.Increment(ref generation);
        tokens.Clear();
        users.Clear();
    }

    void IEntityChangeObserver.Changed(IReadOnlySet<Type> changedTypes)
    {
        if (changedTypes.Contains(typeof(User)) || changedTypes.Contains(typeof(Organisation)) || changedTypes.Contains(typeof(ApiToken)))
            Invalidate();
    }

    private Actor? Fresh<TKey>(ConcurrentDictionary<TKey, Entry> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var e)) return null;
        if (e.Until > clock.GetUtcNow()) return e.Actor;
        map.TryRemove(new KeyValuePair<TKey, Entry>(key, e));
        return null;
    }

    private void Put<TKey>(ConcurrentDictionary<TKey, Entry> map, TKey key, Actor actor, DateTimeOffset expiresAt, long seen) where TKey : notnull
    {
        if (Volatile.Read(ref generation) != seen) return;
        if (map.Count >= MaxEntries) map.Clear();
        var now = clock.GetUtcNow();
        var entry = new Entry(actor, expiresAt < now + MaxAge ? expiresAt : now + MaxAge);
        map[key] = entry;
        // An invalidation may have cleared the map between the check above and the store: then take it back out.
        if (Volatile.Read(ref generation) != seen) map.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
    }
}
