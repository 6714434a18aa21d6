namespace Nereid.TestSupport.Processes;

/// <summary>The outcome of a finished child process: its exit code and everything it wrote.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the exit code is zero.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the captured output when the process failed, so test failures explain themselves.</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException(
                $"{what} failed with exit code {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
        }

        return this;
    }
}
