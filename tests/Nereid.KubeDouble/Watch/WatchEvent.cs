using System.Text.Json.Nodes;
using Nereid.KubeDouble.Discovery;

namespace Nereid.KubeDouble.Watch;

/// <summary>
/// One change in the store. <see cref="Object"/> is the stored (immutable by convention) state after the change;
/// for DELETED it is the final state with the deletion's resourceVersion. <see cref="Previous"/> lets filtered
/// watches turn "stopped matching" into DELETED, as the real watch cache does.
/// </summary>
public sealed record WatchEvent(string Type, long ResourceVersion, ResourceInfo Resource, string Namespace, JsonObject Object, JsonObject? Previous);
