using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// Per-namespace S3 limits against the double (Rook's CRDs) and the Rook stand-in: a platform admin's override reaches
/// the members' CephObjectStoreUser <c>spec.quotas</c> of that namespace only — one apply per user whose quotas changed,
/// none for others, none on resync — with If-Match, bad input refused with nothing saved, and an audit entry.
/// </summary>
public sealed class S3QuotaTests : IAsyncLifetime
{
    private const string Ns = "quota-lab";
    private const string OtherNs = "quota-other";
    private const string StoreNs = "rook-ceph";
    private static readonly ResourceType Users = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    private ClusterAppFactory _app = null!;
    private RookStandIn _rook = null!;
    private Person _root = null!;
    private Person _admin = null!;
    private Person _member = null!;
    private Person _other = null!;

    public async Task InitializeAsync()
    {
        _app = await RookApp.StartAsync(StoreNs);
        _rook = new RookStandIn(_app.Admin, StoreNs);
        _root = await _app.CreatePersonAsync("s3root", Tier.PlatformAdmin);
        _admin = await _app.CreatePersonAsync("s3qadmin", Tier.Admin);
        _member = await _app.CreatePersonAsync("s3qmember", Tier.User);
        _other = await _app.CreatePersonAsync("s3qother", Tier.Admin);
        await _app.CreateNamespaceAsync(Ns, _admin, _member);
        await _app.CreateNamespaceAsync(OtherNs, _other);
    }

    public async Task DisposeAsync()
    {
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Override_SetByPlatformAdmin_OnlyThatNamespacesUsersChangeAndResyncWritesNothing()
    {
        string[] users = [S3UserNames.UserName(Ns, _admin.Id), S3UserNames.UserName(Ns, _member.Id)];
        var otherUser = S3UserNames.UserName(OtherNs, _other.Id);
        await Eventually.TrueAsync(async () => await QuotasAsync(otherUser) is not null && await QuotasAsync(users[0]) is not null && await QuotasAsync(users[1]) is not null,
            "the members' users never appeared");
        var controller = _app.Services.GetRequiredService<S3UserController>();
        await SettleAsync(controller);
        var otherBefore = (await QuotasAsync(otherUser))!.ToJsonString();
        using var root = await _app.ClientForAsync(_root);

        // Read with its ETag (no override yet: the defaults), then replace with it.
        using var get = await root.GetAsync($"/api/v1/namespaces/{Ns}/s3/quota");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = get.Headers.ETag!.Tag;
        var initial = JsonSerializer.Deserialize<S3QuotaView>(await get.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        initial.Effective.ShouldBe(new S3QuotaValues("100Gi", 100, 0));
        var applies = controller.Applies;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/s3/quota") { Content = JsonContent.Create(new { maxSize = "500Gi", maxObjects = 10_000 }) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await root.SendAsync(put);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var view = JsonSerializer.Deserialize<S3QuotaView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
            view.Effective.ShouldBe(new S3QuotaValues("500Gi", 100, 10_000));
            view.Overrides.ShouldBe(new S3QuotaValues("500Gi", null, 10_000));
        }

        // Both members' users get the namespace's limits (maxBuckets stays the default); the other namespace's user is untouched.
        foreach (var user in users)
        {
            await Eventually.TrueAsync(async () => (await QuotasAsync(user))?["maxSize"]?.ToString() == "500Gi", $"{user} never got the namespace's size limit");
            var quotas = (await QuotasAsync(user))!;
            quotas["maxObjects"]!.GetValue<long>().ShouldBe(10_000);
            quotas["maxBuckets"]!.GetValue<int>().ShouldBe(100);
        }
        await SettleAsync(controller);
        (controller.Applies - applies).ShouldBe(users.Length, "one apply per user whose quotas changed, none for anyone else");
        (await QuotasAsync(otherUser))!.ToJsonString().ShouldBe(otherBefore);

        // A stale ETag is refused, and bad input saves nothing.
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/s3/quota") { Content = JsonContent.Create(new { maxSize = "1Ti" }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await root.SendAsync(stale);
            response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        }
        using (var bad = await root.PutAsJsonAsync($"/api/v1/namespaces/{Ns}/s3/quota", new { maxSize = "lots", maxBuckets = -1 }))
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await bad.Content.ReadAsStringAsync()).ShouldContain("maxSize");
        }
        using (var after = await root.GetAsync($"/api/v1/namespaces/{Ns}/s3/quota"))
        {
            JsonSerializer.Deserialize<S3QuotaView>(await after.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!.Effective.ShouldBe(new S3QuotaValues("500Gi", 100, 10_000));
        }

        // The member sees the limits beside their keys; the change is audited with before and after.
        using (var member = await _app.ClientForAsync(_member))
        {
            var credentials = await member.GetFromJsonAsync<S3CredentialsView>($"/api/v1/namespaces/{Ns}/s3/credentials", JsonSerializerOptions.Web);
            credentials!.Limits.ShouldBe(new S3QuotaValues("500Gi", 100, 10_000));
        }
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "s3.quota").ToListAsync();
        audit.Count.ShouldBe(1);
        JsonSerializer.Serialize(audit[0]).ShouldContain("500Gi");
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    /// <summary>Waits until several passes ran without an apply: the controller has nothing left to write.</summary>
    private static async Task SettleAsync(S3UserController controller)
    {
        await Eventually.TrueAsync(async () =>
        {
            var (applies, passes) = (controller.Applies, controller.Passes);
            await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 3), "the controller stopped resyncing");
            return controller.Applies == applies;
        }, "the controller kept writing");
    }

    private async Task<JsonNode?> QuotasAsync(string user) =>
        (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, user))?["spec"]?["quotas"];
}
