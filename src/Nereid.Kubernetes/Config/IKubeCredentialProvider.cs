using System.Security.Cryptography.X509Certificates;

namespace Nereid.Kubernetes.Config;

/// <summary>Supplies the credential for each request; implementations cache and refresh it.</summary>
public interface IKubeCredentialProvider
{
    /// <summary>The current credential. Called before every request, so it must be cheap when cached.</summary>
    ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken);

    /// <summary>Drops the cached credential after the server answered 401, so the next call fetches a fresh one.</summary>
    void Invalidate();
}

/// <summary>A bearer token and/or a client certificate (with private key).</summary>
public sealed record KubeCredential(string? BearerToken, X509Certificate2? ClientCertificate = null)
{
    /// <summary>No credential (anonymous, or client certificate configured on the connection).</summary>
    public static KubeCredential None { get; } = new(null, null);
}

/// <summary>A fixed bearer token from kubeconfig.</summary>
internal sealed class StaticTokenProvider(string token) : IKubeCredentialProvider
{
    private readonly KubeCredential _credential = new(token);

    /// <inheritdoc />
    public ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credential);

    /// <inheritdoc />
    public void Invalidate()
    {
        // A static token cannot be refreshed; the 401 surfaces to the caller.
    }
}
