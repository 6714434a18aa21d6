using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Watch;

/// <summary>Kinds of watch events.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Progress marker: only <c>metadata.resourceVersion</c> is meaningful.</summary>
    Bookmark,

    /// <summary>The server reported an error; <see cref="WatchEvent{T}.Error"/> holds the Status.</summary>
    Error,
}

/// <summary>One event of a watch stream.</summary>
/// <param name="Type">Event type.</param>
/// <param name="Object">The object (final state for DELETED; only a version for BOOKMARK); null for ERROR.</param>
/// <param name="Error">The Status of an ERROR event.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, Status? Error = null)
    where T : KubeObject;
