using System.Net;
using System.Text.Json.Nodes;
using Nereid.Domain.People;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// The /storage page's buckets (against the double and the test-only bucket provisioner stand-in) and its class
/// description form: a member asks for a bucket and sees its name and endpoint once bound, the secret key once on
/// request and a wrong typed name beside the delete field; a platform admin describes a class, and a save over
/// someone else's newer one is refused with words saying so.
/// </summary>
public sealed class StorageBucketPageTests : IAsyncLifetime
{
    private const string Ns = "bucket-page-lab";
    private static readonly ResourceType Claims = new("objectbucket.io", "v1alpha1", "objectbucketclaims", "ObjectBucketClaim", true);
    private ClusterAppFactory _app = null!;
    private RookBucketStandIn _rook = null!;
    private HttpClient _member = null!;
    private HttpClient _root = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found"));
            o.SeedObjects.Add(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = new JsonObject { ["name"] = "rook-ceph-bucket" },
                ["provisioner"] = "rook-ceph.ceph.rook.io/bucket",
                ["parameters"] = new JsonObject { ["objectStoreName"] = "my-store", ["objectStoreNamespace"] = "rook-ceph" },
            });
        });
        _app.With("Nereid:Storage:Buckets:ResyncInterval", "00:00:00.100");
        _rook = new RookBucketStandIn(_app.Admin);
        var member = await StorageLab.SeedAsync(_app, Ns);
        _member = await _app.ClientForAsync(member);
        _root = await _app.ClientForAsync(await _app.CreatePersonAsync("describer", Tier.PlatformAdmin));
        await Eventually.TrueAsync(async () => (await PageAsync(_member)).Contains("Create bucket", StringComparison.Ordinal), "the page never offered the bucket class");
    }

    public async Task DisposeAsync()
    {
        _member.Dispose();
        _root.Dispose();
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static async Task<string> PageAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/storage");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var token = PageClient.AntiforgeryToken(await PageAsync(client)) ?? throw new InvalidOperationException("no antiforgery field");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync($"/storage?handler={handler}", form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Bucket_FromThePage_BoundWithEndpointSecretOnceAndDeleteNeedsTheName()
    {
        var (status, _) = await PostAsync(_member, "BucketCreate", new() { ["ns"] = Ns, ["Bucket.Name"] = "photos", ["Bucket.BucketClass"] = "rook-ceph-bucket" });

        status.ShouldBe(HttpStatusCode.Redirect);
        await Eventually.TrueAsync(async () => (await PageAsync(_member)).Contains("Show the secret key of photos once", StringComparison.Ordinal), "the bucket never became ready");
        var html = await PageAsync(_member);
        html.ShouldContain("http://rook-ceph-rgw-my-store.rook-ceph.svc:80");
        html.ShouldContain("<td class=\"storage-message\">Bound</td>");
        var bucketName = (await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos"))!["spec"]!["bucketName"]!.GetValue<string>();
        html.ShouldContain($"<td class=\"storage-key\">{bucketName}</td>");
        foreach (var key in _rook.IssuedSecretKeys)
            html.ShouldNotContain(key);

        var (revealStatus, revealed) = await PostAsync(_member, "BucketReveal", new() { ["ns"] = Ns, ["bucket"] = "photos" });

        revealStatus.ShouldBe(HttpStatusCode.OK);
        _rook.IssuedSecretKeys.Count(key => revealed.Contains($"<code>{key}</code>", StringComparison.Ordinal)).ShouldBe(1);
        (await PageAsync(_member)).ShouldContain("Already shown once.");

        var (wrongStatus, wrong) = await PostAsync(_member, "BucketDelete", new() { ["ns"] = Ns, ["bucket"] = "photos", ["Bucket.Confirm"] = "photo" });

        wrongStatus.ShouldBe(HttpStatusCode.BadRequest);
        wrong.ShouldContain("-error\" class=\"error storage-message\">Type the bucket's name (photos) to delete it and every object in it.</p>");
        (await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos")).ShouldNotBeNull();
        var (deleteStatus, _) = await PostAsync(_member, "BucketDelete", new() { ["ns"] = Ns, ["bucket"] = "photos", ["Bucket.Confirm"] = "photos" });
        deleteStatus.ShouldBe(HttpStatusCode.Redirect);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Claims, Ns, "photos") is null, "the claim was never deleted");
    }

    [Fact]
    public async Task Describe_PlatformAdmin_SavedAndStaleVersionRefusedReadably()
    {
        (await PageAsync(_member)).ShouldNotContain("Describe the classes");
        var fields = new Dictionary<string, string>
        {
            ["cluster"] = ClusterAppFactory.ClusterName, ["storageClass"] = "rook-ceph-bucket", ["version"] = "0",
            ["Describe.Region"] = "us-west", ["Describe.FilesystemType"] = "Ceph RGW", ["Describe.Media"] = "HDD", ["Describe.Notes"] = "S3 buckets; no backups",
        };

        var (status, _) = await PostAsync(_root, "Describe", fields);

        status.ShouldBe(HttpStatusCode.Redirect);
        var html = await PageAsync(_member);
        html.ShouldContain("<td>us-west</td>");
        html.ShouldContain("<td class=\"storage-message\">S3 buckets; no backups</td>");

        // Someone else saved version 1 already: the same stale form is refused and says why, beside the form.
        var (staleStatus, stale) = await PostAsync(_root, "Describe", new Dictionary<string, string>(fields) { ["Describe.Region"] = "us-east" });

        staleStatus.ShouldBe(HttpStatusCode.PreconditionFailed);
        stale.ShouldContain("role=\"alert\">The description of 'rook-ceph-bucket' on '" + ClusterAppFactory.ClusterName + "' was changed by someone else (version 1, you had 0); reload and try again.</p>");
        (await PageAsync(_member)).ShouldContain("<td>us-west</td>");
    }
}
