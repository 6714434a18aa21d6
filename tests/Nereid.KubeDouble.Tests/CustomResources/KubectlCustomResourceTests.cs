using System.Diagnostics;

namespace Nereid.KubeDouble.Tests.CustomResources;

/// <summary>Real /usr/bin/kubectl against a double that preloads Rook's definitions (shared/reference/rook).</summary>
public sealed class KubectlCustomResourceTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubectl-crd-").FullName;
    private KubeApiDouble _kube = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { CustomResourceDefinitions = [RookExamples.Folder] }, CancellationToken.None);
        _kube.WriteKubeconfig(Path.Combine(_dir, "admin"), KubeDoubleOptions.DefaultAdminToken);
        (await KubectlAsync("create", "ns", "rook-ceph")).Exit.ShouldBe(0);
    }

    public async Task DisposeAsync()
    {
        await _kube.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private async Task<(int Exit, string Out, string Err)> KubectlAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--kubeconfig=" + Path.Combine(_dir, "admin"));
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

    private async Task<string> FileAsync(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task ApplyServerSide_RookExamples_AppliedAndListed()
    {
        var (exit, output, err) = await KubectlAsync("apply", "--server-side", "-f", await FileAsync("user.yaml", RookExamples.ObjectUser), "-f", await FileAsync("obc.yaml", RookExamples.BucketClaim));
        exit.ShouldBe(0, err);
        output.ShouldContain("cephobjectstoreuser.ceph.rook.io/my-user serverside-applied");
        output.ShouldContain("objectbucketclaim.objectbucket.io/ceph-delete-bucket serverside-applied");
        var (getExit, table, getErr) = await KubectlAsync("get", "cephobjectstoreusers", "-n", "rook-ceph");
        getExit.ShouldBe(0, getErr);
        var lines = table.Trim().Split('\n');
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "PHASE", "AGE"]);
        lines[1].ShouldStartWith("my-user");
        (await KubectlAsync("get", "obc", "-n", "rook-ceph", "-o", "name")).Out.Trim().ShouldBe("objectbucketclaim.objectbucket.io/ceph-delete-bucket");
    }

    [Fact]
    public async Task ApplyServerSide_UnknownField_RejectedWithServerMessage()
    {
        var file = await FileAsync("bad.yaml", RookExamples.ObjectUser.Replace("  store: my-store", "  store: my-store\n  storeClass: fast", StringComparison.Ordinal));
        var (exit, _, err) = await KubectlAsync("apply", "--server-side", "-f", file);
        exit.ShouldNotBe(0);
        err.ShouldContain("failed to create typed patch object (rook-ceph/my-user; ceph.rook.io/v1, Kind=CephObjectStoreUser): .spec.storeClass: field not declared in schema");
    }

    [Fact]
    public async Task ApplyServerSide_WrongType_RejectedWithServerMessage()
    {
        var file = await FileAsync("typed.yaml", RookExamples.ObjectUser.Replace("maxBuckets: 100", "maxBuckets: lots", StringComparison.Ordinal));
        var (exit, _, err) = await KubectlAsync("apply", "--server-side", "-f", file);
        exit.ShouldNotBe(0);
        err.ShouldContain(".spec.quotas.maxBuckets: expected numeric (int or float), got string");
    }
}
