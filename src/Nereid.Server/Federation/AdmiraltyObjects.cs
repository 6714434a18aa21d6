using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Server.Federation;

/// <summary>
/// The Admiralty objects of one federated namespace, as a pure function of its <see cref="FederationPlan"/>: on the
/// source cluster a <c>Target</c> per target cluster and the kubeconfig Secret it names; on each target a
/// ServiceAccount for the source, a RoleBinding of Admiralty's source ClusterRole limited to the namespace, and a
/// <c>Source</c>. The namespace label that switches Admiralty on is applied separately (<see cref="NamespaceLabels"/>),
/// because the Namespace itself belongs to the namespace projection.
/// </summary>
internal static class AdmiraltyObjects
{
    /// <summary>The labels the federation adds to the namespace on the source cluster.</summary>
    public static IReadOnlyDictionary<string, string> NamespaceLabels { get; } =
        new Dictionary<string, string> { [AdmiraltyNames.SchedulerLabel] = AdmiraltyNames.SchedulerEnabled };

    /// <summary>Every object of <paramref name="plan"/>, source-cluster objects first, in a stable order.</summary>
    public static IReadOnlyList<FederationObject> Build(FederationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = new List<FederationObject>();
        foreach (var target in plan.Targets.OrderBy(t => t.Cluster, StringComparer.Ordinal))
        {
            if (target.Cluster == plan.SourceCluster)
            {
                continue; // Admiralty's self-targeting needs no kubeconfig; Nereid only federates distinct clusters.
            }
            result.Add(new(plan.SourceCluster, AdmiraltyNames.Secret, KubeconfigSecret(plan, target)));
            result.Add(new(plan.SourceCluster, AdmiraltyNames.Target, Target(plan, target)));
        }
        foreach (var target in plan.Targets.Where(t => t.Cluster != plan.SourceCluster).OrderBy(t => t.Cluster, StringComparer.Ordinal))
        {
            result.Add(new(target.Cluster, AdmiraltyNames.ServiceAccount, ServiceAccount(plan)));
            result.Add(new(target.Cluster, AdmiraltyNames.RoleBinding, RoleBinding(plan)));
            result.Add(new(target.Cluster, AdmiraltyNames.Source, Source(plan)));
        }
        return result;
    }

    /// <summary>
    /// The kubeconfig the source's Admiralty agent uses for <paramref name="target"/>: one cluster, one token user, one
    /// context whose default namespace is the federated one. JSON, which every kubeconfig reader accepts as YAML.
    /// </summary>
    public static string Kubeconfig(FederationPlan plan, FederationTarget target)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        var cluster = new JsonObject { ["server"] = target.Server.ToString().TrimEnd('/') };
        if (!string.IsNullOrEmpty(target.CaPem))
        {
            cluster["certificate-authority-data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(target.CaPem));
        }
        var user = AdmiraltyNames.SourceIdentity(plan.SourceCluster);
        var config = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["clusters"] = new JsonArray(new JsonObject { ["name"] = target.Cluster, ["cluster"] = cluster }),
            ["users"] = new JsonArray(new JsonObject { ["name"] = user, ["user"] = new JsonObject { ["token"] = target.Token } }),
            ["contexts"] = new JsonArray(new JsonObject
            {
                ["name"] = target.Cluster,
                ["context"] = new JsonObject { ["cluster"] = target.Cluster, ["user"] = user, ["namespace"] = plan.Namespace },
            }),
            ["current-context"] = target.Cluster,
        };
        return config.ToJsonString();
    }

    private static UnstructuredObject KubeconfigSecret(FederationPlan plan, FederationTarget target)
    {
        var secret = New(AdmiraltyNames.Secret, plan.Namespace, AdmiraltyNames.SecretName(target.Cluster), target.Cluster);
        secret["type"] = "Opaque";
        secret["data"] = new JsonObject
        {
            [AdmiraltyNames.KubeconfigKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Kubeconfig(plan, target))),
        };
        return secret;
    }

    private static UnstructuredObject Target(FederationPlan plan, FederationTarget target)
    {
        var obj = New(AdmiraltyNames.Target, plan.Namespace, AdmiraltyNames.TargetName(target.Cluster), target.Cluster);
        obj["spec"] = new JsonObject
        {
            ["kubeconfigSecret"] = new JsonObject
            {
                ["name"] = AdmiraltyNames.SecretName(target.Cluster),
                ["key"] = AdmiraltyNames.KubeconfigKey,
                ["context"] = target.Cluster,
            },
        };
        return obj;
    }

    private static UnstructuredObject ServiceAccount(FederationPlan plan) =>
        New(AdmiraltyNames.ServiceAccount, plan.Namespace, AdmiraltyNames.SourceIdentity(plan.SourceCluster), plan.SourceCluster);

    private static UnstructuredObject RoleBinding(FederationPlan plan)
    {
        var name = AdmiraltyNames.SourceIdentity(plan.SourceCluster);
        var binding = New(AdmiraltyNames.RoleBinding, plan.Namespace, name, plan.SourceCluster);
        binding["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = AdmiraltyNames.SourceClusterRole,
        };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = plan.Namespace });
        return binding;
    }

    private static UnstructuredObject Source(FederationPlan plan)
    {
        var name = AdmiraltyNames.SourceIdentity(plan.SourceCluster);
        var source = New(AdmiraltyNames.Source, plan.Namespace, name, plan.SourceCluster);
        source["spec"] = new JsonObject { ["serviceAccountName"] = name };
        return source;
    }

    private static UnstructuredObject New(ResourceType type, string ns, string name, string peer) => new()
    {
        ApiVersion = type.ApiVersion,
        Kind = type.Kind,
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Labels = new Dictionary<string, string>
            {
                [ProjectionNames.ManagedByLabel] = AdmiraltyNames.ManagedByValue,
                [AdmiraltyNames.PeerLabel] = peer,
            },
        },
    };

    /// <summary>The object as the JSON an apply sends (used by the schema tests and the fingerprints).</summary>
    public static JsonObject ToJson(KubeObject obj) =>
        JsonSerializer.SerializeToNode(obj, obj.GetType(), KubeJson.Options)!.AsObject();
}
