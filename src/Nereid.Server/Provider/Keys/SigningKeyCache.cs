using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// The provider's keys as this replica holds them, read from <see cref="SigningKeyStore"/> at first use, every
/// <see cref="ProviderOptions.KeyRotationRefreshInterval"/>, at each promotion and expiry, and on a token whose key
/// it does not know. When a read fails (database outage) the cached keys go on signing and being published. A change
/// in what is published or signs rebuilds OpenIddict's options (this is their change-token source), so the JWKS follows.
/// </summary>
internal sealed partial class SigningKeyCache(SigningKeyStore store, ProviderClock clock, IOptions<ProviderOptions> options, ILogger<SigningKeyCache> logger)
    : IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    /// <summary>At most one extra read per this interval for tokens naming an unknown key (they can be forged at will).</summary>
    internal static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _gate = new();
    private IReadOnlyList<ProviderKey> _keys = [];
    private string _fingerprint = "";
    private bool _loaded;
    private DateTime _lastMissRefresh = DateTime.MinValue;
    private CancellationTokenSource _changed = new();

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>The keys of <paramref name="algorithm"/> published now, the one that signs first, then the next, then retired ones.</summary>
    public IReadOnlyList<ProviderKey> Published(string algorithm)
    {
        EnsureLoaded();
        var now = clock.UtcNow;
        var signer = Signer(algorithm);
        return [.. _keys.Where(k => k.Algorithm == algorithm && k.PublishedAt(now))
            .OrderBy(k => k.Id == signer?.Id ? 0 : 1).ThenByDescending(k => k.SignsFrom)];
    }

    /// <summary>
    /// The key that signs now: among those in their signing window the newest. When none is (the leader is late or the
    /// database is down), the newest key already started goes on signing rather than the provider stopping.
    /// </summary>
    public ProviderKey? Signer(string algorithm)
    {
        EnsureLoaded();
        var now = clock.UtcNow;
        var keys = _keys.Where(k => k.Algorithm == algorithm && k.SignsFrom <= now).ToList();
        return keys.Where(k => k.SignsAt(now)).MaxBy(k => k.SignsFrom) ?? keys.MaxBy(k => k.SignsFrom);
    }

    /// <summary>True when a published key has this id.</summary>
    public bool Knows(string kid)
    {
        EnsureLoaded();
        var now = clock.UtcNow;
        return _keys.Any(k => k.Id == kid && k.PublishedAt(now));
    }

    /// <summary>The next moment what signs or is published changes (a promotion or an expiry), if any is known.</summary>
    public DateTime? NextTransition()
    {
        var now = clock.UtcNow;
        return _keys.SelectMany(k => new[] { k.SignsFrom, k.RetiresAt, k.ExpiresAt }).Where(t => t > now).Order().Cast<DateTime?>().FirstOrDefault();
    }

    /// <summary>
    /// Reads the keys again; when no key of an algorithm signs now, creates one (first start, or a leader long gone).
    /// A failed read keeps what is cached and returns false.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var now = clock.UtcNow;
            var keys = await store.LoadAsync(now, ct);
            var o = options.Value;
            foreach (var algorithm in SigningKeyStore.Algorithms)
            {
                if (!keys.Any(k => k.Algorithm == algorithm && k.SignsAt(now)))
                {
                    keys = [.. keys, await store.CreateAsync(algorithm, now, o.KeyRotationInterval, o.KeyRetention, ct)];
                }
            }
            Replace(keys);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (!_loaded)
            {
                throw;
            }
            // Database outage: sign and publish from what is cached until the next refresh succeeds.
            LogRefreshFailed(logger, _keys.Count, ex);
            return false;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>A token named a key this replica does not know (another replica may have just created it): read again, rate-limited.</summary>
    public async Task RefreshOnMissAsync(string kid, CancellationToken ct)
    {
        var now = clock.UtcNow;
        lock (_gate)
        {
            if (now - _lastMissRefresh < MissRefreshInterval)
            {
                return;
            }
            _lastMissRefresh = now;
        }
        LogMiss(logger, kid);
        await RefreshAsync(ct);
    }

    /// <summary>
    /// <paramref name="parameters"/> with the keys published now (signing and decryption) for validating
    /// <paramref name="token"/>; a token naming a key unknown here (another replica may have just created it) first
    /// triggers the rate-limited re-read. The provider's own endpoints and the API's bearer validation both use it.
    /// </summary>
    public async ValueTask<TokenValidationParameters> ForValidationAsync(TokenValidationParameters parameters, string token, CancellationToken ct)
    {
        if (KeyIdOf(token) is { } kid && !Knows(kid))
        {
            await RefreshOnMissAsync(kid, ct);
        }
        var published = parameters.Clone();
        published.IssuerSigningKeys = [.. Published(SigningKeyStore.SigningAlgorithm).Select(k => (SecurityKey)k.Key)];
        published.TokenDecryptionKeys = [.. Published(SigningKeyStore.EncryptionAlgorithm).Select(k => (SecurityKey)k.Key)];
        return published;
    }

    private static string? KeyIdOf(string token)
    {
        if (token.Count(c => c == '.') is not (2 or 4))
            return null;
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private void EnsureLoaded()
    {
        if (!Volatile.Read(ref _loaded))
        {
            // First use (OpenIddict's options being built): nothing can be signed or published without keys.
            RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private void Replace(IReadOnlyList<ProviderKey> keys)
    {
        var now = clock.UtcNow;
        CancellationTokenSource? fire = null;
        lock (_gate)
        {
            _keys = keys;
            Volatile.Write(ref _loaded, true);
            var fingerprint = string.Join(',', SigningKeyStore.Algorithms.Select(a =>
                (keys.Where(k => k.Algorithm == a && k.SignsAt(now)).MaxBy(k => k.SignsFrom)?.Id ?? "-") + ":" +
                string.Join('+', keys.Where(k => k.Algorithm == a && k.PublishedAt(now)).Select(k => k.Id).Order(StringComparer.Ordinal))));
            if (fingerprint != _fingerprint)
            {
                // The first load happens while OpenIddict's options are being built: nothing to rebuild yet.
                var first = _fingerprint.Length == 0;
                _fingerprint = fingerprint;
                fire = first ? null : _changed;
                _changed = first ? _changed : new CancellationTokenSource();
            }
        }
        if (fire is not null)
        {
            LogChanged(logger, _fingerprint);
            fire.Cancel();
            fire.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider keys could not be read; signing and publishing the {Count} cached keys")]
    private static partial void LogRefreshFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A token names key {KeyId}, unknown here: reading the keys again")]
    private static partial void LogMiss(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider keys changed (signer:published per algorithm): {Fingerprint}")]
    private static partial void LogChanged(ILogger logger, string fingerprint);
}
