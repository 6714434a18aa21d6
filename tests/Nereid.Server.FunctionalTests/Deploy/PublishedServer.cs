using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>
/// The server as <c>deploy/Dockerfile</c>'s build stage makes it: <c>dotnet publish -c Release</c>, framework-dependent.
/// Published once per test process (it takes minutes), into a temp folder with its own artifacts path so it never
/// races the Debug build the tests run from.
/// </summary>
internal static class PublishedServer
{
    private static readonly Lazy<Task<string>> _output = new(PublishAsync);

    /// <summary>The folder holding <c>nereid-server.dll</c> and everything published beside it.</summary>
    public static Task<string> OutputAsync() => _output.Value;

    private static async Task<string> PublishAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"nereid-publish-{Guid.NewGuid():N}");
        var output = Path.Combine(root, "app");
        // Removed when the test process ends, however it ends.
        var watchdog = ExitWatchdog.Start($"rm -rf {ExitWatchdog.Quote(root)}");
        GC.KeepAlive(watchdog);
        var project = Path.Combine(RepoPaths.Root, "src", "Nereid.Server", "Nereid.Server.csproj");
        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", project, "-c", "Release", "-o", output, "--no-self-contained", "--artifacts-path", Path.Combine(root, "artifacts"),
                "-v", "minimal", "-clp:ErrorsOnly", "-nologo"],
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["MSBUILDNODEREUSE"] = "0" },
            timeout: TimeSpan.FromMinutes(15));
        result.EnsureSuccess("dotnet publish of the server");
        return output;
    }
}
