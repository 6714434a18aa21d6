using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Storage;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Storage.Buckets;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// S3 buckets as ObjectBucketClaims, end to end against the double (with Rook's CRDs, so every claim is validated by
/// its schema) and the test-only bucket provisioner stand-in: a member asks for a bucket, Nereid applies the claim,
/// reads back the phase, bucket name, endpoint and keys the provisioner writes, shows the secret key once, writes
/// nothing on resync, repairs drift and removes the claim on delete; bad input reaches neither the cluster nor the database.
/// </summary>
public sealed class BucketTests : IAsyncLifetime
{
    private const string Ns = "bucket-lab";
    private static readonly ResourceType Claims = new("objectbucket.io", "v1alpha1", "objectbucketclaims", "ObjectBucketClaim", true);
    private static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);
    private static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private ClusterAppFactory _app = null!;
    private RookBucketStandIn _rook = null!;
    private HttpClient _member = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found"));
            o.SeedObjects.Add(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = new JsonObject { ["name"] = "rook-ceph-bucket" },
                ["provisioner"] = "rook-ceph.ceph.rook.io/bucket", ["reclaimPolicy"] = "Delete",
                ["parameters"] = new JsonObject { ["objectStoreName"] = "my-store", ["objectStoreNamespace"] = "rook-ceph" },
            });
            o.SeedObjects.Add(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = new JsonObject { ["name"] = "rook-ceph-block" },
                ["provisioner"] = "rook-ceph.rbd.csi.ceph.com",
            });
        });
        _app.With("Nereid:Storage:Buckets:ResyncInterval", "00:00:00.100");
        _rook = new RookBucketStandIn(_app.Admin);
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
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Bucket_MemberLifecycle_BoundEndpointSecretOnceAndDeleteRemovesClaim()
    {
        using (var create = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/buckets", new { name = "photos", bucketClass = "rook-ceph-bucket" }))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        }
        var claim = await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos");
        claim.ShouldNotBeNull("the claim is applied by the request itself");
        claim["spec"]!["storageClassName"]!.GetValue<string>().ShouldBe("rook-ceph-bucket");
        claim["spec"]!["generateBucketName"]!.GetValue<string>().ShouldBe("photos");
        claim.Metadata.Labels!["app.kubernetes.io/managed-by"].ShouldBe("nereid");

        // What the provisioner writes back: Bound, the bucket's name and endpoint, the access key; never the secret in a listing.
        BucketView? bound = null;
        await Eventually.TrueAsync(async () =>
        {
            bound = (await ListAsync()).SingleOrDefault();
            return bound is { Phase: "Bound", AccessKeyId: not null, BucketName: not null };
        }, "the bucket never became Bound with its keys");
        var configMap = await _app.Admin.GetAsync<UnstructuredObject>(ConfigMaps, Ns, "photos");
        bound!.BucketName.ShouldBe(configMap!["data"]!["BUCKET_NAME"]!.GetValue<string>());
        bound.BucketName.ShouldStartWith("photos-");
        bound.Endpoint.ShouldBe("http://rook-ceph-rgw-my-store.rook-ceph.svc:80");
        bound.AccessKeyId.ShouldBe(await SecretFieldAsync("AWS_ACCESS_KEY_ID"));
        bound.SecretAccessKey.ShouldBeNull();
        bound.SecretKeyShown.ShouldBeFalse();
        bound.Conditions.Select(c => (c.Type, c.Status)).ShouldBe([("Claimed", "True"), ("Bound", "True"), ("CredentialsReady", "True")]);

        // The secret key once, then never again.
        var revealed = await RevealAsync();
        revealed.SecretAccessKey.ShouldBe(await SecretFieldAsync("AWS_SECRET_ACCESS_KEY"));
        var again = await RevealAsync();
        again.SecretAccessKey.ShouldBeNull();
        again.SecretKeyShown.ShouldBeTrue();
        (await ListAsync()).Single().SecretAccessKey.ShouldBeNull();

        // Resyncs write nothing; drift in a field Nereid sets is repaired, and a claim deleted behind Nereid's back returns.
        var controller = _app.Services.GetRequiredService<BucketController>();
        var applies = controller.Applies;
        var passes = controller.Passes;
        await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 5), "the controller stopped resyncing");
        controller.Applies.ShouldBe(applies);
        await _app.Admin.PatchAsync<UnstructuredObject>(Claims, Ns, "photos", """{"spec":{"generateBucketName":"other"}}""");
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos"))?["spec"]?["generateBucketName"]?.GetValue<string>() == "photos",
            "the drifted claim was never repaired");

        // Delete asks for the typed name, then removes the claim (and the provisioner its ConfigMap and Secret).
        using (var unconfirmed = await _member.DeleteAsync($"/api/v1/namespaces/{Ns}/buckets/photos"))
        {
            unconfirmed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        (await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos")).ShouldNotBeNull();
        using (var delete = await _member.DeleteAsync($"/api/v1/namespaces/{Ns}/buckets/photos?confirm=photos"))
        {
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent, await delete.Content.ReadAsStringAsync());
        }
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos") is null, "the claim was never deleted");
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Secrets, Ns, "photos") is null, "the bucket's Secret was never removed");
        (await ListAsync()).ShouldBeEmpty();

        // The audit trail names what happened, never a key.
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action.StartsWith("bucket.")).ToListAsync();
        events.Select(e => e.Action).Order().ShouldBe(["bucket.create", "bucket.delete", "bucket.secret-key.show"]);
        var trail = JsonSerializer.Serialize(events);
        foreach (var key in _rook.IssuedSecretKeys)
        {
            trail.ShouldNotContain(key);
        }

        // Every ObjectBucketClaim Nereid sent (the request's apply and the repair) passed the CRD's schema.
        _app.Kube.RequestLog.Entries.Count(e => e.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) == true && e.Status < 300 && e.PathAndQuery.StartsWith($"/apis/objectbucket.io/v1alpha1/namespaces/{Ns}/objectbucketclaims/photos", StringComparison.Ordinal))
            .ShouldBeGreaterThanOrEqualTo(2);
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Bad_Name", "rook-ceph-bucket", "name")]
    [InlineData("ab", "rook-ceph-bucket", "name")]
    [InlineData("logs", "no-such-class", "bucketClass")]
    [InlineData("logs", "rook-ceph-block", "bucketClass")]
    public async Task Create_BadInput_ProblemDetailsAndNothingSent(string name, string bucketClass, string field)
    {
        using var response = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/buckets", new { name, bucketClass });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetString();
        message.ShouldNotBeNullOrWhiteSpace();
        if (field == "bucketClass")
        {
            message.ShouldContain("bucket classes: it has rook-ceph-bucket");
        }
        (await _app.Admin.ListAsync<UnstructuredObject>(Claims, Ns)).Items.ShouldBeEmpty();
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Bucket>().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Create_NameTaken_ConflictAndOneClaim()
    {
        using (var first = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/buckets", new { name = "shared", bucketClass = "rook-ceph-bucket" }))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using var second = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/buckets", new { name = "shared", bucketClass = "rook-ceph-bucket" });

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _app.Admin.ListAsync<UnstructuredObject>(Claims, Ns)).Items.Select(c => c.Metadata.Name).ShouldBe(["shared"]);
    }

    private async Task<IReadOnlyList<BucketView>> ListAsync()
    {
        using var response = await _member.GetAsync($"/api/v1/namespaces/{Ns}/buckets");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<List<BucketView>>())!;
    }

    private async Task<BucketView> RevealAsync()
    {
        using var response = await _member.PostAsync($"/api/v1/namespaces/{Ns}/buckets/photos/secret", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BucketView>())!;
    }

    private async Task<string?> SecretFieldAsync(string key) =>
        (await _app.Admin.GetAsync<UnstructuredObject>(Secrets, Ns, "photos"))?["data"]?[key]?.GetValue<string>() is { } b64
            ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
}
