namespace Nereid.Cli.Auth;

/// <summary>
/// An exclusive lock on <c>&lt;cache&gt;.lock</c> held by an open <see cref="FileStream"/> with
/// <see cref="FileShare.None"/> (on Linux .NET takes a <c>flock(LOCK_EX)</c>; the kernel drops it if the process dies).
/// </summary>
internal static class FileLock
{
    public static async Task<FileStream> AcquireAsync(string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var delay = 5;
        while (true)
        {
            try
            {
                return new FileStream(path, PrivateFiles.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                // Held by another nereid process (most likely refreshing right now): back off a little, with jitter.
                await Task.Delay(TimeSpan.FromMilliseconds(delay + Random.Shared.Next(delay)), time, cancellationToken);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }
}
