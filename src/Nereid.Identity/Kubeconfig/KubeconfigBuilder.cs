using System.Text;
using YamlDotNet.Serialization;

namespace Nereid.Identity.Kubeconfig;

/// <summary>
/// Writes a kubeconfig (YAML) whose user is an exec credential plugin (<c>client.authentication.k8s.io/v1</c>):
/// <c>nereid auth token</c> or kubelogin. The file holds no token and no client secret, only how to get a token.
/// </summary>
public static class KubeconfigBuilder
{
    /// <summary>How people install the plugin; kubectl prints it when the command is missing.</summary>
    public const string InstallHint = "The nereid CLI is needed to log in to this cluster. Install it with:\n  dotnet tool install -g Nereid.Cli\nthen run: nereid login --issuer <issuer> --client-id <client-id>";

    /// <summary>The hint when the portal offers the self-contained CLI: where to download it, no .NET needed.</summary>
    public const string DownloadInstallHint = "The nereid CLI is needed to log in to this cluster. Download it for your system from\n  <download>\n(one file, no .NET needed), save it as nereid (nereid.exe on Windows) in a folder on your PATH, then run:\n  nereid login --issuer <issuer> --client-id <client-id>";

    private const string KubeloginInstallHint = "kubelogin is needed to log in to this cluster. Install it with:\n  kubectl krew install oidc-login";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    /// <summary>Builds the kubeconfig YAML for <paramref name="request"/>.</summary>
    public static string Build(KubeconfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var user = request.UserName ?? request.ClusterName + "-oidc";
        var cluster = new Dictionary<string, object?>
        {
            ["server"] = request.Server,
            ["certificate-authority-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(request.CertificateAuthorityPem.Trim() + "\n")),
            ["tls-server-name"] = request.TlsServerName,
        };
        var context = new Dictionary<string, object?>
        {
            ["cluster"] = request.ClusterName,
            ["user"] = user,
            ["namespace"] = request.Namespace,
        };
        var config = new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new[] { new Dictionary<string, object?> { ["name"] = request.ClusterName, ["cluster"] = cluster } },
            ["contexts"] = new[] { new Dictionary<string, object?> { ["name"] = request.ClusterName, ["context"] = context } },
            ["current-context"] = request.ClusterName,
            ["users"] = new[] { new Dictionary<string, object?> { ["name"] = user, ["user"] = new Dictionary<string, object?> { ["exec"] = Exec(request) } } },
            ["preferences"] = new Dictionary<string, object?>(),
        };
        return Serializer.Serialize(config);
    }

    private static Dictionary<string, object?> Exec(KubeconfigRequest request) => request.Variant switch
    {
        KubeconfigVariant.Kubelogin => new()
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["command"] = "kubectl",
            ["args"] = new[]
            {
                "oidc-login", "get-token", "--oidc-issuer-url=" + request.Issuer, "--oidc-client-id=" + request.ClientId,
                "--oidc-extra-scope=email", "--oidc-extra-scope=offline_access",
            },
            ["installHint"] = KubeloginInstallHint,
            ["interactiveMode"] = "IfAvailable",
            ["provideClusterInfo"] = false,
        },
        _ => new()
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["command"] = "nereid",
            ["args"] = new[] { "auth", "token", "--issuer", request.Issuer, "--client-id", request.ClientId },
            ["installHint"] = (request.CliDownloadPage is { } page ? DownloadInstallHint.Replace("<download>", page, StringComparison.Ordinal) : InstallHint)
                .Replace("<issuer>", request.Issuer, StringComparison.Ordinal).Replace("<client-id>", request.ClientId, StringComparison.Ordinal),
            ["interactiveMode"] = "IfAvailable",
            ["provideClusterInfo"] = false,
        },
    };

    private static void Validate(KubeconfigRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ClusterName))
        {
            throw new ArgumentException("ClusterName is required.", nameof(request));
        }
        if (!Uri.TryCreate(request.Server, UriKind.Absolute, out var server) || server.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("Server must be an absolute https URL.", nameof(request));
        }
        if (!request.CertificateAuthorityPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("CertificateAuthorityPem must hold at least one PEM certificate.", nameof(request));
        }
        if (request.CertificateAuthorityPem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new ArgumentException("CertificateAuthorityPem must not contain a private key.", nameof(request));
        }
        if (!Uri.TryCreate(request.Issuer, UriKind.Absolute, out _) || string.IsNullOrWhiteSpace(request.ClientId))
        {
            throw new ArgumentException("Issuer must be an absolute URL and ClientId is required.", nameof(request));
        }
    }
}
