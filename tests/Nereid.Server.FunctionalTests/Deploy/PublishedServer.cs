using System.Reflection;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>
/// The server as <c>deploy/Dockerfile</c>'s build stage makes it: <c>dotnet publish</c>, framework-dependent, published
/// once per test process into a temp folder. It publishes the build the tests run from (<c>--no-build</c>, the tests'
/// own configuration): the README's test command builds Release, as the Dockerfile does, so that is the Dockerfile's
/// output without compiling the server a second time; a Debug test run publishes Debug binaries the same way.
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
        var configuration = typeof(PublishedServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", project, "-c", configuration, "--no-build", "-o", output, "--no-self-contained",
                "-v", "minimal", "-clp:ErrorsOnly", "-nologo"],
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["MSBUILDNODEREUSE"] = "0" },
            timeout: TimeSpan.FromMinutes(15));
        result.EnsureSuccess("dotnet publish of the server");
        return output;
    }
}
