using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Auth;

/// <summary>
/// Short-lived memory of sessions and tokens already checked against the database, so an authenticated request costs
/// no query. Entries live <see cref="AuthOptions.ValidationCacheTime"/>; logout, revocation and tier changes drop them here at once.
/// </summary>
internal sealed class SessionCache(TimeProvider time, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Actor?>>> _loading = new(StringComparer.Ordinal);

    private sealed record Entry(Actor? Actor, long ExpiresAt);

    public bool TryGet(string key, out Actor? actor)
    {
        if (_entries.TryGetValue(key, out var e) && e.ExpiresAt > time.GetTimestamp())
        {
            actor = e.Actor;
            return true;
        }
        actor = null;
        return false;
    }

    /// <summary>Remembers the outcome of a check; a null actor remembers a rejection.</summary>
    public void Set(string key, Actor? actor)
    {
        var ttl = options.Value.ValidationCacheTime;
        if (ttl <= TimeSpan.Zero)
            return;
        if (_entries.Count > 100_000)
            _entries.Clear();
        _entries[key] = new Entry(actor, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>
    /// The cached outcome, or one database check shared by every request that misses at the same moment: when an entry
    /// expires under load, dozens of requests would otherwise query (and update) the same row at once.
    /// </summary>
    public async Task<Actor?> GetOrLoadAsync(string key, Func<Task<Actor?>> load)
    {
        if (TryGet(key, out var cached))
            return cached;
        var lazy = _loading.GetOrAdd(key, _ => new Lazy<Task<Actor?>>(async () =>
        {
            var actor = await load();
            Set(key, actor);
            return actor;
        }));
        try
        {
            return await lazy.Value;
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Lazy<Task<Actor?>>>(key, lazy));
        }
    }

    public static string SessionKey(Guid sessionId) => "s:" + sessionId.ToString("N");
    public static string TokenKey(string hash) => "t:" + hash;
    public static string PersonKey(Guid personId) => "p:" + personId.ToString("N");
    public static string IdentityKey(string issuer, string subject) => "o:" + issuer + "\n" + subject;

    /// <summary>
    /// Forgets every remembered rejection. A rejection does not say whose it was, so reinstating a suspended person
    /// drops them all; the next request of each re-checks the database once.
    /// </summary>
    public void InvalidateRejections()
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Actor is null)
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    public void InvalidateSession(Guid sessionId) => _entries.TryRemove(SessionKey(sessionId), out _);
    public void InvalidateToken(string hash) => _entries.TryRemove(TokenKey(hash), out _);
    public void InvalidateIdentity(string issuer, string subject) => _entries.TryRemove(IdentityKey(issuer, subject), out _);

    public void InvalidatePerson(Guid personId)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Actor?.PersonId == personId)
                _entries.TryRemove(key, out _);
        }
    }
}
