namespace Nereid.KubeDouble.Apply;

/// <summary>
/// How a list merges, by field name and context. The real apiserver reads <c>x-kubernetes-list-type</c> /
/// <c>x-kubernetes-list-map-keys</c> (SSA) and <c>x-kubernetes-patch-merge-key</c> (strategic merge) from the
/// schema; the double hard-codes the lists of the kinds it serves. Simplification: anything not listed is atomic
/// (true for rbac <c>subjects</c>/<c>rules</c>, tolerations, args, networkpolicy ingress/egress, ...).
/// </summary>
public static class ListTypes
{
    /// <summary>Merge keys of an associative list, an empty array for a set, null for an atomic list.</summary>
    public static string[]? KeysFor(string field, string? parentField)
    {
        return field switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets"
                or "resourceClaims" or "schedulingGates" => ["name"],
            "ports" when parentField is "containers" or "initContainers" or "ephemeralContainers" => ["containerPort", "protocol"],
            "ports" when parentField is "spec" => ["port", "protocol"],
            "volumeMounts" => ["mountPath"],
            "volumeDevices" => ["devicePath"],
            "ownerReferences" => ["uid"],
            "conditions" => ["type"],
            "hostAliases" => ["ip"],
            "topologySpreadConstraints" => ["topologyKey", "whenUnsatisfiable"],
            "finalizers" => [],
            _ => null,
        };
    }
}
