namespace Nereid.Domain.Policies;

/// <summary>How far graduated enforcement has gone for one violation. The <c>Would…</c> states are dry-run records.</summary>
public enum EnforcementState
{
    /// <summary>Recorded, nobody told yet.</summary>
    None = 0,
    /// <summary>At least one notice went out.</summary>
    Notified = 1,
    /// <summary>The workload carries the <c>nereid.io/violation</c> annotation.</summary>
    Annotated = 2,
    /// <summary>The Deployment was scaled to zero replicas.</summary>
    ScaledDown = 3,
    /// <summary>The bare pod or Job was deleted.</summary>
    Deleted = 4,
    /// <summary>Dry run: the workload would have been annotated.</summary>
    WouldAnnotate = 5,
    /// <summary>Dry run: the Deployment would have been scaled to zero.</summary>
    WouldScaleDown = 6,
    /// <summary>Dry run: the pod or Job would have been deleted.</summary>
    WouldDelete = 7,
}
