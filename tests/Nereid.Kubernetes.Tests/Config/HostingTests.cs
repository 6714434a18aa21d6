using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Hosting;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Config;

public class HostingTests
{
    [Fact]
    public async Task AddNereidKubernetes_KubeConfigMode_RegistersClientForContext()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config", """
            current-context: dev
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: abc}}]
            contexts: [{name: dev, context: {cluster: c, user: u, namespace: lab}}]
            """);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kubernetes:Mode"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = path,
            ["Kubernetes:Client:MaxConcurrentRequests"] = "16",
        });

        builder.AddNereidKubernetes();
        using var host = builder.Build();

        host.Services.GetRequiredService<IKubeClient>().ShouldBeOfType<KubeClient>();
        host.Services.GetRequiredService<IOptions<KubernetesClientOptions>>().Value.MaxConcurrentRequests.ShouldBe(16);
        var connection = host.Services.GetRequiredService<KubeClusterConnection>();
        connection.Namespace.ShouldBe("lab");
        connection.InsecureSkipTlsVerify.ShouldBeTrue();
        (await connection.Credentials!.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("abc");
    }

    [Fact]
    public void AddNereidKubernetes_InvalidClientOptions_FailValidation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kubernetes:Client:MaxConcurrentRequests"] = "0" });
        builder.AddNereidKubernetes();
        using var host = builder.Build();

        Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<KubernetesClientOptions>>().Value);
    }
}
