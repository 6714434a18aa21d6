using Microsoft.Extensions.Logging.Abstractions;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Kubernetes.Tests.Support;

internal static class TestClients
{
    public static readonly Uri Server = new("https://kube.test:6443");

    public static KubeClient Create(HttpMessageHandler handler, KubernetesClientOptions? options = null, TimeProvider? time = null,
        IKubeCredentialProvider? credentials = null) =>
        new(new KubeClusterConnection { Server = Server, Credentials = credentials },
            options ?? new KubernetesClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
            time ?? TimeProvider.System, NullLogger<KubeClient>.Instance, handler);
}
