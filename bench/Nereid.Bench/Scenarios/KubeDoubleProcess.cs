using System.Diagnostics;
using System.Globalization;
using Nereid.TestSupport.Paths;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// The Kubernetes API double in its own process (its standalone mode, started from its built dll), so the bench
/// process's CPU time is Nereid's alone. Ready once it has written its kubeconfig and printed its address.
/// </summary>
internal sealed class KubeDoubleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private KubeDoubleProcess(Process process, string directory, string kubeconfig)
    {
        _process = process;
        _directory = directory;
        KubeconfigPath = kubeconfig;
    }

    /// <summary>Admin kubeconfig (server, CA data, token) written by the double.</summary>
    public string KubeconfigPath { get; }

    /// <summary>CPU time the double has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts a double with <paramref name="latency"/> per request and the given <c>--fault verb:rate:kind</c> rules.</summary>
    public static async Task<KubeDoubleProcess> StartAsync(TimeSpan latency, IEnumerable<string> faults, CancellationToken cancellationToken) =>
        await StartAsync(latency, faults, [], cancellationToken);

    /// <summary>As above, with more standalone-mode arguments (e.g. <c>--crds &lt;dir&gt;</c>).</summary>
    public static async Task<KubeDoubleProcess> StartAsync(TimeSpan latency, IEnumerable<string> faults, IEnumerable<string> extraArguments,
        CancellationToken cancellationToken)
    {
        var dll = BuiltDll();
        var directory = Directory.CreateTempSubdirectory("nereid-bench-double-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Schema validation, RBAC and request logging off, as the in-process rig had them: the bench measures Nereid.
        foreach (var arg in new[] { dll, "--listen", "127.0.0.1:0", "--kubeconfig-out", kubeconfig, "--validate-schemas", "false", "--rbac", "false",
            "--log-level", "Warning", "--latency-ms", latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var arg in extraArguments)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var fault in faults)
        {
            start.ArgumentList.Add("--fault");
            start.ArgumentList.Add(fault);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Kubernetes API double");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("Kubernetes API double on ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  [double] " + e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"the Kubernetes API double exited with code {process.ExitCode}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new KubeDoubleProcess(process, directory, kubeconfig);
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    private static string BuiltDll()
    {
        var configuration = typeof(KubeDoubleProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";
        var dll = Path.Combine(RepoPaths.Root, "tests", "Nereid.KubeDouble", "bin", configuration, "net10.0", "Nereid.KubeDouble.dll");
        return File.Exists(dll) ? dll
            : throw new FileNotFoundException("Build the Kubernetes API double first (dotnet run -c Release --project bench/Nereid.Bench builds it with the bench).", dll);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
