using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Nereid.Kubernetes.Config;

namespace Nereid.Kubernetes.Client;

/// <summary>Builds the one pooled <see cref="SocketsHttpHandler"/> a client reuses for its lifetime.</summary>
internal static class KubeHttpHandlerFactory
{
    /// <summary>A handler that trusts exactly the cluster CA and presents the client certificate, if any.</summary>
    public static SocketsHttpHandler Create(KubeClusterConnection connection, KubernetesClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
        };
        var ssl = handler.SslOptions;
        if (!string.IsNullOrEmpty(connection.TlsServerName))
        {
            ssl.TargetHost = connection.TlsServerName;
        }
        if (connection.InsecureSkipTlsVerify)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (connection.CertificateAuthorities.Count > 0)
        {
            var authorities = connection.CertificateAuthorities;
            var serverName = string.IsNullOrEmpty(connection.TlsServerName) ? null : connection.TlsServerName;
            ssl.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                ClusterCertificateValidator.Validate(cert, authorities, errors, serverName);
        }

        var exec = connection.Credentials as ExecCredentialProvider;
        if (connection.ClientCertificate is not null || exec is not null)
        {
            // Chosen per handshake: exec plugins may hand out a fresh certificate after expiry.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) =>
                connection.ClientCertificate ?? exec?.CurrentClientCertificate!;
        }
        return handler;
    }
}
