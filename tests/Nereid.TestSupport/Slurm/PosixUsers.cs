using System.Globalization;
using Nereid.TestSupport.Processes;

namespace Nereid.TestSupport.Slurm;

/// <summary>Local POSIX accounts: Slurm resolves user names and uids through the system's passwd database.</summary>
public static class PosixUsers
{
    private static readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The uid of <paramref name="name"/>, or null when no such user exists.</summary>
    public static async Task<int?> UidAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync("getent", ["passwd", name], cancellationToken: cancellationToken);
        return result.Succeeded ? int.Parse(result.StandardOutput.Split(':')[2], CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Creates the login user <paramref name="name"/> (no home, <c>/bin/sh</c>) with <paramref name="uid"/> when given,
    /// unless it exists. Tests submit jobs as these users with <c>runuser</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The user exists with another uid.</exception>
    public static async Task EnsureUserAsync(string name, int? uid = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var existing = await UidAsync(name, cancellationToken);
            if (existing is not null)
            {
                if (uid is not null && existing != uid)
                {
                    throw new InvalidOperationException($"POSIX user {name} exists with uid {existing}, not {uid}.");
                }

                return;
            }

            List<string> args = ["-M", "-N", "-g", "users", "-s", "/bin/sh"];
            if (uid is not null)
            {
                args.AddRange(["-u", uid.Value.ToString(CultureInfo.InvariantCulture)]);
            }

            (await ProcessRunner.RunAsync("useradd", [.. args, name], cancellationToken: cancellationToken)).EnsureSuccess($"useradd {name}");
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static async Task EnsureSystemUserAsync(string name, CancellationToken cancellationToken)
    {
        if (await UidAsync(name, cancellationToken) is null)
        {
            var result = await ProcessRunner.RunAsync("useradd", ["-r", "-M", "-U", "-s", "/usr/sbin/nologin", name], cancellationToken: cancellationToken);
            // Another test process may have created it meanwhile (exit code 9: name in use).
            if (result.ExitCode != 9)
            {
                result.EnsureSuccess($"useradd {name}");
            }
        }
    }
}
