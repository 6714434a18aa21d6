using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Resources;

/// <summary>The real server with one cluster connected: a Kubernetes API double reached through the real <see cref="KubeClient"/>.</summary>
public sealed class ClusterAppFactory(KubeApiDouble kube, string clusterName = "double") : NereidAppFactory
{
    public KubeClient Client { get; } = DoubleClient.Admin(kube);

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
