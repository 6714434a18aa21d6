namespace Nereid.KubeDouble.Auth;

/// <summary>The authentication configuration in force; replaced whole on reload, so a request sees one or the other.</summary>
public sealed class AuthenticationSlot : IDisposable
{
    private volatile JwtAuthenticator? _current;

    public JwtAuthenticator? Current => _current;

    /// <summary>Parses and swaps in <paramref name="configuration"/> (null: none); throws <see cref="FormatException"/> and keeps the old one when invalid.</summary>
    public void Load(string? configuration, TimeProvider time)
    {
        var next = configuration is null ? null : new JwtAuthenticator(AuthenticationConfiguration.Load(configuration), time);
        // The old authenticator's keys are left to the collector: a request may still be verifying with them.
        _current = next;
    }

    public void Dispose() => _current?.Dispose();
}
