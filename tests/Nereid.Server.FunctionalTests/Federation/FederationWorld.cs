using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Identity;
using Nereid.Server.FunctionalTests.Placement;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>Two API doubles with Admiralty's CRDs and its source ClusterRole, as the Admiralty chart leaves a cluster.</summary>
internal static class FederationWorld
{
    public static readonly string[] Kinds = ["Secret", "Target", "ServiceAccount", "RoleBinding", "Source"];

    /// <summary>The grants of Admiralty's <c>multicluster-scheduler-source</c> ClusterRole: pod chaperons only, never pods.</summary>
    public const string ChaperonVerbs = """["get","list","watch","create","update","patch","delete"]""";

    public static Task<TwoClusterAppFactory> StartAsync() => StartWithAsync(null, null);

    /// <summary>Both clusters as Admiralty's chart leaves them; <paramref name="configure"/> adds to each double, and the server
    /// calls them with <paramref name="nereidToken"/> when given (a user <paramref name="configure"/> defines).</summary>
    public static async Task<TwoClusterAppFactory> StartWithAsync(Action<KubeDoubleOptions>? configure, string? nereidToken)
    {
        var app = await TwoClusterAppFactory.StartAsync((_, o) =>
        {
            configure?.Invoke(o);
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("admiralty") ?? throw new InvalidOperationException("shared/reference/admiralty not found"));
            o.SeedObjects.Add(JsonNode.Parse($$"""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"multicluster-scheduler-source"},
                 "rules":[{"apiGroups":["multicluster.admiralty.io"],"resources":["podchaperons"],"verbs":{{ChaperonVerbs}}}]}
                """)!.AsObject());
        }, nereidToken);
        app.With("Nereid:Federation:ResyncInterval", "00:00:00.200");
        // PodChaperon, the one kind a source may touch on a target, is among the CRDs Admiralty's chart installs; it is
        // not in the reference folder (Nereid never writes it), so a minimal definition lets kubectl resolve its name.
        foreach (var cluster in new[] { TwoClusterAppFactory.East, TwoClusterAppFactory.West })
        {
            var crd = JsonSerializer.Deserialize<UnstructuredObject>("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"podchaperons.multicluster.admiralty.io"},
                 "spec":{"group":"multicluster.admiralty.io","scope":"Namespaced",
                         "names":{"plural":"podchaperons","singular":"podchaperon","kind":"PodChaperon","listKind":"PodChaperonList"},
                         "versions":[{"name":"v1alpha1","served":true,"storage":true,
                                      "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
                """, KubeJson.Options)!;
            await app.Admin(cluster).CreateAsync(new ResourceType("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false), crd);
        }
        return app;
    }

    private static readonly ResourceType Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);

    /// <summary>What Admiralty's chart installs on a cluster started without it: its CRDs (Target, Source, ...) and the source ClusterRole.</summary>
    public static async Task InstallAdmiraltyAsync(KubeClient admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        foreach (var crd in CrdLoader.Load([CrdLoader.LocateReference("admiralty")!]))
        {
            await admin.CreateAsync(Crds, JsonSerializer.Deserialize<UnstructuredObject>(crd.ToJsonString(), KubeJson.Options)!);
        }
        await admin.CreateAsync(new ResourceType("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
            JsonSerializer.Deserialize<UnstructuredObject>($$"""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"multicluster-scheduler-source"},
                 "rules":[{"apiGroups":["multicluster.admiralty.io"],"resources":["podchaperons"],"verbs":{{ChaperonVerbs}}}]}
                """, KubeJson.Options)!);
    }

    public static ResourceType Type(string kind) => kind switch
    {
        "Secret" => new("", "v1", "secrets", "Secret", true),
        "ServiceAccount" => new("", "v1", "serviceaccounts", "ServiceAccount", true),
        "RoleBinding" => new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        "Target" => new("multicluster.admiralty.io", "v1alpha1", "targets", "Target", true),
        "Source" => new("multicluster.admiralty.io", "v1alpha1", "sources", "Source", true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Every object of the five kinds in <paramref name="ns"/> on <paramref name="cluster"/> (any label), as <c>Kind/name</c>.</summary>
    public static async Task<List<string>> ObjectsAsync(TwoClusterAppFactory app, string cluster, string ns)
    {
        var result = new List<string>();
        foreach (var kind in Kinds)
        {
            var list = await app.Admin(cluster).ListAsync<UnstructuredObject>(Type(kind), ns);
            // The API server's own default ServiceAccount is not ours; anything else of these kinds is.
            result.AddRange(list.Items.Where(o => !(kind == "ServiceAccount" && o.Metadata.Name == "default"))
                .Where(o => !(kind == "RoleBinding" && o.Metadata.Labels?.GetValueOrDefault("app.kubernetes.io/managed-by") == "nereid"))
                .Select(o => $"{kind}/{o.Metadata.Name}"));
        }
        return [.. result.Order(StringComparer.Ordinal)];
    }

    /// <summary>The kubeconfig in <paramref name="cluster"/>'s Secret for <paramref name="peer"/>, or null.</summary>
    public static async Task<string?> KubeconfigAsync(TwoClusterAppFactory app, string cluster, string ns, string peer)
    {
        var secret = await app.Admin(cluster).GetAsync<UnstructuredObject>(Type("Secret"), ns, "nereid-admiralty-" + peer);
        return secret?["data"]?["config"]?.GetValue<string>() is { } data ? Encoding.UTF8.GetString(Convert.FromBase64String(data)) : null;
    }

    public static string TokenOf(string kubeconfig) =>
        JsonNode.Parse(kubeconfig)!["users"]![0]!["user"]!["token"]!.GetValue<string>();

    /// <summary><c>kubectl auth can-i</c> through <paramref name="kubeconfig"/>: true for yes.</summary>
    public static async Task<bool> CanIAsync(string kubeconfig, params string[] question)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nereid-federation-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(file, kubeconfig);
        try
        {
            var (exit, stdout, stderr) = await IdentitySteps.RunAsync("/usr/bin/kubectl", ["--kubeconfig", file, "auth", "can-i", .. question],
                new Dictionary<string, string>());
            var answer = stdout.Trim();
            (answer is "yes" or "no").ShouldBeTrue($"kubectl auth can-i {string.Join(' ', question)} answered '{stdout}' (exit {exit}): {stderr}");
            return answer == "yes";
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<JsonElement> FederationAsync(HttpClient api, string ns) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{ns}/federation");

    public static JsonElement Cluster(JsonElement view, string cluster) =>
        view.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("cluster").GetString() == cluster);
}
