using System.Net;
using System.Net.Sockets;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Tests.Processes;

public class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_ShellWithStdinAndEnvironment_CapturesOutputsAndExitCode()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh",
            ["-c", "read line; echo \"$line $GREETING\"; echo oops >&2; exit 3"],
            new Dictionary<string, string?> { ["GREETING"] = "world" },
            standardInput: "hello\n",
            cancellationToken: TestTimeout.Token);

        result.ExitCode.ShouldBe(3);
        result.StandardOutput.ShouldBe("hello world\n");
        result.StandardError.ShouldBe("oops\n");
        Should.Throw<InvalidOperationException>(() => result.EnsureSuccess("sh")).Message.ShouldContain("oops");
    }

    [Fact]
    public async Task RunAsync_ExceedsTimeout_ThrowsTimeoutException()
    {
        await Should.ThrowAsync<TimeoutException>(() =>
            ProcessRunner.RunAsync("/bin/sleep", ["30"], timeout: TimeSpan.FromMilliseconds(200), cancellationToken: TestTimeout.Token));
    }

    [Fact]
    public void Get_FreePort_CanBeBoundOnLoopback()
    {
        var port = FreePort.Get();

        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        ((IPEndPoint)listener.LocalEndpoint).Port.ShouldBe(port);
        listener.Stop();
    }
}
