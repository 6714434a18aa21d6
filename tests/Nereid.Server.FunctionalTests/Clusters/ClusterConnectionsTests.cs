using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;

namespace Nereid.Server.FunctionalTests.Clusters;

public sealed class ClusterConnectionsTests
{
    [Fact]
    public async Task ClusterConnections_FromKubeconfig_ReachesTheClusterAndDecodesTheCa()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"nereid-conn-{Guid.NewGuid():N}.yaml");
        kube.WriteKubeconfig(path, KubeDoubleOptions.DefaultAdminToken);
        try
        {
            var options = new List<ClusterOptions>
            {
                new() { Name = "k", Kubeconfig = path, ApiServerUrl = "https://k.example.edu:6443", OidcClientId = "nereid",
                    CertificateAuthority = Convert.ToBase64String(Encoding.UTF8.GetBytes(kube.CaCertificatePem)), Region = "west" },
            };
            using var connections = new ClusterConnections(Options.Create(options), Options.Create(new KubernetesClientOptions()), TimeProvider.System,
                NullLoggerFactory.Instance);

            var cluster = connections.Find("k").ShouldNotBeNull();
            var list = await cluster.Client.ListAsync<Namespace>(null);

            list.Items.ShouldContain(n => n.Metadata.Name == "default");
            cluster.Info.CertificateAuthorityPem.ShouldStartWith("-----BEGIN CERTIFICATE-----");
            cluster.Info.Region.ShouldBe("west");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_NoCredentialsAndDuplicateName_NamesEveryProblem()
    {
        var options = new List<ClusterOptions>
        {
            new() { Name = "a", ApiServerUrl = "https://a", CertificateAuthority = "x", OidcClientId = "n" },
            new() { Name = "a", InCluster = true, ApiServerUrl = "https://a", CertificateAuthority = "x", OidcClientId = "n" },
            new() { Name = "Bad_Name", InCluster = true, ApiServerUrl = "https://b", CertificateAuthority = "x", OidcClientId = "n" },
        };

        var result = new ClusterOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("set Kubeconfig or InCluster=true");
        result.FailureMessage.ShouldContain("appears twice");
        result.FailureMessage.ShouldContain("DNS label");
    }

    [Theory]
    [InlineData("REPLACE-WITH-BASE64-PEM", false)]
    [InlineData("bm90IGEgY2VydGlmaWNhdGU=", false)]
    [InlineData("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", true)]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", true)]
    public void Validate_CertificateAuthority_AcceptsOnlyPemOrBase64Pem(string ca, bool valid)
    {
        var options = new List<ClusterOptions> { new() { Name = "a", InCluster = true, ApiServerUrl = "https://a", CertificateAuthority = ca, OidcClientId = "n" } };

        var result = new ClusterOptionsValidator().Validate(null, options);

        result.Failed.ShouldBe(!valid);
        if (!valid)
        {
            result.FailureMessage!.ShouldContain("Nereid:Clusters:0:CertificateAuthority is neither PEM nor base64 of PEM");
        }
    }
}
