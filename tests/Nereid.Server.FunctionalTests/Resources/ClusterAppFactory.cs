using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The real server with one cluster connected: a Kubernetes API double reached through the real <see cref="KubeClient"/>.</summary>
public sealed class ClusterAppFactory(KubeApiDouble kube, string clusterName = "double") : NereidAppFactory
{
    public KubeClient Client { get; } = new(new KubeClusterConnection
    {
        Server = kube.BaseAddress,
        CertificateAuthorities = PemCertificates.LoadBundle(kube.CaCertificatePem),
        Credentials = new StaticTokenProvider(KubeDoubleOptions.DefaultAdminToken),
    }, new KubernetesClientOptions(), TimeProvider.System, NullLogger<KubeClient>.Instance);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var info = new ClusterPublicInfo(kube.BaseAddress.ToString(), kube.CaCertificatePem, "nereid", "us-west");
        builder.ConfigureServices(s => s.AddSingleton<IClusterConnections>(new StaticClusterConnections([new ConnectedCluster(clusterName, Client, info)])));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Client.Dispose();
    }
}
