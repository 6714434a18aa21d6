using System.Text;
using System.Text.Json;

namespace Nereid.Server.ClusterTrust;

/// <summary>What one cluster's API servers need to trust Nereid's ID tokens.</summary>
/// <param name="Cluster">The cluster's name (for the comment).</param>
/// <param name="IssuerUrl">Nereid's issuer exactly as its tokens' <c>iss</c> and its discovery document say.</param>
/// <param name="Audience">The OpenID client id registered for the cluster: the <c>aud</c> of the tokens kubectl sends.</param>
/// <param name="UsernameClaim">Claim mapped to the user name; Nereid's RoleBinding subjects are that prefix + the email.</param>
internal sealed record ClusterTrustFacts(
    string Cluster, string IssuerUrl, string Audience, string UsernameClaim, string UsernamePrefix, string GroupsClaim, string GroupsPrefix,
    string? CertificateAuthority);

/// <summary>
/// Renders a kube-apiserver structured authentication configuration (<c>apiserver.config.k8s.io/v1</c>
/// <c>AuthenticationConfiguration</c>) with one <c>jwt</c> entry for Nereid. Pure; strings are written as JSON strings,
/// which are valid YAML double-quoted scalars, so no value can break the document.
/// </summary>
internal static class AuthenticationConfigSnippet
{
    public const string MediaType = "application/yaml";

    public static string Render(ClusterTrustFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var y = new StringBuilder();
        y.Append("# Nereid's identity provider for cluster ").Append(f.Cluster).Append('\n');
        y.Append("# Save on every API server and start kube-apiserver with --authentication-config=<this file>\n");
        y.Append("# (without --oidc-* flags). User names are ").Append(Q(f.UsernamePrefix)).Append(" + the ").Append(f.UsernameClaim)
            .Append(" claim, as Nereid's RoleBindings name them; groups are ").Append(Q(f.GroupsPrefix)).Append(" + ns:<namespace>[:admin].\n");
        y.Append("apiVersion: apiserver.config.k8s.io/v1\n");
        y.Append("kind: AuthenticationConfiguration\n");
        y.Append("jwt:\n");
        y.Append("- issuer:\n");
        y.Append("    url: ").Append(Q(f.IssuerUrl)).Append('\n');
        y.Append("    audiences:\n");
        y.Append("    - ").Append(Q(f.Audience)).Append('\n');
        if (!string.IsNullOrWhiteSpace(f.CertificateAuthority))
        {
            y.Append("    certificateAuthority: |\n");
            foreach (var line in f.CertificateAuthority.Trim().Split('\n'))
                y.Append("      ").Append(line.TrimEnd('\r')).Append('\n');
        }
        y.Append("  claimMappings:\n");
        y.Append("    username:\n");
        y.Append("      claim: ").Append(Q(f.UsernameClaim)).Append('\n');
        y.Append("      prefix: ").Append(Q(f.UsernamePrefix)).Append('\n');
        y.Append("    groups:\n");
        y.Append("      claim: ").Append(Q(f.GroupsClaim)).Append('\n');
        y.Append("      prefix: ").Append(Q(f.GroupsPrefix)).Append('\n');
        return y.ToString();
    }

    private static string Q(string value) => JsonSerializer.Serialize(value);
}
