namespace Nereid.Server.Clusters;

/// <summary>How a namespace pass ended, as far as status is concerned.</summary>
internal enum PassOutcome
{
    /// <summary>Every desired object is applied and every stale one pruned.</summary>
    Applied,

    /// <summary>Applied, but someone else wrote an object meanwhile; another pass follows at once.</summary>
    Raced,

    /// <summary>Deletion requested; the grace period has not ended.</summary>
    DeletionPending,

    /// <summary>The Kubernetes namespace was deleted (or was already gone).</summary>
    Deleted,

    /// <summary>Taken off this cluster by a placement change; the grace period has not ended.</summary>
    RemovalPending,

    /// <summary>Taken off this cluster; the Kubernetes namespace was deleted.</summary>
    Unplaced,

    /// <summary>Not placed on this cluster, yet a namespace of ours is there that no placement change removed; it is left alone.</summary>
    NotPlaced,

    /// <summary>The stored namespace cannot be projected.</summary>
    InvalidInput,

    /// <summary>The API server rejected the projected object as invalid.</summary>
    Rejected,

    /// <summary>The API server failed (transient); the pass is retried with backoff.</summary>
    ApiError,
}

/// <summary>What a pass saw of the desired objects in the cluster's cache, and what it changed.</summary>
/// <param name="Desired">Objects the projection holds.</param>
/// <param name="Missing">Desired objects absent from the cache (created by the pass).</param>
/// <param name="Changed">Desired objects present whose apply changed them (drift repaired or the database changed).</param>
/// <param name="Pruned">Owned objects no longer desired, deleted.</param>
internal readonly record struct ObservedSummary(int Desired, int Missing, int Changed, int Pruned);

/// <summary>The outcome of one pass with its detail.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">The error message for the failure outcomes, empty otherwise.</param>
/// <param name="DeletionDue">When the grace period ends, for <see cref="PassOutcome.DeletionPending"/> and <see cref="PassOutcome.RemovalPending"/>.</param>
internal sealed record PassReport(PassOutcome Outcome, string Detail = "", DateTime? DeletionDue = null);
