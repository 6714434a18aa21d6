namespace Nereid.Kubernetes.Config;

/// <summary>
/// A bearer token read from a file and re-read when the file changes, as projected service-account tokens are
/// rotated in place (kubelet refreshes them well before expiry).
/// </summary>
internal sealed class TokenFileProvider : IKubeCredentialProvider
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private KubeCredential? _cached;
    private DateTime _cachedWriteTime;

    /// <summary>Creates a provider for the token at <paramref name="path"/>.</summary>
    public TokenFileProvider(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc />
    public async ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken)
    {
        var writeTime = File.GetLastWriteTimeUtc(_path);
        lock (_lock)
        {
            if (_cached is not null && writeTime == _cachedWriteTime)
            {
                return _cached;
            }
        }
        var token = (await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)).Trim();
        var credential = new KubeCredential(token);
        lock (_lock)
        {
            _cached = credential;
            _cachedWriteTime = writeTime;
        }
        return credential;
    }

    /// <inheritdoc />
    public void Invalidate()
    {
        lock (_lock)
        {
            _cached = null;
        }
    }
}
