using System.Text;

namespace Nereid.KubeDouble.Auth;

/// <summary>Writes a kubeconfig (SEMANTICS.md §15) with certificate-authority-data and a bearer token.</summary>
public static class KubeconfigWriter
{
    public static string Render(Uri server, string caPem, string user, string token, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        var ns = @namespace is null ? "" : $"\n    namespace: {@namespace}";
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kube-double
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: kube-double
              context:
                cluster: kube-double
                user: {user}{ns}
            current-context: kube-double

            """;
    }
}
