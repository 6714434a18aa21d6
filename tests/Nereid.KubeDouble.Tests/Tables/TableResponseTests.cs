using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Nereid.KubeDouble.Tests.Conformance;

namespace Nereid.KubeDouble.Tests.Tables;

/// <summary>
/// Server-side printing (SEMANTICS.md §16.4): <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c> answers a
/// meta.k8s.io Table with the printers' columns (wide ones at priority 1) and PartialObjectMetadata rows.
/// </summary>
public sealed class TableResponseTests : IAsyncLifetime
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private KubeApiDouble _kube = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        _http = _kube.CreateClient();
        var created = DateTimeOffset.UtcNow.AddDays(-3).AddHours(-2);
        _kube.SeedObject(TableObjects.Node("gpu-1", ready: true, roles: ["worker", "gpu"], internalIp: "10.0.0.5", externalIp: "203.0.113.5"), created);
        _kube.SeedObject(TableObjects.Node("cp-1", ready: true, unschedulable: true, roles: ["control-plane"], internalIp: "10.0.0.1"), created);
        _kube.SeedObject(TableObjects.Node("old-1", ready: false), created);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _kube.DisposeAsync();
    }

    [Fact, Trait("Rule", "§16.4 Table for kubectl get")]
    public async Task List_NodesWithKubectlAccept_ReturnsNodeTable()
    {
        var table = await GetAsync("/api/v1/nodes", KubectlAccept);

        table["kind"]!.GetValue<string>().ShouldBe("Table");
        table["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1");
        var columns = table["columnDefinitions"]!.AsArray().Select(c => (c!["name"]!.GetValue<string>(), c["priority"]!.GetValue<int>())).ToList();
        columns.ShouldBe([("Name", 0), ("Status", 0), ("Roles", 0), ("Age", 0), ("Version", 0), ("Internal-IP", 1), ("External-IP", 1),
            ("OS-Image", 1), ("Kernel-Version", 1), ("Container-Runtime", 1)]);
        table["columnDefinitions"]![0]!["format"]!.GetValue<string>().ShouldBe("name");
        Cells(table, "gpu-1").ShouldBe(["gpu-1", "Ready", "gpu,worker", "3d2h", "v1.35.0", "10.0.0.5", "203.0.113.5", "Ubuntu 24.04.1 LTS", "6.8.0-45-generic", "containerd://1.7.22"]);
        Cells(table, "cp-1")[..3].ShouldBe(["cp-1", "Ready,SchedulingDisabled", "control-plane"]);
        Cells(table, "old-1")[..3].ShouldBe(["old-1", "NotReady", "<none>"]);
        Cells(table, "old-1")[5..7].ShouldBe(["<none>", "<none>"]);
        table["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact, Trait("Rule", "§16.4 Table rows carry PartialObjectMetadata by default")]
    public async Task List_TableDefault_RowObjectIsPartialObjectMetadata()
    {
        var table = await GetAsync("/api/v1/nodes", KubectlAccept);

        var row = table["rows"]!.AsArray().First(r => r!["cells"]![0]!.GetValue<string>() == "gpu-1")!;
        row["object"]!["kind"]!.GetValue<string>().ShouldBe("PartialObjectMetadata");
        row["object"]!["metadata"]!["labels"]!["node-role.kubernetes.io/gpu"]!.GetValue<string>().ShouldBe("");
        row["object"]!.AsObject().ContainsKey("status").ShouldBeFalse();
    }

    [Fact, Trait("Rule", "§16.4 includeObject=Object")]
    public async Task List_IncludeObjectObject_RowObjectIsFullNode()
    {
        var table = await GetAsync("/api/v1/nodes?includeObject=Object", KubectlAccept);

        var row = table["rows"]!.AsArray().First(r => r!["cells"]![0]!.GetValue<string>() == "gpu-1")!;
        row["object"]!["kind"]!.GetValue<string>().ShouldBe("Node");
        row["object"]!["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>().ShouldBe("v1.35.0");
    }

    [Fact, Trait("Rule", "§16.4 v1beta1 Table")]
    public async Task List_OnlyV1beta1Table_ReturnsV1beta1Table()
    {
        var table = await GetAsync("/api/v1/nodes", "application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json");
        table["apiVersion"]!.GetValue<string>().ShouldBe("meta.k8s.io/v1beta1");
    }

    [Fact, Trait("Rule", "§16.4 plain JSON without Table in Accept")]
    public async Task List_PlainJsonAccept_ReturnsNodeList()
    {
        var list = await GetAsync("/api/v1/nodes", "application/json");
        list["kind"]!.GetValue<string>().ShouldBe("NodeList");
    }

    [Fact, Trait("Rule", "§16.4 Table for one object")]
    public async Task Get_RunningPodAsTable_ShowsReadyRestartsAndWideColumns()
    {
        await CreateNamespaceAsync("team");
        _kube.SeedObject(TableObjects.RunningPod("team", "train", "gpu-1", "10.244.1.7", 2, DateTimeOffset.UtcNow.AddMinutes(-30)), DateTimeOffset.UtcNow.AddHours(-1));

        var table = await GetAsync("/api/v1/namespaces/team/pods/train", KubectlAccept);

        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())
            .ShouldBe(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"]);
        Cells(table, "train").ShouldBe(["train", "1/1", "Running", "2 (30m ago)", "60m", "10.244.1.7", "gpu-1", "<none>", "<none>"]);
    }

    [Fact, Trait("Rule", "§16.4 Table of a newly created pod")]
    public async Task List_NewPod_ShowsPendingWithoutNode()
    {
        await CreateNamespaceAsync("fresh");
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "p" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "a", ["image"] = "busybox" }, new JsonObject { ["name"] = "b", ["image"] = "busybox" }) },
        };
        (await _http.PostAsync("/api/v1/namespaces/fresh/pods", ConformanceTarget.Json(pod))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var table = await GetAsync("/api/v1/namespaces/fresh/pods", KubectlAccept);

        var cells = Cells(table, "p");
        cells[..4].ShouldBe(["p", "0/2", "Pending", "0"]);
        cells[5..].ShouldBe(["<none>", "<none>", "<none>", "<none>"]);
    }

    [Fact, Trait("Rule", "§16.4 Table for namespaces")]
    public async Task List_NamespacesAsTable_ShowsStatus()
    {
        var table = await GetAsync("/api/v1/namespaces", KubectlAccept);

        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ShouldBe(["Name", "Status", "Age"]);
        Cells(table, "kube-system")[..2].ShouldBe(["kube-system", "Active"]);
    }

    [Fact, Trait("Rule", "§16.4 default table (Name, Created At) for kinds without a printer")]
    public async Task List_ClusterRolesAsTable_UsesDefaultColumns()
    {
        var table = await GetAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles", KubectlAccept);

        var columns = table["columnDefinitions"]!.AsArray();
        columns.Select(c => c!["name"]!.GetValue<string>()).ShouldBe(["Name", "Created At"]);
        columns[1]!["type"]!.GetValue<string>().ShouldBe("date");
        var cells = Cells(table, "admin");
        DateTimeOffset.TryParse(cells[1], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _).ShouldBeTrue();
    }

    [Fact, Trait("Rule", "§16.4 Table for role bindings")]
    public async Task List_RoleBindingsAsTable_ShowsRoleAndSubjects()
    {
        await CreateNamespaceAsync("rb");
        var binding = JsonNode.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"members"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"ci","namespace":"rb"}]}
            """)!;
        (await _http.PostAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rb/rolebindings", ConformanceTarget.Json(binding))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var table = await GetAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rb/rolebindings", KubectlAccept);

        var cells = Cells(table, "members");
        cells[1].ShouldBe("ClusterRole/edit");
        cells[3..].ShouldBe(["alice", "", "rb/ci"]);
    }

    private async Task CreateNamespaceAsync(string name)
    {
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
        (await _http.PostAsync("/api/v1/namespaces", ConformanceTarget.Json(body))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private Task<JsonObject> GetAsync(string url, string accept) => _http.GetJsonAsync(url, accept);

    private static string[] Cells(JsonObject table, string name) =>
        table["rows"]!.AsArray().Select(r => r!["cells"]!.AsArray()).First(c => c[0]!.GetValue<string>() == name)
            .Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : c!.ToJsonString()).ToArray();
}
