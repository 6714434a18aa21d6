namespace Nereid.Server.Freshness;

/// <summary>Whether a data source answered its last check.</summary>
internal enum Reachability
{
    /// <summary>Not checked yet since this replica started.</summary>
    Unknown,

    /// <summary>The last check succeeded.</summary>
    Reachable,

    /// <summary>The last check failed; what the portal shows from it is the last known state.</summary>
    Unreachable,
}

/// <summary>
/// What this replica knows about one data source (a cluster API or Prometheus): where it is, whether it answered,
/// since when it does not, and the last error.
/// </summary>
/// <param name="Kind"><c>cluster</c>, <c>prometheus</c> or <c>jupyterhub</c>.</param>
/// <param name="Name">The cluster's name, or <c>prometheus</c> or <c>jupyterhub</c>.</param>
/// <param name="Location">The URL checked.</param>
/// <param name="CheckedAt">When the last check finished; null before the first.</param>
/// <param name="LastSuccessAt">When the source last answered; null when never (since this replica started).</param>
/// <param name="UnreachableSince">When the current run of failed checks began; null while reachable.</param>
/// <param name="LastError">Why the last check failed; null while reachable.</param>
internal sealed record SourceState(string Kind, string Name, string Location, Reachability State, DateTimeOffset? CheckedAt,
    DateTimeOffset? LastSuccessAt, DateTimeOffset? UnreachableSince, string? LastError)
{
    /// <summary>True when the source did not answer its last check: data read from it is the last known state.</summary>
    public bool Stale => State == Reachability.Unreachable;

    /// <summary>For people: <c>cluster west (https://…)</c>.</summary>
    public string Label => Kind switch
    {
        SourceKinds.Prometheus => $"Prometheus ({Location})",
        SourceKinds.JupyterHub => $"JupyterHub ({Location})",
        _ => $"cluster {Name} ({Location})",
    };

    /// <summary>One sentence for people and the API's <c>reason</c>, or null while reachable or unknown.</summary>
    public string? Reason => Stale
        ? $"{Label} has not answered since {UnreachableSince:O}: {LastError}"
        : null;
}

/// <summary>The kinds of sources checked.</summary>
internal static class SourceKinds
{
    public const string Cluster = "cluster";
    public const string Prometheus = "prometheus";

    /// <summary>JupyterHub's REST API, checked by every read of the sessions (it has no cache of its own).</summary>
    public const string JupyterHub = "jupyterhub";
}
