using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Nereid.TestSupport.Oidc;

namespace Nereid.Server.FunctionalTests.Provider.OpenIdClient;

/// <summary>
/// One run of <c>tests/oidc-client/client.mjs</c>: the npm <c>openid-client</c> relying party, talking to Nereid on a
/// real loopback port. It prints one JSON line per event; the test reads them in order and answers on stdin when the
/// script waits for it (the callback URL of the code flow).
/// </summary>
internal sealed class OpenIdClientScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _stderr = [];
    // Guards against a hung script only; no assertion depends on it.
    private readonly CancellationTokenSource _hang = new(TimeSpan.FromMinutes(2));

    private OpenIdClientScript(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Add(e.Data); };
        _process.BeginErrorReadLine();
        _ = Task.Run(ReadEventsAsync);
    }

    public static async Task<OpenIdClientScript> StartAsync(string issuer, ProviderFlow.Client client, params string[] steps)
    {
        var directory = Path.Combine(RepoRoot.Find(), "tests", "oidc-client");
        await EnsureInstalledAsync(directory);
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(directory, "client.mjs"), issuer, client.Id, ProviderFlow.RedirectUri, ProviderFlow.PostLogoutRedirectUri }.Concat(steps))
            psi.ArgumentList.Add(argument);
        return new OpenIdClientScript(Process.Start(psi) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>The next event, which must be <paramref name="expected"/>; an <c>error</c> event fails with the script's own message.</summary>
    public async Task<JsonElement> NextAsync(string expected)
    {
        JsonElement next;
        try
        {
            next = await _events.Reader.ReadAsync(_hang.Token);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            throw new InvalidOperationException($"openid-client ended before '{expected}': {Stderr()}", e);
        }
        var kind = next.GetProperty("event").GetString();
        if (kind != expected)
            throw new InvalidOperationException($"openid-client said {next} where '{expected}' was expected. {Stderr()}");
        return next;
    }

    public async Task AnswerAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the script to finish and returns its exit code.</summary>
    public async Task<int> ExitAsync()
    {
        await _process.WaitForExitAsync(_hang.Token);
        return _process.ExitCode;
    }

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('{'))
                await _events.Writer.WriteAsync(JsonDocument.Parse(line).RootElement.Clone());
        }
        _events.Writer.Complete();
    }

    private string Stderr()
    {
        lock (_stderr)
            return "stderr: " + string.Join('\n', _stderr);
    }

    /// <summary>Normally done by scripts/install-prerequisites.sh (node); repeated here so a test run on a fresh clone works.</summary>
    private static async Task EnsureInstalledAsync(string directory)
    {
        if (Directory.Exists(Path.Combine(directory, "node_modules", "openid-client")))
            return;
        using var npm = Process.Start(new ProcessStartInfo("npm", "install --no-audit --no-fund") { WorkingDirectory = directory })
            ?? throw new InvalidOperationException("could not start npm");
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm install failed in {directory}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _hang.Dispose();
    }
}
