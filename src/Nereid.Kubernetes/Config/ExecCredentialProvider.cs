using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nereid.Kubernetes.Config;

/// <summary>
/// Runs a client-go exec credential plugin (kubelogin, cloud CLIs) and caches its ExecCredential until
/// <c>expirationTimestamp</c> (or until a 401 invalidates it). Never interactive: a server has no terminal.
/// </summary>
internal sealed class ExecCredentialProvider : IKubeCredentialProvider, IDisposable
{
    // Refresh slightly early so a token does not expire between the check and the request reaching the server.
    private static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(10);

    private readonly ExecConfig _config;
    private readonly TimeProvider _timeProvider;
    private readonly Uri? _clusterServer;
    private readonly string? _clusterCaData;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Cached? _cached;

    /// <summary>Creates a provider; <paramref name="clusterServer"/>/<paramref name="clusterCaPem"/> feed <c>provideClusterInfo</c>.</summary>
    public ExecCredentialProvider(ExecConfig config, TimeProvider timeProvider, Uri? clusterServer = null, string? clusterCaPem = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _config = config;
        _timeProvider = timeProvider;
        _clusterServer = clusterServer;
        _clusterCaData = clusterCaPem is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(clusterCaPem));
    }

    /// <summary>The client certificate of the last credential, if the plugin returned one.</summary>
    public X509Certificate2? CurrentClientCertificate => _cached?.Credential.ClientCertificate;

    /// <summary>How many times the plugin ran (diagnostics).</summary>
    public int Invocations { get; private set; }

    /// <inheritdoc />
    public async ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } hit)
        {
            return hit;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while we waited.
            if (Fresh(_cached) is { } again)
            {
                return again;
            }
            var output = await RunAsync(cancellationToken).ConfigureAwait(false);
            var cached = Parse(output);
            _cached = cached;
            return cached.Credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Invalidate() => _cached = null;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private KubeCredential? Fresh(Cached? cached) =>
        cached is not null && (cached.Expires is null || _timeProvider.GetUtcNow() < cached.Expires.Value - ExpirySkew)
            ? cached.Credential
            : null;

    private async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_config.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in _config.Args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in _config.Env)
        {
            start.Environment[name] = value;
        }
        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{_config.Command}'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Exec plugin '{_config.Command}' could not run. {_config.InstallHint}", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            Invocations++;
            var output = await stdout.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var error = await stderr.ConfigureAwait(false);
                throw new InvalidOperationException($"Exec plugin '{_config.Command}' exited with {process.ExitCode}: {error[..Math.Min(error.Length, 512)]}");
            }
            return output;
        }
    }

    private string ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (_config.ProvideClusterInfo && _clusterServer is not null)
        {
            var cluster = new JsonObject { ["server"] = _clusterServer.ToString() };
            if (_clusterCaData is not null)
            {
                cluster["certificate-authority-data"] = _clusterCaData;
            }
            spec["cluster"] = cluster;
        }
        return new JsonObject { ["apiVersion"] = _config.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }

    private Cached Parse(string output)
    {
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var apiVersion = root.TryGetProperty("apiVersion", out var v) ? v.GetString() : null;
        if (apiVersion != _config.ApiVersion)
        {
            throw new InvalidOperationException($"Exec plugin returned apiVersion '{apiVersion}', expected '{_config.ApiVersion}'.");
        }
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("Exec plugin returned no status.");
        }
        var token = Text(status, "token");
        var certPem = Text(status, "clientCertificateData");
        var keyPem = Text(status, "clientKeyData");
        var expires = Text(status, "expirationTimestamp") is { } e
            ? DateTimeOffset.Parse(e, System.Globalization.CultureInfo.InvariantCulture)
            : (DateTimeOffset?)null;
        var cert = certPem is not null && keyPem is not null ? PemCertificates.LoadClientCertificate(certPem, keyPem) : null;
        if (token is null && cert is null)
        {
            throw new InvalidOperationException("Exec plugin returned neither a token nor a client certificate.");
        }
        return new Cached(new KubeCredential(token, cert), expires);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private sealed record Cached(KubeCredential Credential, DateTimeOffset? Expires);
}
