namespace Nereid.Server.Provider.Keys;

/// <summary>
/// The clock key rotation follows (when the next key is created, promoted and pruned). It is the host's
/// <see cref="TimeProvider"/>; tests move it together with OpenIddict's own clock without moving sessions'.
/// </summary>
internal sealed class ProviderClock(TimeProvider time)
{
    public TimeProvider Time => time;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
