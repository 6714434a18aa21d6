using Nereid.Server.FunctionalTests.Identity;
using Nereid.TestSupport.Paths;

namespace Nereid.Server.FunctionalTests.CliDownloads;

/// <summary>
/// The self-contained linux-x64 CLI, published once per test run by the project's own <c>scripts/publish-cli.sh</c>
/// with <c>--quick</c> (no ReadyToRun: minutes less on a busy machine); the other four systems are built by the same
/// script at release time, not in every test run.
/// </summary>
public static class PublishedCli
{
    private static readonly Lazy<Task> Published = new(PublishAsync);

    /// <summary>The folder servers under test are pointed at (Nereid:CliDownloads:Directory); filled by <see cref="EnsureAsync"/>.</summary>
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), $"nereid-cli-{Environment.ProcessId}");

    /// <summary>The published linux-x64 executable.</summary>
    public static string LinuxX64 => Path.Combine(Directory, "linux-x64", "nereid");

    /// <summary>Publishes linux-x64 on first call; later calls wait for the same publish.</summary>
    public static Task EnsureAsync() => Published.Value;

    private static async Task PublishAsync()
    {
        var (exit, stdout, stderr) = await IdentitySteps.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "publish-cli.sh"), "--out", Directory, "--quick", "linux-x64"],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(15));
        exit.ShouldBe(0, stdout + stderr);
        File.Exists(LinuxX64).ShouldBeTrue(stdout);
    }
}
