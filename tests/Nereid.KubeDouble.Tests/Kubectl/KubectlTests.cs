using System.Diagnostics;
using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Tests.Kubectl;

/// <summary>Real /usr/bin/kubectl (1.32) against the double, with its own kubeconfig and cache folder.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private const string AliceToken = "alice-token";
    private readonly string _dir = Directory.CreateTempSubdirectory("kubectl-double-").FullName;
    private KubeApiDouble _kube = null!;

    public async Task InitializeAsync()
    {
        var options = new KubeDoubleOptions();
        options.Users[AliceToken] = new UserInfo("alice", []);
        _kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
        _kube.WriteKubeconfig(Path.Combine(_dir, "admin"), KubeDoubleOptions.DefaultAdminToken);
        _kube.WriteKubeconfig(Path.Combine(_dir, "alice"), AliceToken);
    }

    public async Task DisposeAsync()
    {
        await _kube.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private async Task<(int Exit, string Out, string Err)> KubectlAsync(string kubeconfig, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--kubeconfig=" + Path.Combine(_dir, kubeconfig));
        psi.ArgumentList.Add("--cache-dir=" + Path.Combine(_dir, "cache"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["HOME"] = _dir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    private async Task PostAsync(string url, string json)
    {
        using var client = _kube.CreateClient();
        using var response = await client.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        ((int)response.StatusCode).ShouldBe(201, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetNs_Admin_ListsDefaultNamespaces()
    {
        var (exit, output, err) = await KubectlAsync("admin", "get", "ns");
        exit.ShouldBe(0, err);
        output.ShouldStartWith("NAME");
        output.ShouldContain("default");
        output.ShouldContain("kube-system");
    }

    [Fact]
    public async Task ApplyServerSide_RoleBinding_AppliesThenGetYamlShowsIt()
    {
        (await KubectlAsync("admin", "create", "ns", "team-a")).Exit.ShouldBe(0);
        var file = Path.Combine(_dir, "rb.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: members
              namespace: team-a
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: edit
            subjects:
            - apiGroup: rbac.authorization.k8s.io
              kind: User
              name: alice
            """);
        var (exit, output, err) = await KubectlAsync("admin", "apply", "--server-side", "-f", file);
        exit.ShouldBe(0, err);
        output.Trim().ShouldBe("rolebinding.rbac.authorization.k8s.io/members serverside-applied");
        var rv = _kube.Store.Revision;
        (await KubectlAsync("admin", "apply", "--server-side", "-f", file)).Exit.ShouldBe(0);
        _kube.Store.Revision.ShouldBe(rv);
        var (getExit, yaml, _) = await KubectlAsync("admin", "get", "rolebindings", "-n", "team-a", "-o", "yaml");
        getExit.ShouldBe(0);
        yaml.ShouldContain("name: members");
        yaml.ShouldContain("name: alice");
    }

    [Fact]
    public async Task AuthCanI_BoundAndUnboundUser_YesAndNoWithExitCodes()
    {
        (await KubectlAsync("admin", "create", "ns", "team-b")).Exit.ShouldBe(0);
        // kubectl create rolebinding sends protobuf, which the double decodes only for reviews and namespaces.
        await PostAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/team-b/rolebindings", """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"alice-edit"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}
            """);
        var (yesExit, yes, _) = await KubectlAsync("alice", "auth", "can-i", "create", "pods", "-n", "team-b");
        yesExit.ShouldBe(0);
        yes.Trim().ShouldBe("yes");
        var (noExit, no, _) = await KubectlAsync("alice", "auth", "can-i", "create", "pods", "-n", "default");
        noExit.ShouldBe(1);
        no.Trim().ShouldBe("no");
    }

    [Fact]
    public async Task DeleteNs_WithContents_WaitsUntilGone()
    {
        (await KubectlAsync("admin", "create", "ns", "team-c")).Exit.ShouldBe(0);
        await PostAsync("/api/v1/namespaces/team-c/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"},"data":{"a":"b"}}""");
        var (exit, output, err) = await KubectlAsync("admin", "delete", "ns", "team-c");
        exit.ShouldBe(0, err);
        output.Trim().ShouldBe("namespace \"team-c\" deleted");
        var (getExit, _, getErr) = await KubectlAsync("admin", "get", "ns", "team-c");
        getExit.ShouldBe(1);
        getErr.ShouldContain("namespaces \"team-c\" not found");
    }

    [Fact]
    public async Task GetNodesWide_SeededNodes_PrintsServerColumnsAsAgainstACluster()
    {
        var created = DateTimeOffset.UtcNow.AddDays(-3).AddHours(-2);
        _kube.SeedObject(Tables.TableObjects.Node("gpu-1", ready: true, roles: ["worker", "gpu"], internalIp: "10.0.0.5", externalIp: "203.0.113.5"), created);
        _kube.SeedObject(Tables.TableObjects.Node("cp-1", ready: true, unschedulable: true, roles: ["control-plane"], internalIp: "10.0.0.1"), created);
        _kube.SeedObject(Tables.TableObjects.Node("old-1", ready: false, internalIp: "10.0.0.9"), created);

        var (exit, output, err) = await KubectlAsync("admin", "get", "nodes", "-o", "wide");

        exit.ShouldBe(0, err);
        var lines = Table(output);
        lines[0].ShouldBe(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]);
        lines.Single(l => l[0] == "gpu-1").ShouldBe(["gpu-1", "Ready", "gpu,worker", "3d2h", "v1.35.0", "10.0.0.5", "203.0.113.5", "Ubuntu 24.04.1 LTS", "6.8.0-45-generic", "containerd://1.7.22"]);
        lines.Single(l => l[0] == "cp-1")[..3].ShouldBe(["cp-1", "Ready,SchedulingDisabled", "control-plane"]);
        lines.Single(l => l[0] == "old-1")[..6].ShouldBe(["old-1", "NotReady", "<none>", "3d2h", "v1.35.0", "10.0.0.9"]);
    }

    [Fact]
    public async Task GetPodsWide_RunningAndNewPod_PrintsReadyStatusRestartsNode()
    {
        (await KubectlAsync("admin", "create", "ns", "team-p")).Exit.ShouldBe(0);
        _kube.SeedObject(Tables.TableObjects.RunningPod("team-p", "train", "gpu-1", "10.244.1.7", 2, DateTimeOffset.UtcNow.AddMinutes(-30)), DateTimeOffset.UtcNow.AddHours(-1));
        await PostAsync("/api/v1/namespaces/team-p/pods", """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"queued"},"spec":{"containers":[{"name":"main","image":"busybox"}]}}""");

        var (exit, output, err) = await KubectlAsync("admin", "get", "pods", "-o", "wide", "-n", "team-p");

        exit.ShouldBe(0, err);
        var lines = Table(output);
        lines[0].ShouldBe(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
        lines.Single(l => l[0] == "train").ShouldBe(["train", "1/1", "Running", "2 (30m ago)", "60m", "10.244.1.7", "gpu-1", "<none>", "<none>"]);
        var queued = lines.Single(l => l[0] == "queued");
        queued[..4].ShouldBe(["queued", "0/1", "Pending", "0"]);
        queued[5..].ShouldBe(["<none>", "<none>", "<none>", "<none>"]);
    }

    [Fact]
    public async Task GetNs_Admin_PrintsNameStatusAge()
    {
        (await KubectlAsync("admin", "create", "ns", "team-n")).Exit.ShouldBe(0);

        var (exit, output, err) = await KubectlAsync("admin", "get", "ns");

        exit.ShouldBe(0, err);
        var lines = Table(output);
        lines[0].ShouldBe(["NAME", "STATUS", "AGE"]);
        lines.Single(l => l[0] == "team-n")[1].ShouldBe("Active");
        _kube.RequestLog.Entries.ShouldContain(e => e.PathAndQuery.StartsWith("/api/v1/namespaces", StringComparison.Ordinal)
            && e.Headers.GetValueOrDefault("Accept", "").Contains("as=Table", StringComparison.Ordinal));
    }

    /// <summary>kubectl's columns are separated by runs of at least two spaces (cells may hold one, e.g. "2 (30m ago)").</summary>
    private static List<string[]> Table(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.RegularExpressions.Regex.Split(line.TrimEnd(), " {2,}"))];

    [Fact]
    public async Task GetPods_UnboundUser_ForbiddenExit1()
    {
        var (exit, _, err) = await KubectlAsync("alice", "get", "pods", "-n", "default");
        exit.ShouldBe(1);
        err.ShouldContain("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
    }
}
