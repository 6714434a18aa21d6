using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// A member's volumes against the double: created within the namespace's storage quota (an override projected into
/// the ResourceQuota, per-class keys too), refused over it with the API server's message, grown only where the class allows;
/// the list answers the quota as the ResourceQuota's status counts it.
/// </summary>
public sealed class VolumeTests : IAsyncLifetime
{
    private const string Ns = "vol-lab";
    private ClusterAppFactory _app = null!;
    private HttpClient _member = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.SeedObjects.Add(Class("rook-ceph-block", expansion: true));
            o.SeedObjects.Add(Class("rook-cephfs", expansion: false));
            o.WriteQuotaStatus = true;
        });
        var member = await StorageLab.SeedAsync(_app, Ns);
        _member = await _app.ClientForAsync(member);
        await Eventually.TrueAsync(async () =>
        {
            using var r = await _member.GetAsync("/api/v1/storage/classes");
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("classes").GetArrayLength() == 2;
        }, "the catalogue never listed the classes");
    }

    public async Task DisposeAsync()
    {
        _member.Dispose();
        await _app.DisposeAsync();
    }

    private static JsonObject Class(string name, bool expansion) => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["provisioner"] = "rook-ceph.rbd.csi.ceph.com",
        ["allowVolumeExpansion"] = expansion,
    };

    private Task<HttpResponseMessage> CreateAsync(string name, string size, string storageClass = "rook-ceph-block") =>
        _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes", new { name, storageClass, size, accessMode = "ReadWriteOnce" });

    private Task<HttpResponseMessage> ResizeAsync(string name, string size) =>
        _member.PatchAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes/{name}", new { size });

    private static async Task<string> SizeErrorAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").GetProperty("size")[0].GetString()!;
    }

    private async Task<JsonElement> BoundAsync(string name)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var list = await _member.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/volumes");
            found = list.GetProperty("volumes").EnumerateArray().FirstOrDefault(v => v.GetProperty("name").GetString() == name);
            return found.ValueKind == JsonValueKind.Object && found.GetProperty("phase").GetString() == "Bound";
        }, $"volume {name} never bound");
        return found;
    }

    [Fact]
    public async Task Create_WithinQuota_ShowsBoundVolumeAndCapacity()
    {
        using var created = await CreateAsync("data", "4Gi");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var volume = await BoundAsync("data");

        volume.GetProperty("storageClass").GetString().ShouldBe("rook-ceph-block");
        volume.GetProperty("capacity").GetString().ShouldBe("4Gi");
        volume.GetProperty("volume").GetString()!.ShouldStartWith("pvc-");
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_QuotaStatusMoves_ReconcilerSendsNoQuotaApply()
    {
        // The quota controller (the double's stand-in) writes status.used through the status subresource whenever a
        // claim comes or goes: a new version of the ResourceQuota that every watcher sees, but no drift of what Nereid applies.
        var quota = Nereid.Kubernetes.Projection.ProjectionNames.Quota;
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<ResourceQuota>(Ns, quota))?.Status?.Used is not null,
            "the quota never got a status");
        _app.Kube.RequestLog.Clear();

        using var created = await CreateAsync("data", "4Gi");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        await BoundAsync("data");
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<ResourceQuota>(Ns, quota))?.Status?.Used?.Values.Any(v => v.ToString() != "0") == true,
            "the quota's status never counted the claim");
        // Time for the reconciler's pass over the new version, which finds the applied-hash stamp and only its own spec manager.
        await Task.Delay(TimeSpan.FromSeconds(2));

        _app.Kube.RequestLog.Entries.ShouldNotContain(e => e.Method == "PATCH" && e.PathAndQuery.StartsWith($"/api/v1/namespaces/{Ns}/resourcequotas/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_OverQuota_ShowsTheApiServersMessage()
    {
        using var refused = await CreateAsync("huge", "12Gi");

        (await SizeErrorAsync(refused)).ShouldBe(
            "persistentvolumeclaims \"huge\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=12Gi, used: requests.storage=0, limited: requests.storage=10Gi");
    }

    [Fact]
    public async Task Resize_BeyondQuota_ShowsTheApiServersMessage()
    {
        (await CreateAsync("grow", "6Gi")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("grow");

        using var refused = await ResizeAsync("grow", "11Gi");

        (await SizeErrorAsync(refused)).ShouldBe(
            "persistentvolumeclaims \"grow\" is forbidden: exceeded quota: nereid-quota, requested: requests.storage=5Gi, used: requests.storage=6Gi, limited: requests.storage=10Gi");
    }

    [Fact]
    public async Task Resize_ClassWithoutExpansion_RefusedBeforeAnyRequest()
    {
        (await CreateAsync("shared", "1Gi", "rook-cephfs")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("shared");

        using var refused = await ResizeAsync("shared", "2Gi");

        (await SizeErrorAsync(refused)).ShouldBe("Volumes of storage class 'rook-cephfs' cannot grow (the class does not allow volume expansion).");
        _app.Kube.RequestLog.Entries.ShouldNotContain(e => e.Method == "PATCH" && e.PathAndQuery.Contains("/persistentvolumeclaims/shared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_AfterTypingTheName_Removed()
    {
        (await CreateAsync("scratch", "1Gi")).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var wrong = await _member.DeleteAsync($"/api/v1/namespaces/{Ns}/volumes/scratch?confirm=scratc");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var deleted = await _member.DeleteAsync($"/api/v1/namespaces/{Ns}/volumes/scratch?confirm=scratch");

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "scratch")).ShouldBeNull();
    }

    [Fact]
    public async Task List_AfterCreate_QuotaFromTheResourceQuotaStatus()
    {
        (await CreateAsync("data", "4Gi")).StatusCode.ShouldBe(HttpStatusCode.Created);

        JsonElement quota = default;
        await Eventually.TrueAsync(async () =>
        {
            quota = (await _member.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/volumes")).GetProperty("quota");
            return quota.GetProperty("storage") is { ValueKind: JsonValueKind.Object } s && s.GetProperty("used").GetString() == "4Gi";
        }, "the quota's status never counted the volume");

        var storage = quota.GetProperty("storage");
        storage.GetProperty("hard").GetString().ShouldBe("10Gi");
        storage.GetProperty("quota").GetString().ShouldBe("nereid-quota");
        quota.GetProperty("claims").ValueKind.ShouldBe(JsonValueKind.Null, "the lab's quota sets no claim count");
        quota.GetProperty("classes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Resize_WithinQuota_TheClaimsRequestGrows()
    {
        (await CreateAsync("grow", "4Gi")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await BoundAsync("grow");

        using var resized = await ResizeAsync("grow", "6Gi");

        resized.StatusCode.ShouldBe(HttpStatusCode.OK, await resized.Content.ReadAsStringAsync());
        (await resized.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requested").GetString().ShouldBe("6Gi");
        var claim = await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "grow");
        claim!.Spec!.Resources!.Requests!["storage"].ToString().ShouldBe("6Gi");
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "grow"))?.Status?.Capacity?["storage"].ToString() == "6Gi",
            "the double never resized the volume");
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_OverPerClassQuotaOverride_RefusedWithTheQuotaMessage()
    {
        const string classKey = "rook-cephfs.storageclass.storage.k8s.io/requests.storage";
        var root = await _app.CreatePersonAsync("classroot", Tier.PlatformAdmin);
        using (var rootClient = await _app.ClientForAsync(root))
        {
            using var put = await rootClient.PutAsJsonAsync($"/api/v1/namespaces/{Ns}/quota",
                new { overrides = new Dictionary<string, string> { ["requests.storage"] = "10Gi", [classKey] = "1Gi" } });
            put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<ResourceQuota>(Ns, "nereid-quota") is { } q
            && q.Spec?.Hard?.TryGetValue(classKey, out var s) == true && s.ToString() == "1Gi", "the per-class quota never reached the cluster");

        using var refused = await CreateAsync("shared", "2Gi", "rook-cephfs");

        (await SizeErrorAsync(refused)).ShouldBe(
            $"persistentvolumeclaims \"shared\" is forbidden: exceeded quota: nereid-quota, requested: {classKey}=2Gi, used: {classKey}=0, limited: {classKey}=1Gi");
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "shared")).ShouldBeNull();
        var quota = (await _member.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/volumes")).GetProperty("quota");
        var perClass = quota.GetProperty("classes").EnumerateArray().ShouldHaveSingleItem();
        perClass.GetProperty("storageClass").GetString().ShouldBe("rook-cephfs");
        perClass.GetProperty("storage").GetProperty("hard").GetString().ShouldBe("1Gi");
    }
}
