using Microsoft.Extensions.Logging.Abstractions;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;

namespace Nereid.Server.FunctionalTests.Infrastructure;

/// <summary>Nereid's Kubernetes client pointed at an API double, trusting its CA, as the double's cluster-admin.</summary>
public static class DoubleClient
{
    public static KubeClient Admin(KubeApiDouble kube) => new(new KubeClusterConnection
    {
        Server = kube.BaseAddress,
        CertificateAuthorities = PemCertificates.LoadBundle(kube.CaCertificatePem),
        Credentials = new StaticTokenProvider(KubeDoubleOptions.DefaultAdminToken),
    }, new KubernetesClientOptions(), TimeProvider.System, NullLogger<KubeClient>.Instance);
}
