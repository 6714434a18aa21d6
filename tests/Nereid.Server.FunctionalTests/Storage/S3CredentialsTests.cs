using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;
using Nereid.Server.Storage.S3;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// S3 through Rook, end to end against the double (with Rook's CRDs) and the test-only Rook stand-in: a member gets a
/// CephObjectStoreUser, reads the secret key exactly once, rotates it (the old key is gone), and loses the user a
/// grace period after leaving the namespace; resyncs write nothing, drift is repaired, no key reaches logs or audit, and
/// no API answer or page after the one that showed it carries it.
/// </summary>
public sealed class S3CredentialsTests : IAsyncLifetime
{
    private const string Ns = "s3-lab";
    private const string StoreNs = "rook-ceph";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly ResourceType Users = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    private static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);
    private readonly CapturedLogs _logs = new();
    private readonly ConcurrentQueue<string> _responses = new();
    private ClusterAppFactory _app = null!;
    private RookStandIn _rook = null!;
    private Person _admin = null!;
    private Person _member = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await RookApp.StartAsync(StoreNs);
        _app.With("Nereid:Storage:ObjectStore:GracePeriod", Grace.ToString());
        _rook = new RookStandIn(_app.Admin, StoreNs);
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        _admin = await _app.CreatePersonAsync("s3admin", Tier.Admin);
        _member = await _app.CreatePersonAsync("s3member", Tier.User);
        await _app.CreateNamespaceAsync(Ns, _admin, _member);
        _client = await _app.ClientForAsync(_member);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _rook.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Credentials_MemberLifecycle_SecretShownOnceRotatedAndUserDeletedAfterGrace()
    {
        var userName = S3UserNames.UserName(Ns, _member.Id);

        // Granted: the user exists with Nereid's labels and quotas; the first read carries the secret key.
        var first = await ReadyCredentialsAsync(null);
        first.User.ShouldBe(userName);
        first.SecretKey.ShouldNotBeNull();
        first.SecretKey.ShouldBe(await SecretFieldAsync(userName, "SecretKey"));
        first.AccessKey.ShouldBe(await SecretFieldAsync(userName, "AccessKey"));
        first.Endpoint.ShouldBe("http://rook-ceph-rgw-my-store.rook-ceph.svc:80");
        var user = await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName);
        user!.Metadata.Labels!["app.kubernetes.io/managed-by"].ShouldBe("nereid");
        user.Metadata.Labels["nereid.io/namespace"].ShouldBe(Ns);
        user["spec"]!["store"]!.GetValue<string>().ShouldBe("my-store");
        user["spec"]!["quotas"]!["maxBuckets"]!.GetValue<int>().ShouldBe(100);

        // Never again.
        var second = await ReadAsync();
        second.AccessKey.ShouldBe(first.AccessKey);
        second.SecretKey.ShouldBeNull();
        second.SecretKeyShown.ShouldBeTrue();

        // Resyncs write nothing; drift in a field Nereid sets is repaired.
        var controller = _app.Services.GetRequiredService<S3UserController>();
        var applies = controller.Applies;
        var passes = controller.Passes;
        await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 5), "the controller stopped resyncing");
        controller.Applies.ShouldBe(applies);
        await _app.Admin.PatchAsync<UnstructuredObject>(Users, StoreNs, userName, """{"spec":{"quotas":{"maxBuckets":5}}}""");
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName))?["spec"]?["quotas"]?["maxBuckets"]?.GetValue<int>() == 100,
            "the drifted quota was never repaired");

        // Rotation: the old keys go with the old user; the new secret key is shown once.
        using (var rotate = await _client.PostAsync($"/api/v1/namespaces/{Ns}/s3/credentials/rotate", null))
        {
            rotate.StatusCode.ShouldBe(HttpStatusCode.Accepted, await rotate.Content.ReadAsStringAsync());
        }
        var rotated = await ReadyCredentialsAsync(first.AccessKey);
        rotated.SecretKey.ShouldNotBeNull();
        rotated.SecretKey.ShouldNotBe(first.SecretKey);
        (await SecretFieldAsync(userName, "AccessKey")).ShouldBe(rotated.AccessKey);
        (await SecretFieldAsync(userName, "SecretKey")).ShouldBe(rotated.SecretKey, "the Secret Rook writes holds only the new key");
        (await ReadAsync()).SecretKey.ShouldBeNull();

        // Nothing else the member or a platform admin can read carries a secret key: the page, and the audit trail as the API serves it.
        _responses.Enqueue(await PageTextAsync(_client, "/storage"));
        using (var root = await _app.ClientForAsync(_admin))
        {
            _responses.Enqueue(await PageTextAsync(root, $"/api/v1/audit?namespace={Ns}"));
        }
        // Each secret key Nereid read from Rook appears in exactly one answer: the first one the member got after it was issued.
        _responses.Count(r => r.Contains(first.SecretKey!, StringComparison.Ordinal)).ShouldBe(1);
        _responses.Count(r => r.Contains(rotated.SecretKey!, StringComparison.Ordinal)).ShouldBe(1);

        // No key in the audit trail or the logs.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
            var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action.StartsWith("s3.")).ToListAsync();
            events.Select(e => e.Action).Order().ShouldBe(["s3.credentials.rotate", "s3.secret-key.show", "s3.secret-key.show"]);
            var trail = JsonSerializer.Serialize(events);
            foreach (var key in _rook.IssuedSecretKeys)
            {
                trail.ShouldNotContain(key);
                _logs.Text.ShouldNotContain(key);
            }
        }

        // Membership ends: the user (and so its keys) goes after the grace period, not before.
        // Started before the removal: the controller may mark the user before this thread gets to run again, and the grace
        // counts from that mark, so a clock started after the removal could read less than the grace on a loaded machine.
        var removedAt = Stopwatch.StartNew();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.RemoveMemberAsync(new Actor(_admin.Id, _admin.DisplayName, _admin.Tier), Ns, _member.Email, default);
        }
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName) is null, "the former member's user was never deleted");
        removedAt.Elapsed.ShouldBeGreaterThanOrEqualTo(Grace);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Secrets, StoreNs, $"rook-ceph-object-user-my-store-{userName}") is null,
            "the former member's keys were never removed");
        (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, S3UserNames.UserName(Ns, _admin.Id))).ShouldNotBeNull();

        // Every CephObjectStoreUser Nereid sent (applies on grant, repair and rotation, the orphan mark) passed the CRD's schema.
        _app.Kube.RequestLog.Entries.Count(e => e.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) == true && e.Status < 300 && e.PathAndQuery.StartsWith($"/apis/ceph.rook.io/v1/namespaces/{StoreNs}/cephobjectstoreusers/", StringComparison.Ordinal))
            .ShouldBeGreaterThanOrEqualTo(4);
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Revoke_Member_UserRemovedNoKeyValidAndNextReadGrantsAnew()
    {
        var userName = S3UserNames.UserName(Ns, _member.Id);
        var first = await ReadyCredentialsAsync(null);
        _rook.Accepts(first.AccessKey!, first.SecretKey!).ShouldBeTrue();

        using (var revoke = await _client.PostAsync($"/api/v1/namespaces/{Ns}/s3/credentials/revoke", null))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.Accepted, await revoke.Content.ReadAsStringAsync());
        }
        // The user goes (its keys with it) and stays gone: the controller does not grant it again on its own.
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName) is null, "the revoked user was never deleted");
        _rook.Accepts(first.AccessKey!, first.SecretKey!).ShouldBeFalse();
        var controller = _app.Services.GetRequiredService<S3UserController>();
        var passes = controller.Passes;
        await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 3), "the controller stopped resyncing");
        (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName)).ShouldBeNull();
        using (var again = await _client.PostAsync($"/api/v1/namespaces/{Ns}/s3/credentials/revoke", null))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        // Asking for credentials grants a new user with new keys, shown once.
        var granted = await ReadyCredentialsAsync(first.AccessKey);
        granted.SecretKey.ShouldNotBeNull();
        granted.SecretKey.ShouldNotBe(first.SecretKey);
        _rook.Accepts(granted.AccessKey!, granted.SecretKey!).ShouldBeTrue();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action.StartsWith("s3.credentials.")).Select(e => e.Action).ToListAsync();
        events.Order().ShouldBe(["s3.credentials.grant", "s3.credentials.revoke"]);
        var trail = JsonSerializer.Serialize(await db.AuditEvents.AsNoTracking().ToListAsync());
        foreach (var key in _rook.IssuedSecretKeys)
        {
            trail.ShouldNotContain(key);
            _logs.Text.ShouldNotContain(key);
        }
    }

    [Fact]
    public async Task RotateAndRevoke_UserOwnsBuckets_KeysReplacedWithoutDeletionAndRooksRefusalReported()
    {
        var userName = S3UserNames.UserName(Ns, _member.Id);
        var first = await ReadyCredentialsAsync(null);
        var uid = (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName))!.Metadata.Uid;
        _rook.OwnBucket(userName);

        // Rotation does not delete the user (Rook would refuse): the same user gets new keys and the old ones stop working.
        using (var rotate = await _client.PostAsync($"/api/v1/namespaces/{Ns}/s3/credentials/rotate", null))
        {
            rotate.StatusCode.ShouldBe(HttpStatusCode.Accepted, await rotate.Content.ReadAsStringAsync());
        }
        var rotated = await ReadyCredentialsAsync(first.AccessKey);
        rotated.SecretKey.ShouldNotBeNull();
        (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName))!.Metadata.Uid.ShouldBe(uid);
        _rook.Accepts(first.AccessKey!, first.SecretKey!).ShouldBeFalse();
        _rook.Accepts(rotated.AccessKey!, rotated.SecretKey!).ShouldBeTrue();
        (await SecretFieldAsync(userName, "SecretKey")).ShouldBe(rotated.SecretKey);

        // Revocation: Rook keeps the user, as it does one with buckets, but no key the member had works; the member is told why.
        using (var revoke = await _client.PostAsync($"/api/v1/namespaces/{Ns}/s3/credentials/revoke", null))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.Accepted, await revoke.Content.ReadAsStringAsync());
        }
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName))?["status"]?["phase"]?.GetValue<string>() == "ReconcileFailed",
            "Rook never refused to delete the user that owns buckets");
        (await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName))!.Metadata.DeletionTimestamp.ShouldNotBeNull();
        _rook.Accepts(rotated.AccessKey!, rotated.SecretKey!).ShouldBeFalse();
        var stuck = await ReadAsync();
        stuck.Phase.ShouldBe("Revoking");
        stuck.AccessKey.ShouldBeNull();
        stuck.Problem.ShouldNotBeNull();
        stuck.Problem.ShouldContain("owns buckets");

        // Once the buckets are gone Rook deletes the user, and the next read grants a new one.
        _rook.DropBuckets(userName);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<UnstructuredObject>(Users, StoreNs, userName) is null, "the user was never deleted after its buckets went");
        var granted = await ReadyCredentialsAsync(rotated.AccessKey);
        granted.SecretKey.ShouldNotBeNull();
        _app.Kube.SchemaViolations.ShouldBeEmpty();
    }

    private static async Task<string> PageTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<S3CredentialsView> ReadAsync()
    {
        using var response = await _client.GetAsync($"/api/v1/namespaces/{Ns}/s3/credentials");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        _responses.Enqueue(body);
        return JsonSerializer.Deserialize<S3CredentialsView>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>Reads until keys other than <paramref name="notAccessKey"/> are there; the answer that first has them is returned.</summary>
    private async Task<S3CredentialsView> ReadyCredentialsAsync(string? notAccessKey)
    {
        S3CredentialsView? ready = null;
        await Eventually.TrueAsync(async () =>
        {
            var view = await ReadAsync();
            if (view.AccessKey is null || view.AccessKey == notAccessKey)
            {
                return false;
            }
            ready = view;
            return true;
        }, "the member's S3 keys never appeared");
        ready!.Phase.ShouldBe("Ready");
        return ready;
    }

    private async Task<string?> SecretFieldAsync(string user, string key) =>
        (await _app.Admin.GetAsync<UnstructuredObject>(Secrets, StoreNs, $"rook-ceph-object-user-my-store-{user}"))?["data"]?[key]?.GetValue<string>() is { } b64
            ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
}
