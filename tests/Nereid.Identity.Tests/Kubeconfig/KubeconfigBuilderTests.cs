using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Nereid.Identity.Kubeconfig;

namespace Nereid.Identity.Tests.Kubeconfig;

public sealed class KubeconfigBuilderTests
{
    private static readonly string CaPem = MakeCaPem();

    private static string MakeCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nautilus-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1));
        return cert.ExportCertificatePem();
    }

    private static KubeconfigRequest Request(KubeconfigVariant variant = KubeconfigVariant.Exec) =>
        new("nautilus", "https://67.58.53.147:6443", CaPem, "https://cilogon.org", "cilogon:/client_id/abc", "my-lab", "api.nrp.example", variant);

    /// <summary>Runs the real kubectl on the file and returns its JSON view.</summary>
    private static async Task<JsonElement> KubectlViewAsync(string yaml)
    {
        var dir = Directory.CreateTempSubdirectory("nereid-kubeconfig-");
        try
        {
            var file = Path.Combine(dir.FullName, "config");
            await File.WriteAllTextAsync(file, yaml);
            var psi = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "config", "view", "--kubeconfig", file, "--raw", "-o", "json" })
            {
                psi.ArgumentList.Add(arg);
            }
            psi.Environment["HOME"] = dir.FullName;
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, stderr);
            return JsonDocument.Parse(await stdout).RootElement.Clone();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Build_ExecVariant_KubectlReadsClusterContextAndExecUser()
    {
        var yaml = KubeconfigBuilder.Build(Request());

        var view = await KubectlViewAsync(yaml);

        view.GetProperty("current-context").GetString().ShouldBe("nautilus");
        var cluster = view.GetProperty("clusters")[0].GetProperty("cluster");
        cluster.GetProperty("server").GetString().ShouldBe("https://67.58.53.147:6443");
        cluster.GetProperty("tls-server-name").GetString().ShouldBe("api.nrp.example");
        Encoding.UTF8.GetString(Convert.FromBase64String(cluster.GetProperty("certificate-authority-data").GetString()!)).Trim().ShouldBe(CaPem.Trim());
        var context = view.GetProperty("contexts")[0].GetProperty("context");
        context.GetProperty("namespace").GetString().ShouldBe("my-lab");
        context.GetProperty("user").GetString().ShouldBe("nautilus-oidc");
        var exec = view.GetProperty("users")[0].GetProperty("user").GetProperty("exec");
        exec.GetProperty("apiVersion").GetString().ShouldBe("client.authentication.k8s.io/v1");
        exec.GetProperty("command").GetString().ShouldBe("nereid");
        exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ShouldBe(
            ["auth", "token", "--issuer", "https://cilogon.org", "--client-id", "cilogon:/client_id/abc"]);
        exec.GetProperty("interactiveMode").GetString().ShouldBe("IfAvailable");
        exec.GetProperty("provideClusterInfo").GetBoolean().ShouldBeFalse();
        exec.GetProperty("installHint").GetString()!.ShouldContain("dotnet tool install -g Nereid.Cli");
    }

    [Fact]
    public async Task Build_WithCliDownloadPage_InstallHintPointsAtTheDownloadNotDotnet()
    {
        var yaml = KubeconfigBuilder.Build(Request() with { CliDownloadPage = "https://portal.example/config" });

        var view = await KubectlViewAsync(yaml);

        var hint = view.GetProperty("users")[0].GetProperty("user").GetProperty("exec").GetProperty("installHint").GetString()!;
        hint.ShouldContain("https://portal.example/config");
        hint.ShouldContain("nereid login --issuer https://cilogon.org --client-id cilogon:/client_id/abc");
        hint.ShouldNotContain("dotnet");
    }

    [Fact]
    public async Task Build_KubeloginVariant_UsesKubectlOidcLogin()
    {
        var view = await KubectlViewAsync(KubeconfigBuilder.Build(Request(KubeconfigVariant.Kubelogin)));

        var exec = view.GetProperty("users")[0].GetProperty("user").GetProperty("exec");
        exec.GetProperty("command").GetString().ShouldBe("kubectl");
        exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ShouldBe(
        [
            "oidc-login", "get-token", "--oidc-issuer-url=https://cilogon.org", "--oidc-client-id=cilogon:/client_id/abc",
            "--oidc-extra-scope=email", "--oidc-extra-scope=offline_access",
        ]);
    }

    [Theory]
    [InlineData(KubeconfigVariant.Exec)]
    [InlineData(KubeconfigVariant.Kubelogin)]
    public void Build_AnyVariant_ContainsNoSecretOrToken(KubeconfigVariant variant)
    {
        var yaml = KubeconfigBuilder.Build(Request(variant));

        yaml.ShouldNotContain("secret", Case.Insensitive);
        yaml.ShouldNotContain("token:");
        yaml.ShouldNotContain("id-token");
        yaml.ShouldNotContain("refresh-token");
        yaml.ShouldNotContain("auth-provider");
    }

    [Fact]
    public void Build_PrivateKeyInCaBundle_Throws()
    {
        using var rsa = RSA.Create(2048);
        var request = Request() with { CertificateAuthorityPem = CaPem + rsa.ExportPkcs8PrivateKeyPem() };
        Should.Throw<ArgumentException>(() => KubeconfigBuilder.Build(request));
    }

    [Fact]
    public void Build_PlainHttpServer_Throws()
    {
        Should.Throw<ArgumentException>(() => KubeconfigBuilder.Build(Request() with { Server = "http://10.0.0.1:6443" }));
    }
}
