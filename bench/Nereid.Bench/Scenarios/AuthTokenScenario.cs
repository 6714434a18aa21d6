using Nereid.Bench.Prerequisites;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Nereid.Bench.Reporting;
using Nereid.TestSupport.Oidc;
using Nereid.TestSupport.Paths;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>auth-token</c>: the <c>nereid auth token</c> exec plugin as kubectl runs it, against the real test OpenID provider.
/// Logs in once through Chromium, then measures the median wall time of a process serving the cached token, the wall
/// time of one refresh, and 100 concurrent processes with an expired token (which must cause one refresh). For scale it
/// also times an empty <c>dotnet</c> start (printed on stderr). Options: <c>--runs</c> (20), <c>--concurrent</c> (100).
/// </summary>
public sealed class AuthTokenScenario : IBenchScenario
{
    public string Name => "auth-token";

    /// <inheritdoc />
    public IReadOnlyCollection<Prerequisite> Prerequisites => [Prerequisite.Chromium, Prerequisite.Node];

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var runs = options.Int("runs", 20);
        var concurrent = options.Int("concurrent", 100);
        var dll = CliDll();
        await using var provider = await OidcProviderServer.StartAsync(cancellationToken: cancellationToken);
        var cacheDir = Directory.CreateTempSubdirectory("nereid-bench-cache-").FullName;
        await using (var browser = await OidcBrowser.LaunchAsync())
            await LoginAsync(dll, provider, browser, cacheDir);
        string[] tokenArgs = ["auth", "token", "--issuer", provider.Issuer, "--client-id", OidcProviderServer.CliClientId];
        var env = new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = cacheDir };

        await RunAsync(dll, tokenArgs, env); // warm the file system cache
        var cached = new List<double>();
        for (var i = 0; i < runs; i++)
            cached.Add((await RunAsync(dll, tokenArgs, env)).Milliseconds);
        var emptyStart = new List<double>();
        for (var i = 0; i < runs; i++)
            emptyStart.Add((await RunAsync(dll, ["--version"], env)).Milliseconds);

        Expire(cacheDir);
        var refresh = await RunAsync(dll, tokenArgs, env);
        Expire(cacheDir);
        var before = await provider.TokenRequestCountAsync("refresh_token", cancellationToken);
        var all = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(_ => RunAsync(dll, tokenArgs, env)));
        var refreshes = await provider.TokenRequestCountAsync("refresh_token", cancellationToken) - before;
        var failures = all.Count(r => r.ExitCode != 0);

        Console.Error.WriteLine($"auth-token: cached median {Median(cached):0.0} ms, 'nereid --version' median {Median(emptyStart):0.0} ms, " +
            $"refresh {refresh.Milliseconds:0.0} ms, {concurrent} concurrent: {refreshes} refresh(es), {failures} failure(s)");
        Directory.Delete(cacheDir, recursive: true);
        ResultLine.Print(Name, ("cached_ms", Median(cached)), ("refresh_ms", refresh.Milliseconds), ("concurrent", concurrent), ("refreshes", refreshes));
        return failures == 0 && refresh.ExitCode == 0 ? 0 : 1;
    }

    private static string CliDll()
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(RepoPaths.Root, "src", "Nereid.Cli", "bin", configuration, "net10.0", "nereid.dll");
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException("Build src/Nereid.Cli first (the bench builds it as a dependency).");
    }

    private static async Task LoginAsync(string dll, OidcProviderServer provider, OidcBrowser browser, string cacheDir)
    {
        var start = Start(dll, ["login", "--issuer", provider.Issuer, "--client-id", OidcProviderServer.CliClientId, "--no-browser"],
            new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = cacheDir });
        using var process = Process.Start(start)!;
        string? url = null;
        while (url is null && await process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(provider.Issuer, StringComparison.Ordinal))
                url = line.Trim();
        }
        var page = await browser.LoginAsync(url ?? throw new InvalidOperationException("nereid login printed no URL"), "alice");
        await page.Context.CloseAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("nereid login failed: " + await process.StandardError.ReadToEndAsync());
    }

    private static void Expire(string cacheDir)
    {
        var file = Directory.GetFiles(Path.Combine(cacheDir, "tokens"), "*.json").Single();
        var entry = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        entry["expires_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        File.WriteAllText(file, entry.ToJsonString());
    }

    private static ProcessStartInfo Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        psi.Environment.Remove("DISPLAY");
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        return psi;
    }

    private static async Task<(int ExitCode, double Milliseconds)> RunAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(Start(dll, args, env))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
