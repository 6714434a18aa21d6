using System.Diagnostics;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Tests.Processes;

public class ExitWatchdogTests
{
    [Fact]
    public async Task Start_WatchedProcessKilled_RunsCleanupCommand()
    {
        var marker = Path.Combine(Path.GetTempPath(), "nereid-watchdog-" + Guid.NewGuid().ToString("N"));
        using var watched = Process.Start("/bin/sleep", "60");
        using var watchdog = ExitWatchdog.Start($"touch {ExitWatchdog.Quote(marker)}", watched.Id);

        watched.Kill();
        await watched.WaitForExitAsync(TestTimeout.Token);
        while (!File.Exists(marker))
        {
            await Task.Delay(100, TestTimeout.Token);
        }

        File.Exists(marker).ShouldBeTrue();
        File.Delete(marker);
    }

    [Fact]
    public void Command_ArgumentsWithQuotesAndSpaces_AreShellQuoted()
    {
        ExitWatchdog.Command("/bin/echo", ["it's", "a b"]).ShouldBe("'/bin/echo' 'it'\\''s' 'a b'");
    }

    [Fact]
    public async Task Command_QuotedArguments_ReachProgramVerbatim()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", ExitWatchdog.Command("/usr/bin/printf", ["%s|", "it's", "a b", "$HOME"])], cancellationToken: TestTimeout.Token);

        result.StandardOutput.ShouldBe("it's|a b|$HOME|");
    }
}
