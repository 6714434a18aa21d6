namespace Nereid.Server.Startup;

/// <summary>
/// Whether this replica finished its start-up work (database reachable, schema migrated, first admin present), and
/// if not, why. <c>/readyz</c> reports it; background services that need the schema wait for it.
/// </summary>
internal sealed class StartupReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _reason = "starting";

    /// <summary>True once start-up work is done; it never goes back.</summary>
    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Why start-up is not done yet (empty once ready).</summary>
    public string Reason => IsReady ? "" : _reason;

    /// <summary>Records why start-up is still waiting.</summary>
    public void Waiting(string reason) => _reason = reason;

    /// <summary>Marks start-up done and releases every waiter.</summary>
    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Completes when start-up is done, or throws when <paramref name="ct"/> fires first.</summary>
    public Task WhenReadyAsync(CancellationToken ct) => _ready.Task.WaitAsync(ct);
}
