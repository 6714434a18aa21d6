using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.JupyterHub;

/// <summary>
/// A real JupyterHub (Debian's 3.0, <c>python3-notebook</c>'s single-user server, npm's configurable-http-proxy 5.3.0 from
/// <c>tests/jupyterhub</c>) on loopback free ports, with the stand-ins of <c>tests/jupyterhub/nereid_hub.py</c>: sign-in with
/// a Nereid token and a local-process spawner fed by Nereid's profile_list. One per test assembly
/// (<see cref="GetSharedAsync"/>); <see cref="SetNereidAsync"/> points it at the Nereid a test started, so tests that share it
/// belong in one class. A service token (<see cref="ServiceToken"/>) may manage every user and server.
/// </summary>
public sealed class JupyterHubServer : IAsyncDisposable
{
    private static readonly Lazy<Task<JupyterHubServer>> Shared = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private readonly ExitWatchdog _watchdog;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private JupyterHubServer(Process process, ExitWatchdog watchdog, string directory, Uri baseAddress, string token)
    {
        _process = process;
        _watchdog = watchdog;
        _directory = directory;
        BaseAddress = baseAddress;
        ServiceToken = token;
    }

    /// <summary>The proxy's public address, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>API token of the hub service <c>nereid</c> (admin of users and servers).</summary>
    public string ServiceToken { get; }

    /// <summary>What the hub and proxy printed (for failure messages).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The hub of this test assembly, started on first use.</summary>
    public static Task<JupyterHubServer> GetSharedAsync() => Shared.Value;

    /// <summary>Points the hub's authenticator and spawner at <paramref name="nereid"/> (read on each call they make).</summary>
    public Task SetNereidAsync(Uri nereid, CancellationToken ct = default) =>
        File.WriteAllTextAsync(Path.Combine(_directory, "nereid-url"), nereid.ToString(), ct);

    /// <summary>
    /// For a hub started with Nereid sign-in: the OpenID client it is registered as and the Nereid groups (<c>ns:&lt;namespace&gt;</c>)
    /// whose members it admits (read at each login).
    /// </summary>
    public Task SetOAuthClientAsync(string clientId, string clientSecret, IEnumerable<string> allowedGroups, CancellationToken ct = default) =>
        File.WriteAllTextAsync(Path.Combine(_directory, "oauth-client.json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["client_id"] = clientId, ["client_secret"] = clientSecret, ["allowed_groups"] = allowedGroups.ToArray(),
        }), ct);

    /// <summary>The redirect URI a hub with Nereid sign-in sends to Nereid: <c>&lt;hub&gt;/hub/oauth_callback</c>.</summary>
    public Uri OAuthCallback => new(BaseAddress, "hub/oauth_callback");

    /// <summary>An HTTP client for the hub REST API (<c>hub/api/</c>) authorised as the service.</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "hub/api/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", ServiceToken);
        return client;
    }

    /// <summary>A browser-like client signed in as <paramref name="user"/> with the Nereid <paramref name="nereidToken"/> as password.</summary>
    public async Task<(HttpClient Client, HttpStatusCode LoginStatus)> SignInAsync(string user, string nereidToken, CancellationToken ct = default)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = BaseAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = user, ["password"] = nereidToken });
        using var response = await client.PostAsync("hub/login", form, ct);
        return (client, response.StatusCode);
    }

    /// <summary>
    /// Starts a hub in a fresh directory and waits until its API answers. With <paramref name="nereidSignIn"/> people sign
    /// in through Nereid's OpenID provider (<c>NereidOAuthenticator</c>: code flow with PKCE, groups from userinfo) instead
    /// of the token stand-in; give it its client with <see cref="SetOAuthClientAsync"/>.
    /// </summary>
    public static async Task<JupyterHubServer> StartAsync(bool nereidSignIn = false, CancellationToken ct = default)
    {
        var root = RepoPaths.Root;
        var harness = Path.Combine(root, "tests", "jupyterhub");
        var proxy = Path.Combine(harness, "node_modules", ".bin", "configurable-http-proxy");
        if (!File.Exists("/usr/bin/jupyterhub") || !File.Exists("/usr/bin/jupyterhub-singleuser") || !File.Exists(proxy))
            throw new InvalidOperationException("JupyterHub missing: run scripts/install-prerequisites.sh jupyterhub (apt jupyterhub python3-notebook, npm install in tests/jupyterhub).");
        var directory = Directory.CreateTempSubdirectory("nereid-hub-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "home"));
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var ports = FreePort.Get(3);
        var (port, hubPort, proxyApiPort) = (ports[0], ports[1], ports[2]);
        await File.WriteAllTextAsync(Path.Combine(directory, "nereid-url"), "http://127.0.0.1:1/", ct);
        var config = Path.Combine(directory, "jupyterhub_config.py");
        await File.WriteAllTextAsync(config, HubConfig.Render(harness, directory, proxy, token, port, hubPort, proxyApiPort, nereidSignIn), ct);

        var info = new ProcessStartInfo("/usr/bin/jupyterhub") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(config);
        info.Environment["NEREID_URL_FILE"] = Path.Combine(directory, "nereid-url");
        info.Environment["CONFIGPROXY_AUTH_TOKEN"] = token;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start jupyterhub");
        // The hub, its proxy and the single-user servers share one process group only through the hub; kill them by port owner.
        var watchdog = ExitWatchdog.Start($"kill {process.Id}; sleep 2; kill -9 {process.Id}; rm -rf '{directory}'");
        var server = new JupyterHubServer(process, watchdog, directory, new Uri($"http://127.0.0.1:{port}/"), token);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync(ct);
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = ApiClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"jupyterhub exited ({_process.ExitCode}):\n{Log}");
            try
            {
                using var response = await http.GetAsync("", ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
                throw new TimeoutException($"jupyterhub did not answer within 90 s:\n{Log}");
            await Task.Delay(200, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets the hub stop its proxy and single-user servers (cleanup_servers).
            using (Process.Start("kill", _process.Id.ToString(CultureInfo.InvariantCulture))) { }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        _watchdog.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
