using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Quota;

/// <summary>
/// ResourceQuota admission of PersistentVolumeClaims (§3 Forbidden with the quota plugin's message), the
/// DefaultStorageClass and PersistentVolumeClaimResize plugins, the stand-in provisioner that binds and resizes, and the
/// stand-in quota controller that writes the quota's status.
/// </summary>
public sealed class VolumeClaimQuotaTests : IAsyncLifetime
{
    private const string Ns = "lab";
    private KubeApiDouble _kube = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { WriteQuotaStatus = true }, CancellationToken.None);
        _client = _kube.CreateClient();
        await CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"lab"}}""");
        await CreateAsync("/apis/storage.k8s.io/v1/storageclasses", """
            {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"rook-ceph-block","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rook-ceph.rbd.csi.ceph.com","reclaimPolicy":"Delete","volumeBindingMode":"Immediate","allowVolumeExpansion":true}
            """);
        await CreateAsync("/apis/storage.k8s.io/v1/storageclasses", """
            {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"rook-cephfs"},
             "provisioner":"rook-ceph.cephfs.csi.ceph.com","reclaimPolicy":"Delete","volumeBindingMode":"Immediate"}
            """);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _kube.DisposeAsync();
    }

    private async Task CreateAsync(string url, string json)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, url, json);
        status.ShouldBe(HttpStatusCode.Created, body.ToJsonString());
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string url, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, new MediaTypeHeaderValue(contentType)) };
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private Task QuotaAsync(string hard) =>
        CreateAsync($"/api/v1/namespaces/{Ns}/resourcequotas", """{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"nereid-quota"},"spec":{"hard":{""" + hard + "}}}");

    private static string Claim(string name, string size, string? storageClass = null) =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["storageClassName"] = storageClass,
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
            },
        }.ToJsonString().Replace("\"storageClassName\":null,", "", StringComparison.Ordinal);

    private Task<(HttpStatusCode Status, JsonObject Body)> PostClaimAsync(string name, string size, string? storageClass = null) =>
        SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/persistentvolumeclaims", Claim(name, size, storageClass));

    private Task<(HttpStatusCode Status, JsonObject Body)> ResizeAsync(string name, string size) =>
        SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{Ns}/persistentvolumeclaims/{name}",
            """{"spec":{"resources":{"requests":{"storage":""" + "\"" + size + "\"}}}}", "application/merge-patch+json");

    private async Task<JsonObject> BoundAsync(string name)
    {
        var r = _kube.Catalog.Find("", "v1", "persistentvolumeclaims")!;
        for (var i = 0; i < 500; i++)
        {
            if (_kube.Store.Get(r, Ns, name) is { } claim && claim["status"]?["phase"]?.GetValue<string>() == "Bound")
            {
                return claim;
            }
            await Task.Delay(10);
        }
        throw new ShouldAssertException($"claim {name} never bound");
    }

    [Fact, Trait("Rule", "§3 Forbidden: exceeded quota on create")]
    public async Task Create_OverStorageQuota_ForbiddenWithQuotaMessage()
    {
        await QuotaAsync("\"requests.storage\":\"10Gi\",\"persistentvolumeclaims\":\"5\"");
        (await PostClaimAsync("a", "6Gi")).Status.ShouldBe(HttpStatusCode.Created);

        var (status, error) = await PostClaimAsync("b", "5Gi");

        status.ShouldBe(HttpStatusCode.Forbidden);
        error["reason"]!.GetValue<string>().ShouldBe("Forbidden");
        error["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"b\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=5Gi, used: requests.storage=6Gi, limited: requests.storage=10Gi");
        error["details"]!["kind"]!.GetValue<string>().ShouldBe("persistentvolumeclaims");
    }

    [Fact, Trait("Rule", "§3 Forbidden: per-class storage and claim counts")]
    public async Task Create_OverClassQuotaAndCount_ForbiddenNamingTheClassKeys()
    {
        await QuotaAsync("\"rook-cephfs.storageclass.storage.k8s.io/requests.storage\":\"1Gi\",\"rook-cephfs.storageclass.storage.k8s.io/persistentvolumeclaims\":\"1\"");
        (await PostClaimAsync("block", "20Gi", "rook-ceph-block")).Status.ShouldBe(HttpStatusCode.Created);
        (await PostClaimAsync("fs1", "512Mi", "rook-cephfs")).Status.ShouldBe(HttpStatusCode.Created);

        var (status, error) = await PostClaimAsync("fs2", "1Gi", "rook-cephfs");

        status.ShouldBe(HttpStatusCode.Forbidden);
        error["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"fs2\" is forbidden: exceeded quota: nereid-quota, requested: rook-cephfs.storageclass.storage.k8s.io/persistentvolumeclaims=1,rook-cephfs.storageclass.storage.k8s.io/requests.storage=1Gi, used: rook-cephfs.storageclass.storage.k8s.io/persistentvolumeclaims=1,rook-cephfs.storageclass.storage.k8s.io/requests.storage=512Mi, limited: rook-cephfs.storageclass.storage.k8s.io/persistentvolumeclaims=1,rook-cephfs.storageclass.storage.k8s.io/requests.storage=1Gi");
    }

    [Fact, Trait("Rule", "DefaultStorageClass admission and a bound volume")]
    public async Task Create_WithoutClass_GetsDefaultClassAndIsBound()
    {
        (await PostClaimAsync("data", "1Gi")).Status.ShouldBe(HttpStatusCode.Created);

        var claim = await BoundAsync("data");

        claim["spec"]!["storageClassName"]!.GetValue<string>().ShouldBe("rook-ceph-block");
        claim["status"]!["capacity"]!["storage"]!.GetValue<string>().ShouldBe("1Gi");
        var volumeName = claim["spec"]!["volumeName"]!.GetValue<string>();
        var volume = _kube.Store.Get(_kube.Catalog.Find("", "v1", "persistentvolumes")!, "", volumeName).ShouldNotBeNull();
        volume["spec"]!["claimRef"]!["name"]!.GetValue<string>().ShouldBe("data");
    }

    [Fact, Trait("Rule", "§3 Forbidden: expansion beyond quota counts the growth")]
    public async Task Expand_BeyondQuota_ForbiddenWithGrowthRequested()
    {
        await QuotaAsync("\"requests.storage\":\"10Gi\"");
        (await PostClaimAsync("data", "6Gi")).Status.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("data");

        var (status, error) = await ResizeAsync("data", "12Gi");

        status.ShouldBe(HttpStatusCode.Forbidden);
        error["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"data\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=6Gi, used: requests.storage=6Gi, limited: requests.storage=10Gi");
    }

    [Fact]
    public async Task Expand_WithinQuota_VolumeAndCapacityFollow()
    {
        await QuotaAsync("\"requests.storage\":\"10Gi\"");
        (await PostClaimAsync("data", "6Gi")).Status.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("data");

        (await ResizeAsync("data", "8Gi")).Status.ShouldBe(HttpStatusCode.OK);

        var r = _kube.Catalog.Find("", "v1", "persistentvolumeclaims")!;
        for (var i = 0; i < 500 && _kube.Store.Get(r, Ns, "data")!["status"]!["capacity"]!["storage"]!.GetValue<string>() != "8Gi"; i++)
        {
            await Task.Delay(10);
        }
        _kube.Store.Get(r, Ns, "data")!["status"]!["capacity"]!["storage"]!.GetValue<string>().ShouldBe("8Gi");
    }

    [Fact, Trait("Rule", "§3 Forbidden: PersistentVolumeClaimResize on a class without allowVolumeExpansion")]
    public async Task Expand_ClassWithoutExpansion_Forbidden()
    {
        (await PostClaimAsync("shared", "1Gi", "rook-cephfs")).Status.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("shared");

        var (status, error) = await ResizeAsync("shared", "2Gi");

        status.ShouldBe(HttpStatusCode.Forbidden);
        error["message"]!.GetValue<string>().ShouldBe(
            "persistentvolumeclaims \"shared\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    }

    [Fact, Trait("Rule", "§3 Invalid: shrinking below capacity")]
    public async Task Shrink_BelowCapacity_Invalid()
    {
        (await PostClaimAsync("data", "2Gi")).Status.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("data");

        var (status, error) = await ResizeAsync("data", "1Gi");

        ((int)status).ShouldBe(422);
        error["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("spec.resources.requests.storage");
    }

    [Fact, Trait("Rule", "§3 Forbidden under dryRun too, nothing stored")]
    public async Task DryRunCreate_OverQuota_Forbidden()
    {
        await QuotaAsync("\"persistentvolumeclaims\":\"0\"");

        var (status, error) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/persistentvolumeclaims?dryRun=All", Claim("x", "1Gi"));

        status.ShouldBe(HttpStatusCode.Forbidden);
        error["message"]!.GetValue<string>().ShouldEndWith("exceeded quota: nereid-quota, requested: persistentvolumeclaims=1, used: persistentvolumeclaims=0, limited: persistentvolumeclaims=0");
        _kube.Store.Get(_kube.Catalog.Find("", "v1", "persistentvolumeclaims")!, Ns, "x").ShouldBeNull();
    }

    [Fact, Trait("Rule", "resource quota controller: status.hard and the claims' status.used")]
    public async Task QuotaStatus_AfterClaims_HardAndUsedOfTheClaimKeys()
    {
        await QuotaAsync("\"requests.storage\":\"10Gi\",\"persistentvolumeclaims\":\"5\",\"rook-cephfs.storageclass.storage.k8s.io/requests.storage\":\"1Gi\",\"requests.cpu\":\"4\"");
        (await PostClaimAsync("block", "6Gi", "rook-ceph-block")).Status.ShouldBe(HttpStatusCode.Created);
        (await PostClaimAsync("fs", "512Mi", "rook-cephfs")).Status.ShouldBe(HttpStatusCode.Created);

        var r = _kube.Catalog.Find("", "v1", "resourcequotas")!;
        const string expected = """{"requests.storage":"6656Mi","persistentvolumeclaims":"2","rook-cephfs.storageclass.storage.k8s.io/requests.storage":"512Mi"}""";
        JsonNode? used = null;
        for (var i = 0; i < 500; i++)
        {
            used = _kube.Store.Get(r, Ns, "nereid-quota")?["status"]?["used"];
            if (used is JsonObject o && JsonNode.DeepEquals(o, JsonNode.Parse(expected)))
            {
                break;
            }
            await Task.Delay(10);
        }
        used.ShouldNotBeNull();
        JsonNode.DeepEquals(used, JsonNode.Parse(expected)).ShouldBeTrue(used.ToJsonString());
        var status = _kube.Store.Get(r, Ns, "nereid-quota")!["status"]!;
        status["hard"]!["requests.cpu"]!.GetValue<string>().ShouldBe("4");
        status["used"]!["requests.cpu"].ShouldBeNull("pods are not counted by the double, so their keys are left out, not reported as 0");
    }
}
