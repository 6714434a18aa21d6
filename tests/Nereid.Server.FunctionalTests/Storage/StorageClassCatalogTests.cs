using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>The StorageClass catalogue read from the cluster runtime's shared informer, through the API.</summary>
public sealed class StorageClassCatalogTests : IAsyncLifetime
{
    private ClusterAppFactory _app = null!;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.SeedObjects.Add(Class("rook-ceph-block", "rook-ceph.rbd.csi.ceph.com", isDefault: true, expansion: true, reclaim: null, binding: null));
            o.SeedObjects.Add(Class("rook-cephfs", "rook-ceph.cephfs.csi.ceph.com", isDefault: false, expansion: false, reclaim: "Retain", binding: "WaitForFirstConsumer"));
        });
        var person = await _app.CreatePersonAsync("researcher", Tier.User);
        _user = await _app.ClientForAsync(person);
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _app.DisposeAsync();
    }

    private static JsonObject Class(string name, string provisioner, bool isDefault, bool expansion, string? reclaim, string? binding)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["provisioner"] = provisioner,
            ["allowVolumeExpansion"] = expansion,
        };
        if (isDefault)
        {
            obj["metadata"]!["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" };
        }
        if (reclaim is not null)
        {
            obj["reclaimPolicy"] = reclaim;
        }
        if (binding is not null)
        {
            obj["volumeBindingMode"] = binding;
        }
        return obj;
    }

    private async Task<JsonElement> CatalogAsync(string query = "")
    {
        using var response = await _user.GetAsync("/api/v1/storage/classes" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task List_SeededClasses_ShowsClusterFactsWithApiDefaults()
    {
        await Eventually.TrueAsync(async () => (await CatalogAsync()).GetProperty("classes").GetArrayLength() == 2, "the catalogue never listed the classes");

        var classes = (await CatalogAsync()).GetProperty("classes").EnumerateArray().ToList();

        classes.Select(c => c.GetProperty("name").GetString()).ShouldBe(["rook-ceph-block", "rook-cephfs"]);
        var block = classes[0];
        block.GetProperty("cluster").GetString().ShouldBe(ClusterAppFactory.ClusterName);
        block.GetProperty("provisioner").GetString().ShouldBe("rook-ceph.rbd.csi.ceph.com");
        block.GetProperty("reclaimPolicy").GetString().ShouldBe("Delete");
        block.GetProperty("volumeBindingMode").GetString().ShouldBe("Immediate");
        block.GetProperty("allowVolumeExpansion").GetBoolean().ShouldBeTrue();
        block.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        var fs = classes[1];
        fs.GetProperty("reclaimPolicy").GetString().ShouldBe("Retain");
        fs.GetProperty("volumeBindingMode").GetString().ShouldBe("WaitForFirstConsumer");
        fs.GetProperty("allowVolumeExpansion").GetBoolean().ShouldBeFalse();
        fs.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task List_ClassAddedOnCluster_AppearsWithoutRestart()
    {
        await Eventually.TrueAsync(async () => (await CatalogAsync()).GetProperty("classes").GetArrayLength() == 2, "the catalogue never listed the classes");

        await ((IKubeClient)_app.Admin).CreateAsync(new StorageClass { Metadata = { Name = "rook-cephfs-east" }, Provisioner = "rook-ceph.cephfs.csi.ceph.com" });

        await Eventually.TrueAsync(async () => (await CatalogAsync()).GetProperty("classes").EnumerateArray()
            .Any(c => c.GetProperty("name").GetString() == "rook-cephfs-east"), "the new class never appeared");
    }

    [Fact]
    public async Task List_OtherCluster_Empty()
    {
        var catalog = await CatalogAsync("?cluster=elsewhere");

        catalog.GetProperty("classes").GetArrayLength().ShouldBe(0);
        catalog.GetProperty("unsynced").GetArrayLength().ShouldBe(0);
    }
}
