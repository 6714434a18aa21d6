using System.Diagnostics;
using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Prometheus;

/// <summary>Launching the Prometheus process and capturing its output into the log file.</summary>
public sealed partial class PrometheusServer
{
    private static Process Launch(string configFile, string tsdb, int port, string logFile)
    {
        var arguments = new[]
        {
            $"--config.file={configFile}",
            $"--storage.tsdb.path={tsdb}",
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            "--web.enable-admin-api",
            // Imported history can be older than the default 15 d; never let retention drop it mid-test.
            "--storage.tsdb.retention.time=100y",
            "--log.level=info",
        };
        var process = new Process { StartInfo = ProcessRunner.CreateStartInfo(BinaryPath, arguments, null, redirectInput: false) };
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new Lock();
        var openStreams = 2;
        void Append(object sender, DataReceivedEventArgs e)
        {
            lock (gate)
            {
                // A null line marks the end of one stream; the log closes after both have ended.
                if (e.Data is not null)
                {
                    log.WriteLine(e.Data);
                }
                else if (--openStreams == 0)
                {
                    log.Dispose();
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
