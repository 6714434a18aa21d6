namespace Nereid.KubeDouble.Faults;

/// <summary>What a failing request does.</summary>
public enum FaultKind
{
    /// <summary>500 InternalError.</summary>
    InternalError,
    /// <summary>429 TooManyRequests with Retry-After: 1.</summary>
    TooManyRequests,
    /// <summary>409 Conflict.</summary>
    Conflict,
    /// <summary>Hang, then abort the connection.</summary>
    Timeout,
}

/// <summary>An error rate for one verb.</summary>
/// <param name="Rate">Probability 0..1 per request.</param>
/// <param name="Kind">The failure to inject.</param>
public sealed record VerbFault(double Rate, FaultKind Kind);
