using System.Diagnostics;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;
using Npgsql;

namespace Nereid.Bench.Scenarios;

/// <summary>The real nereid-server in its own process (so its memory is measured alone), configured through environment variables.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;

    /// <summary>Raised for every line the server prints (a scenario may count log lines while it measures).</summary>
    public event Action<string>? OutputLine;

    /// <summary>The server with the demo seeder filling <paramref name="namespaces"/> namespaces (10× people, 21 members each).</summary>
    public static Task<ServerProcess> StartAsync(string connectionString, int namespaces, CancellationToken ct)
    {
        var n = namespaces.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StartAsync(connectionString, new Dictionary<string, string>
        {
            ["Nereid__Demo__SeedNamespaces"] = n,
            ["Nereid__Demo__SeedPeople"] = (namespaces * 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nereid__Demo__SeedMembershipsPerNamespace"] = "21",
        }, ct);
    }

    /// <summary>The server on PostgreSQL with extra settings as environment variables (e.g. <c>Nereid__Clusters__0__Name</c>).</summary>
    public static async Task<ServerProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var configuration = typeof(ServerProcess).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";
        var dll = Path.Combine(RepoPaths.Root, "src", "Nereid.Server", "bin", configuration, "net10.0", "nereid-server.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException("Build the server first (dotnet run -c Release builds it with the bench).", dll);
        var port = FreePort.Get();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Nereid__Database__Provider"] = "Postgres";
        start.Environment["Nereid__Database__ConnectionString"] = connectionString + ";Maximum Pool Size=64";
        start.Environment["Nereid__Auth__BootstrapAdminPassword"] = "bench-admin-password";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nereid-server");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Print(e.Data);
        process.ErrorDataReceived += (_, e) => server.Print(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync(TimeSpan.FromMinutes(10), ct);
        return server;
    }

    private void Print(string? line)
    {
        if (line is null)
            return;
        Console.Error.WriteLine("  [server] " + line);
        OutputLine?.Invoke(line);
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nereid-server exited with code {_process.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "readyz"), ct)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet (still migrating or seeding).
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow to answer while starting on a busy machine (the 5 s client timeout): ask again.
            }
            await Task.Delay(500, ct);
        }
        throw new TimeoutException("nereid-server did not become ready");
    }

    /// <summary>Gives a seeded user (tier user) a personal access token, written straight into the database.</summary>
    public static Task<string> CreateUserTokenAsync(string connectionString, CancellationToken ct) =>
        CreateTokenAsync(connectionString, null, ct);

    /// <summary>Gives <paramref name="personId"/> (or any seeded user when null) a personal access token, written straight into the database.</summary>
    public static async Task<string> CreateTokenAsync(string connectionString, Guid? personId, CancellationToken ct)
    {
        var secret = Server.Tokens.TokenService.SecretPrefix + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO personal_access_tokens ("Id","PersonId","Name","Prefix","Hash","CreatedAt","ExpiresAt")
            SELECT @id, "Id", 'bench', @prefix, @hash, now(), now() + interval '1 day' FROM people
            WHERE "Tier" = 'User' AND (@person IS NULL OR "Id" = @person) LIMIT 1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("person", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = personId is { } p ? p : DBNull.Value });
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("prefix", secret[..12]);
        command.Parameters.AddWithValue("hash", Server.Tokens.TokenService.Hash(secret));
        if (await command.ExecuteNonQueryAsync(ct) != 1)
            throw new InvalidOperationException("no seeded user to give a token to");
        return secret;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
