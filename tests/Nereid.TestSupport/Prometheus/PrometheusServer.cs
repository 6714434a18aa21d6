using System.Diagnostics;
using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Prometheus;

/// <summary>
/// A real Prometheus (Debian package, <c>/usr/bin/prometheus</c>) on 127.0.0.1 at a free port, scraping the given
/// targets. Optionally starts on a TSDB folder prefilled by <see cref="PrometheusBlocks"/> so history can be queried.
/// </summary>
public sealed partial class PrometheusServer : IAsyncDisposable
{
    /// <summary>The Prometheus binary; override with <c>NEREID_PROMETHEUS</c>. Default <c>/usr/bin/prometheus</c>.</summary>
    public static string BinaryPath => Environment.GetEnvironmentVariable("NEREID_PROMETHEUS") ?? "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly bool _ownsTsdb;
    private readonly HttpClient _http;
    private readonly ExitWatchdog _watchdog;
    private int _stopped;

    private PrometheusServer(Process process, Uri baseAddress, string workDirectory, string tsdbDirectory, bool ownsTsdb)
    {
        _process = process;
        _workDirectory = workDirectory;
        _ownsTsdb = ownsTsdb;
        TsdbDirectory = tsdbDirectory;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // If the test host is killed before its exit handlers run, this still stops Prometheus and removes temp files.
        var cleanup = $"kill {process.Id.ToString(CultureInfo.InvariantCulture)}; sleep 1; rm -rf {ExitWatchdog.Quote(workDirectory)}";
        _watchdog = ExitWatchdog.Start(ownsTsdb ? $"{cleanup} {ExitWatchdog.Quote(tsdbDirectory)}" : cleanup);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The TSDB folder the server stores samples in.</summary>
    public string TsdbDirectory { get; }

    /// <summary>The server's combined stdout/stderr log, for diagnosing a failed test.</summary>
    public string LogFile => Path.Combine(_workDirectory, "prometheus.log");

    /// <summary>
    /// Writes a config scraping <paramref name="scrapeTargets"/> every <paramref name="scrapeInterval"/>, starts Prometheus
    /// and waits until <c>/-/ready</c> answers. With <paramref name="tsdbDirectory"/> the server uses (and keeps) that
    /// folder, e.g. one filled by <see cref="PrometheusBlocks.CreateFromOpenMetricsAsync"/>; otherwise a temp folder.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(
        IEnumerable<Uri> scrapeTargets,
        TimeSpan scrapeInterval,
        string? tsdbDirectory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scrapeTargets);
        var work = Path.Combine(Path.GetTempPath(), "nereid-prom-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        var tsdb = tsdbDirectory ?? Path.Combine(work, "tsdb");
        Directory.CreateDirectory(tsdb);
        var configFile = Path.Combine(work, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, PrometheusConfig.Render(scrapeTargets, scrapeInterval), cancellationToken);

        // The free port can be taken before Prometheus binds it; an early exit means try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Get();
            var process = Launch(configFile, tsdb, port, Path.Combine(work, "prometheus.log"));
            var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            var server = new PrometheusServer(process, baseAddress, work, tsdb, ownsTsdb: tsdbDirectory is null);
            if (await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken))
            {
                return server;
            }

            var log = await server.ReadLogAsync(cancellationToken);
            server.Stop(deleteFiles: attempt == 3);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Prometheus did not become ready. Log:\n{log}");
            }
        }
    }

    /// <summary>Stops the server and deletes its temp files (a caller-provided TSDB folder is kept).</summary>
    public ValueTask DisposeAsync()
    {
        Stop(deleteFiles: true);
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads the server log written so far.</summary>
    public async Task<string> ReadLogAsync(CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync("-/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet; poll again.
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    private void Stop(bool deleteFiles)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited)
        {
            // SIGTERM lets Prometheus close the TSDB cleanly, which matters when the caller keeps the folder.
            UnixSignals.Send(_process.Id, UnixSignals.Terminate);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        _process.Dispose();
        _watchdog.Dispose();
        if (deleteFiles)
        {
            DeleteQuietly(_workDirectory);
            if (_ownsTsdb)
            {
                DeleteQuietly(TsdbDirectory);
            }
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail the test that used the server.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The test host allows exit handlers little time: kill outright rather than wait for a clean shutdown.
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }
}
