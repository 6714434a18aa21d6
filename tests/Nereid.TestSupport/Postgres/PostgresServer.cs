using System.Globalization;
using System.Text.RegularExpressions;
using Nereid.TestSupport.Processes;
using Npgsql;

namespace Nereid.TestSupport.Postgres;

/// <summary>
/// A private, throw-away PostgreSQL instance (initdb + pg_ctl) listening on 127.0.0.1 at a free port,
/// run as the <c>postgres</c> user because PostgreSQL refuses to run as root. Durability is switched off for speed.
/// Use <see cref="GetSharedAsync"/> for the one instance per test process, and <see cref="CreateDatabaseAsync(string, CancellationToken)"/> per test.
/// </summary>
public sealed partial class PostgresServer : IDisposable, IAsyncDisposable
{
    /// <summary>The OS and database superuser the instance runs as.</summary>
    public const string SuperUser = "postgres";

    private static readonly Lazy<Task<PostgresServer>> _shared = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ExitWatchdog _watchdog;
    private int _stopped;

    private PostgresServer(string rootDirectory, int port, ExitWatchdog watchdog)
    {
        RootDirectory = rootDirectory;
        Port = port;
        _watchdog = watchdog;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Temp folder holding the cluster (<c>data/</c>), the socket and <see cref="LogFile"/>; deleted on stop.</summary>
    public string RootDirectory { get; }

    /// <summary>The server log, useful when a test fails.</summary>
    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>
    /// The instance shared by every test in this process; started on first call, stopped at process exit.
    /// Do not dispose it; isolate tests with <see cref="CreateDatabaseAsync(string, CancellationToken)"/> instead.
    /// </summary>
    public static Task<PostgresServer> GetSharedAsync() => _shared.Value;

    /// <summary>Starts a new private instance; the caller disposes it (it is also stopped at process exit).</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = PostgresBinaries.FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), "nereid-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            if (SystemUser.IsRoot)
            {
                (await ProcessRunner.RunAsync("chown", [$"{SuperUser}:{SuperUser}", root], cancellationToken: cancellationToken))
                    .EnsureSuccess("chown of the PostgreSQL folder");
            }

            await RunAsPostgresAsync(Path.Combine(bin, "initdb"),
                ["-D", Path.Combine(root, "data"), "-A", "trust", "-U", SuperUser, "--no-sync", "-E", "UTF8", "--locale=C"],
                "initdb", cancellationToken);
            await File.AppendAllTextAsync(Path.Combine(root, "data", "postgresql.conf"),
                "\n# Nereid test instance: durability off for speed.\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n# Every test host keeps its own pool; room for many hosts alive at once.\nmax_connections = 500\n",
                cancellationToken);
            return await StartOnFreePortAsync(root, bin, cancellationToken);
        }
        catch (Exception)
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this instance, as the superuser.</summary>
    public string ConnectionStringFor(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            // Test hosts come and go by the hundred: idle connections of a finished host are closed within seconds
            // (Npgsql's default keeps them 300 s), so pools of finished hosts never add up to max_connections.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
    }

    /// <summary>Creates an empty database named <paramref name="name"/> and returns its connection string.</summary>
    /// <exception cref="ArgumentException">The name is not a plain identifier (letters, digits, underscore; at most 63 chars).</exception>
    public Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        CreateDatabaseAsync(name, template: null, cancellationToken);

    /// <summary>
    /// Creates database <paramref name="name"/> as a copy of <paramref name="template"/> (PostgreSQL's <c>CREATE DATABASE …
    /// TEMPLATE</c>: a file-level copy, much cheaper than building the same schema again). Nobody may be connected to the
    /// template while it is copied. Without a template the database is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a plain identifier (letters, digits, underscore; at most 63 chars).</exception>
    public async Task<string> CreateDatabaseAsync(string name, string? template, CancellationToken cancellationToken = default)
    {
        ThrowIfNotDatabaseName(name, nameof(name));
        if (template is not null)
        {
            ThrowIfNotDatabaseName(template, nameof(template));
        }

        await using (var connection = new NpgsqlConnection(ConnectionStringFor("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionStringFor(name);
    }

    private static void ThrowIfNotDatabaseName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid database name.", parameter);
        }
    }

    /// <summary>Creates a database with a unique generated name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        CreateDatabaseAsync("test_" + Guid.NewGuid().ToString("N"), cancellationToken);

    /// <summary>
    /// Takes the server down (fast shutdown: open sessions are ended) while keeping its data, to test how clients live through
    /// an outage; <see cref="ResumeAsync"/> brings it back on the same port. Only for a private instance, never the shared one.
    /// </summary>
    public async Task SuspendAsync(CancellationToken cancellationToken = default)
    {
        await RunAsPostgresAsync(Path.Combine(PostgresBinaries.FindBinDirectory(), "pg_ctl"), ["-D", DataDirectory, "stop", "-m", "fast", "-w"],
            "pg_ctl stop", cancellationToken);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts a suspended server again on the same port and waits until it accepts connections.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        var options = string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {RootDirectory} -c listen_addresses=127.0.0.1");
        return RunAsPostgresAsync(Path.Combine(PostgresBinaries.FindBinDirectory(), "pg_ctl"),
            ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], "pg_ctl start", cancellationToken);
    }

    /// <summary>Stops the instance immediately and deletes its folder. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        NpgsqlConnection.ClearAllPools();
        // Signal the postmaster directly instead of spawning pg_ctl: at process exit the test host
        // gives handlers very little time (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), and a spawn may not finish.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            UnixSignals.Send(pid, UnixSignals.Quit);
            // The postmaster removes its pid file last; wait briefly so the folder is not deleted under it.
            var deadline = Environment.TickCount64 + 5_000;
            while (File.Exists(pidFile) && Environment.TickCount64 < deadline)
            {
                Thread.Sleep(10);
            }
        }

        TryDeleteDirectory(RootDirectory);
        _watchdog.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<PostgresServer> StartOnFreePortAsync(string root, string bin, CancellationToken cancellationToken)
    {
        // The free port may be taken between probing and binding, so retry with a fresh one.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Get();
            var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {root} -c listen_addresses=127.0.0.1");
            var (file, args) = SystemUser.AsUser(SuperUser, Path.Combine(bin, "pg_ctl"),
                ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "postgres.log"), "-o", options, "-w", "-t", "60", "start"]);
            var result = await ProcessRunner.RunAsync(file, args, cancellationToken: cancellationToken);
            if (result.Succeeded)
            {
                // If the test host is killed before its exit handlers finish, this still stops the server.
                var (stopFile, stopArgs) = SystemUser.AsUser(SuperUser, Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "stop", "-m", "immediate", "-w"]);
                var watchdog = ExitWatchdog.Start($"{ExitWatchdog.Command(stopFile, stopArgs)}; rm -rf {ExitWatchdog.Quote(root)}");
                var server = new PostgresServer(root, port, watchdog);
                AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit;
                return server;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(root, "postgres.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "postgres.log"), cancellationToken) : "";
                result.EnsureSuccess($"pg_ctl start (log: {log})");
            }
        }
    }

    private static async Task RunAsPostgresAsync(string fileName, IEnumerable<string> arguments, string what, CancellationToken cancellationToken)
    {
        var (file, args) = SystemUser.AsUser(SuperUser, fileName, arguments);
        (await ProcessRunner.RunAsync(file, args, cancellationToken: cancellationToken)).EnsureSuccess(what);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Leaving a temp folder behind must not fail a test run; /tmp is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a non-root runner may not be allowed to delete files the postgres user created.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
