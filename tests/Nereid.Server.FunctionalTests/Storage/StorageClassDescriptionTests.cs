using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// Operator-written class descriptions against the double: written by a platform admin with If-Match and audited,
/// shown beside the observed class in the catalogue, and a volume asking for a mode the description does not offer
/// refused before anything reaches the cluster.
/// </summary>
public sealed class StorageClassDescriptionTests : IAsyncLifetime
{
    private const string Ns = "desc-lab";
    private const string BlockUrl = "/api/v1/storage/classes/" + ClusterAppFactory.ClusterName + "/rook-ceph-block/description";
    private ClusterAppFactory _app = null!;
    private HttpClient _root = null!;
    private HttpClient _member = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.SeedObjects.Add(Class("rook-ceph-block"));
            o.SeedObjects.Add(Class("rook-cephfs"));
        });
        var root = await _app.CreatePersonAsync("root", Tier.PlatformAdmin);
        var admin = await _app.CreatePersonAsync("labadmin", Tier.Admin);
        var member = await _app.CreatePersonAsync("labmember", Tier.User);
        await _app.CreateNamespaceAsync(Ns, admin, member);
        _root = await _app.ClientForAsync(root);
        _member = await _app.ClientForAsync(member);
        await Eventually.TrueAsync(async () =>
        {
            using var r = await _member.GetAsync("/api/v1/storage/classes");
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("classes").GetArrayLength() == 2;
        }, "the catalogue never listed the classes");
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        _member.Dispose();
        await _app.DisposeAsync();
    }

    private static JsonObject Class(string name) => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["provisioner"] = "rook-ceph.rbd.csi.ceph.com",
        ["allowVolumeExpansion"] = true,
    };

    private static object Block(string notes = "Default; 1 PB") => new
    {
        region = "us-west", filesystemType = "ext4 on Ceph RBD", accessModes = new[] { "ReadWriteOnce" }, media = "NVMe", notes,
    };

    private async Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Put_PlatformAdminWithIfMatch_ShownBesideTheObservedClassAndAudited()
    {
        using (var empty = await _member.GetAsync(BlockUrl))
        {
            empty.StatusCode.ShouldBe(HttpStatusCode.OK);
            empty.Headers.ETag!.Tag.ShouldBe("\"v0\"");
        }

        using var put = await PutAsync(_root, BlockUrl, Block(), "\"v0\"");

        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        put.Headers.ETag!.Tag.ShouldBe("\"v1\"");
        var catalog = await _member.GetFromJsonAsync<JsonElement>("/api/v1/storage/classes");
        var block = catalog.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rook-ceph-block");
        block.GetProperty("provisioner").GetString().ShouldBe("rook-ceph.rbd.csi.ceph.com");
        var description = block.GetProperty("description");
        description.GetProperty("region").GetString().ShouldBe("us-west");
        description.GetProperty("filesystemType").GetString().ShouldBe("ext4 on Ceph RBD");
        description.GetProperty("media").GetString().ShouldBe("NVMe");
        description.GetProperty("notes").GetString().ShouldBe("Default; 1 PB");
        description.GetProperty("accessModes").EnumerateArray().Select(m => m.GetString()).ShouldBe(["ReadWriteOnce"]);
        catalog.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rook-cephfs")
            .GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
        await using var scope = _app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.Action == "storage.class.describe").ToListAsync();
        audit.Single().TargetId.ShouldBe(ClusterAppFactory.ClusterName + "/rook-ceph-block");
    }

    [Fact]
    public async Task Put_StaleIfMatch_RefusedAndNothingChanged()
    {
        (await PutAsync(_root, BlockUrl, Block(), "\"v0\"")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var stale = await PutAsync(_root, BlockUrl, Block("Changed"), "\"v0\"");

        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var stored = await _member.GetFromJsonAsync<JsonElement>(BlockUrl);
        stored.GetProperty("notes").GetString().ShouldBe("Default; 1 PB");
        stored.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Put_UnknownAccessModeOrClass_ClearProblemAndNothingSaved()
    {
        using var badMode = await PutAsync(_root, BlockUrl, new { accessModes = new[] { "ReadWriteSometimes" } }, null);
        using var noClass = await PutAsync(_root, $"/api/v1/storage/classes/{ClusterAppFactory.ClusterName}/no-such-class/description", Block(), null);

        badMode.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await badMode.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("accessModes")[0].GetString()!.ShouldContain("'ReadWriteSometimes'");
        noClass.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _member.GetFromJsonAsync<JsonElement>(BlockUrl)).GetProperty("version").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task CreateVolume_ModeTheDescriptionDoesNotOffer_RefusedNamingTheOfferedModes()
    {
        (await PutAsync(_root, BlockUrl, Block(), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var refused = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes",
            new { name = "shared", storageClass = "rook-ceph-block", size = "1Gi", accessMode = "ReadWriteMany" });
        using var allowed = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes",
            new { name = "own", storageClass = "rook-ceph-block", size = "1Gi", accessMode = "ReadWriteOnce" });

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("accessMode")[0].GetString().ShouldBe(
            $"Storage class 'rook-ceph-block' on cluster '{ClusterAppFactory.ClusterName}' does not offer ReadWriteMany; it offers ReadWriteOnce.");
        (await _app.Admin.GetAsync<PersistentVolumeClaim>(Ns, "shared")).ShouldBeNull();
        allowed.StatusCode.ShouldBe(HttpStatusCode.Created, await allowed.Content.ReadAsStringAsync());
    }
}
