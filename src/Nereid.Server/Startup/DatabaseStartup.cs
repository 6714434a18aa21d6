using Microsoft.Extensions.Options;
using Nereid.Data.Database;
using Nereid.Server.Auth;
using Nereid.Server.Outages;

namespace Nereid.Server.Startup;

/// <summary>
/// The replica's start-up work: migrate the schema, make sure a platform admin exists, read the provider's keys, seed demo data. Registered before
/// every other hosted service, so when the database answers at once it all finishes before anything else starts (as
/// before). When the database cannot be reached, the host starts anyway, serving <c>/healthz</c> and a not-ready
/// <c>/readyz</c> with the reason, and the work is retried with exponential backoff until the database returns, instead
/// of the process exiting and a restart loop taking its place.
/// </summary>
internal sealed partial class DatabaseStartup(IServiceProvider services, StartupReadiness readiness, IOptions<StartupOptions> options,
    TimeProvider time, ILogger<DatabaseStartup> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;
    private bool _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Built first (the host would build it only when it starts) so it sees the migrations' and seeding's measurements too.
        services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>();
        var failure = await TryOnceAsync(cancellationToken);
        if (failure is null)
            return;
        _retrying = Task.Run(() => RetryAsync(failure, _stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopping)
        {
            // A test host may dispose its services before stopping them; disposal already cancelled the retries.
            if (_disposed)
                return;
            _stopping.Cancel();
        }
        await _retrying.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        lock (_stopping)
        {
            if (_disposed)
                return;
            _disposed = true;
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task RetryAsync(string? failure, CancellationToken ct)
    {
        var o = options.Value;
        var pause = o.DatabaseRetryInitial;
        for (var attempt = 1; failure is not null; attempt++)
        {
            readiness.Waiting($"waiting for the database (attempt {attempt} failed: {failure}; next in {pause.TotalSeconds:0.#} s)");
            LogWaiting(logger, attempt, failure, pause);
            try
            {
                await Task.Delay(pause, time, ct);
                failure = await TryOnceAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, o.DatabaseRetryMax.Ticks));
        }
    }

    /// <summary>Runs the whole start-up once; null when done, else why the database could not be used.</summary>
    private async Task<string?> TryOnceAsync(CancellationToken ct)
    {
        try
        {
            await InitializeAsync(ct);
        }
        catch (Exception ex) when (DependencyOutage.IsDatabaseUnavailable(ex) && !ct.IsCancellationRequested)
        {
            return DependencyOutage.Describe(ex);
        }
        readiness.MarkReady();
        return null;
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await services.GetRequiredService<BootstrapAdmin>().EnsureAsync(ct);
        // The provider's keys are read before the replica serves anything, so building OpenIddict's options (at the first
        // request) never needs the database: a first request during an outage would otherwise find no keys at all.
        await services.GetRequiredService<Provider.Keys.SigningKeyCache>().RefreshAsync(ct);
        var demo = services.GetRequiredService<IOptions<Demo.DemoOptions>>().Value;
        if (demo.SeedNamespaces > 0)
        {
            var people = demo.SeedPeople > 0 ? demo.SeedPeople : demo.SeedNamespaces * 3;
            await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync(demo.SeedNamespaces, people, demo.SeedMembershipsPerNamespace, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not usable at start (attempt {Attempt}): {Failure}; retrying in {Pause}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string failure, TimeSpan pause);
}
