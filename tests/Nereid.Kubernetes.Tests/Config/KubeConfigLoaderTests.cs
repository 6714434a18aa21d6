using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Config;

public class KubeConfigLoaderTests
{
    [Fact]
    public void LoadFile_AuthProviderOidcFixture_ResolvesRelativeCaAndIdToken()
    {
        var config = KubeConfigLoader.LoadFile(Fixture.PathOf("kubeconfig-auth-provider-oidc.yaml"));

        config.CurrentContext.ShouldBe("federal-context");
        var cluster = config.Clusters.Single(c => c.Name == "horse-cluster").Cluster;
        cluster.Server.ShouldBe("https://horse.org:4443");
        cluster.CertificateAuthority.ShouldBe(Path.Combine(AppContext.BaseDirectory, "Fixtures", "assets", "ca.crt"));
        var user = config.Users.Single().User;
        user.AuthProvider!.Name.ShouldBe("oidc");
        user.AuthProvider.Config["id-token"].ShouldBe("ID_TOKEN");
        config.Contexts.Single().Context.Namespace.ShouldBe("chisel-ns");
    }

    [Fact]
    public async Task CreateConnection_AuthProviderOidcWithCaFile_UsesIdTokenAndCa()
    {
        using var dir = new TempDirectory();
        var ca = TestCertificates.CreateCa("horse-ca");
        dir.Write("assets/ca.crt", TestCertificates.Pem(ca));
        var path = dir.Write("config", Fixture.Read("kubeconfig-auth-provider-oidc.yaml"));

        var connection = KubeConfigLoader.CreateConnection(KubeConfigLoader.LoadFile(path), TimeProvider.System);

        connection.Server.ShouldBe(new Uri("https://horse.org:4443"));
        connection.Namespace.ShouldBe("chisel-ns");
        connection.CertificateAuthorities.Single().Thumbprint.ShouldBe(ca.Thumbprint);
        (await connection.Credentials!.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("ID_TOKEN");
    }

    [Fact]
    public void LoadFile_KubeloginFragment_ReadsExecPlugin()
    {
        var config = KubeConfigLoader.LoadFile(Fixture.PathOf("kubeconfig-exec-kubelogin.yaml"));

        var exec = config.Users.Single(u => u.Name == "oidc").User.Exec!;
        exec.ApiVersion.ShouldBe("client.authentication.k8s.io/v1");
        exec.Command.ShouldBe("kubectl");
        exec.Args.ShouldBe(["oidc-login", "get-token", "--oidc-issuer-url=ISSUER_URL", "--oidc-client-id=YOUR_CLIENT_ID"]);
    }

    [Fact]
    public async Task CreateConnection_InlineDataAndClientCert_BuildsMutualTls()
    {
        var ca = TestCertificates.CreateCa("cluster-ca");
        var client = TestCertificates.CreateLeaf(ca, "admin");
        var yaml = $"""
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: c1
              cluster:
                server: https://10.0.0.1:6443
                certificate-authority-data: {TestCertificates.Base64(TestCertificates.Pem(ca))}
                tls-server-name: kubernetes.default
            users:
            - name: admin
              user:
                client-certificate-data: {TestCertificates.Base64(TestCertificates.Pem(client))}
                client-key-data: {TestCertificates.Base64(TestCertificates.KeyPem(client))}
            - name: bot
              user:
                token: s3cret
            contexts:
            - name: prod
              context:
                cluster: c1
                user: admin
                namespace: team-a
            - name: bot
              context:
                cluster: c1
                user: bot
            """;
        var config = KubeConfigLoader.Parse(yaml, "/tmp");

        var prod = KubeConfigLoader.CreateConnection(config, TimeProvider.System);
        prod.TlsServerName.ShouldBe("kubernetes.default");
        prod.ClientCertificate!.HasPrivateKey.ShouldBeTrue();
        prod.ClientCertificate.Thumbprint.ShouldBe(client.Thumbprint);
        prod.Credentials.ShouldBeNull();
        prod.Namespace.ShouldBe("team-a");

        var bot = KubeConfigLoader.CreateConnection(config, TimeProvider.System, "bot");
        (await bot.Credentials!.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("s3cret");
        Should.Throw<InvalidOperationException>(() => KubeConfigLoader.CreateConnection(config, TimeProvider.System, "missing"));
    }

    [Fact]
    public void LoadFiles_Several_FirstValueWins()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a/config", """
            current-context: one
            clusters: [{name: c, cluster: {server: "https://first:1"}}]
            contexts: [{name: one, context: {cluster: c}}]
            """);
        var second = dir.Write("b/config", """
            current-context: two
            clusters: [{name: c, cluster: {server: "https://second:1"}}, {name: d, cluster: {server: "https://d:1"}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: two, context: {cluster: d, user: u}}]
            """);

        var merged = KubeConfigLoader.LoadFiles([first, second, Path.Combine(dir.Path, "missing")]);

        merged.CurrentContext.ShouldBe("one");
        merged.Clusters.Select(c => c.Cluster.Server).ShouldBe(["https://first:1", "https://d:1"]);
        merged.Users.Single().User.TokenFile.ShouldBe(Path.Combine(dir.Path, "b", "token"));
    }

    [Fact]
    public async Task InClusterConfig_MountedFiles_BuildsConnectionAndRereadsRotatedToken()
    {
        using var dir = new TempDirectory();
        var ca = TestCertificates.CreateCa("in-cluster");
        dir.Write("ca.crt", TestCertificates.Pem(ca));
        dir.Write("namespace", "nereid-system\n");
        var tokenPath = dir.Write("token", "token-1\n");
        var env = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "fd00::1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        InClusterConfig.IsAvailable(dir.Path, env.GetValueOrDefault).ShouldBeTrue();
        var connection = InClusterConfig.Create(dir.Path, env.GetValueOrDefault);

        connection.Server.ShouldBe(new Uri("https://[fd00::1]:443"));
        connection.Namespace.ShouldBe("nereid-system");
        connection.CertificateAuthorities.Count.ShouldBe(1);
        (await connection.Credentials!.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-1");
        File.WriteAllText(tokenPath, "token-2");
        File.SetLastWriteTimeUtc(tokenPath, DateTime.UnixEpoch.AddYears(60));
        (await connection.Credentials.GetAsync(CancellationToken.None)).BearerToken.ShouldBe("token-2");
        InClusterConfig.IsAvailable(dir.Path, _ => null).ShouldBeFalse();
    }
}
