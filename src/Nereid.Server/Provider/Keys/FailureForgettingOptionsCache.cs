using Microsoft.Extensions.Options;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// An options cache that forgets a build that threw. The framework's cache keeps the exception of a failed build for the
/// process's life; OpenIddict's options are built from keys read from the database, so one request during a database
/// outage would otherwise break sign-in and every token check until a restart. Here the next use simply builds again.
/// </summary>
internal sealed class FailureForgettingOptionsCache<TOptions> : IOptionsMonitorCache<TOptions> where TOptions : class
{
    private readonly OptionsCache<TOptions> _inner = new();

    public TOptions GetOrAdd(string? name, Func<TOptions> createOptions)
    {
        try
        {
            return _inner.GetOrAdd(name, createOptions);
        }
        catch
        {
            _inner.TryRemove(name ?? Options.DefaultName);
            throw;
        }
    }

    public bool TryAdd(string? name, TOptions options) => _inner.TryAdd(name, options);

    public bool TryRemove(string? name) => _inner.TryRemove(name);

    public void Clear() => _inner.Clear();
}
