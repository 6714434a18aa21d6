using Nereid.TestSupport.Browser;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Postgres;
using Nereid.TestSupport.Prometheus;

namespace Nereid.Bench.Prerequisites;

/// <summary>Looks for each prerequisite exactly where the harnesses in Nereid.TestSupport will look for it.</summary>
public static class PrerequisiteProbe
{
    /// <summary>The name <c>scripts/install-prerequisites.sh</c> takes for <paramref name="prerequisite"/>.</summary>
    public static string ScriptName(Prerequisite prerequisite) => prerequisite switch
    {
        Prerequisite.PostgreSql => "postgresql",
        Prerequisite.Chromium => "chromium",
        Prerequisite.Prometheus => "prometheus",
        Prerequisite.Node => "node",
        Prerequisite.Slurm => "slurm",
        _ => throw new ArgumentOutOfRangeException(nameof(prerequisite), prerequisite, null),
    };

    /// <summary>Null when present; otherwise what is missing, in words.</summary>
    public static string? Missing(Prerequisite prerequisite) => prerequisite switch
    {
        Prerequisite.PostgreSql => PostgresMissing(),
        Prerequisite.Chromium => File.Exists(BrowserHarness.ExecutablePath) ? null : $"{BrowserHarness.ExecutablePath} (chromium)",
        Prerequisite.Prometheus => !File.Exists(PrometheusServer.BinaryPath) ? PrometheusServer.BinaryPath
            : !File.Exists(PrometheusBlocks.PromtoolPath) ? PrometheusBlocks.PromtoolPath : null,
        Prerequisite.Node => OnPath("node") is null ? "node"
            : OnPath("npm") is null ? "npm"
            : !Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "oidc-provider", "node_modules", "oidc-provider")) ? "tests/oidc-provider/node_modules (npm install)"
            : null,
        Prerequisite.Slurm => Nereid.TestSupport.Slurm.SlurmCluster.MissingPrerequisites(),
        _ => throw new ArgumentOutOfRangeException(nameof(prerequisite), prerequisite, null),
    };

    private static string? PostgresMissing()
    {
        try
        {
            _ = PostgresBinaries.FindBinDirectory();
            return null;
        }
        catch (InvalidOperationException)
        {
            return "PostgreSQL server binaries (initdb under /usr/lib/postgresql/<major>/bin)";
        }
    }

    private static string? OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
