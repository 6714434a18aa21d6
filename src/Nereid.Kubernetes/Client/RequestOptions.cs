namespace Nereid.Kubernetes.Client;

/// <summary>List query: selectors, paging and version semantics. All optional.</summary>
public sealed record ListOptions
{
    /// <summary>Label selector, e.g. <c>app=web,tier!=db</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector, e.g. <c>spec.nodeName=n1</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server may ignore it, so rely only on <c>continue</c>.</summary>
    public int? Limit { get; init; }

    /// <summary>Continue token from the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>Version semantics (<c>"0"</c> = any cached version).</summary>
    public string? ResourceVersion { get; init; }
}

/// <summary>Watch query: start version, selectors, bookmarks.</summary>
public sealed record WatchOptions
{
    /// <summary>Version to resume after; null starts with synthetic ADDED events for existing objects.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Label selector; objects entering or leaving it arrive as ADDED/DELETED. Default null.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector. Default null.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Ask for BOOKMARK events. Default true.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>Server-side stream lifetime; null uses <see cref="KubernetesClientOptions.WatchTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Server-side apply: who applies and whether to take fields owned by others.</summary>
/// <param name="FieldManager">Field manager name (required by the server).</param>
/// <param name="Force">Take ownership of conflicting fields. Controllers should force. Default true.</param>
/// <param name="DryRun">Send <c>dryRun=All</c>: the server answers with what it would store and stores nothing. Default false.</param>
public sealed record ApplyOptions(string FieldManager, bool Force = true, bool DryRun = false);

/// <summary>Delete options.</summary>
public sealed record DeleteOptions
{
    /// <summary><c>Foreground</c>, <c>Background</c> or <c>Orphan</c>; null leaves the server default.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Grace period; 0 deletes immediately.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Only delete if the object still has this resourceVersion (409 otherwise).</summary>
    public string? PreconditionResourceVersion { get; init; }

    /// <summary>Only delete if the object still has this uid (409 otherwise).</summary>
    public string? PreconditionUid { get; init; }
}
