namespace Nereid.Kubernetes.WorkQueue;

/// <summary>What a reconcile pass asks of the queue.</summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(ReconcileOutcome outcome, TimeSpan delay, string? reason)
    {
        Outcome = outcome;
        Delay = delay;
        Reason = reason;
    }

    /// <summary>The outcome.</summary>
    public ReconcileOutcome Outcome { get; }

    /// <summary>Delay for <see cref="ReconcileOutcome.RequeueAfter"/>.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Why a pass is terminal (logged).</summary>
    public string? Reason { get; }

    /// <summary>Converged; forget the key's backoff.</summary>
    public static ReconcileResult Done { get; } = new(ReconcileOutcome.Done, TimeSpan.Zero, null);

    /// <summary>Look again after <paramref name="delay"/> (polling, waiting on something external).</summary>
    public static ReconcileResult RequeueAfter(TimeSpan delay) => new(ReconcileOutcome.RequeueAfter, delay, null);

    /// <summary>Cannot succeed by retrying (bad input); do not retry until the key is added again.</summary>
    public static ReconcileResult Terminal(string reason) => new(ReconcileOutcome.Terminal, TimeSpan.Zero, reason);
}

/// <summary>Kinds of <see cref="ReconcileResult"/>.</summary>
public enum ReconcileOutcome
{
    Done,
    RequeueAfter,
    Terminal,
}

/// <summary>Thrown by a reconcile pass that must not be retried (the queue forgets the key instead of backing off).</summary>
internal sealed class TerminalException : Exception
{
    public TerminalException(string message)
        : base(message)
    {
    }

    public TerminalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
