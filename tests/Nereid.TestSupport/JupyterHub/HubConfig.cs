using System.Globalization;

namespace Nereid.TestSupport.JupyterHub;

/// <summary>The jupyterhub_config.py of the test hub.</summary>
internal static class HubConfig
{
    public static string Render(string harness, string directory, string proxy, string token, int port, int hubPort, int proxyApiPort, bool nereidSignIn) =>
        Base(harness, directory, proxy, token, port, hubPort, proxyApiPort) + (nereidSignIn ? "\n" + OAuth(directory, port) : "");

    /// <summary>Sign-in through Nereid's provider; the client and allowed groups are read from a file the test writes.</summary>
    private static string OAuth(string directory, int port) => string.Create(CultureInfo.InvariantCulture, $$"""
        c.JupyterHub.authenticator_class = 'nereid_hub.NereidOAuthenticator'
        c.NereidOAuthenticator.settings_file = {{Py(Path.Combine(directory, "oauth-client.json"))}}
        c.NereidOAuthenticator.callback_url = 'http://127.0.0.1:{{port}}/hub/oauth_callback'

        """);

    private static string Base(string harness, string directory, string proxy, string token, int port, int hubPort, int proxyApiPort) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        import sys
        sys.path.insert(0, {{Py(harness)}})
        c = get_config()  # noqa: F821
        c.JupyterHub.ip = '127.0.0.1'
        c.JupyterHub.port = {{port}}
        c.JupyterHub.hub_ip = '127.0.0.1'
        c.JupyterHub.hub_port = {{hubPort}}
        c.JupyterHub.db_url = 'sqlite:///' + {{Py(Path.Combine(directory, "jupyterhub.sqlite"))}}
        c.JupyterHub.cookie_secret_file = {{Py(Path.Combine(directory, "cookie_secret"))}}
        c.JupyterHub.cleanup_servers = True
        c.JupyterHub.allow_named_servers = True
        # Debian's configurable-http-proxy fails under this Node (Cannot find module 'commander'); npm's 5.3.0 works.
        c.ConfigurableHTTPProxy.command = [{{Py(proxy)}}]
        c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{{proxyApiPort}}'
        c.JupyterHub.authenticator_class = 'nereid_hub.NereidTokenAuthenticator'
        c.JupyterHub.spawner_class = 'nereid_hub.NereidProfileSpawner'
        c.Spawner.cmd = ['jupyterhub-singleuser']
        # Single-user servers started as root refuse to run without it.
        c.Spawner.args = ['--allow-root']
        c.Spawner.start_timeout = 120
        c.Spawner.http_timeout = 120
        c.SimpleLocalProcessSpawner.home_dir_template = {{Py(Path.Combine(directory, "home"))}} + '/{username}'
        c.JupyterHub.services = [{'name': 'nereid', 'api_token': {{Py(token)}}}]
        c.JupyterHub.load_roles = [{
            'name': 'nereid-service',
            'scopes': ['admin:users', 'admin:servers', 'list:users', 'read:users', 'read:servers', 'users:activity', 'access:servers'],
            'services': ['nereid'],
        }]
        """);

    private static string Py(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
