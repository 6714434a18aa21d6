using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble.CustomResources;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Namespaces;
using Nereid.Server.Storage.S3;
using System.Text.Json.Nodes;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>A member who leaves and comes back within the grace period keeps the same object store user (and keys).</summary>
public sealed class S3UserReturnTests : IAsyncLifetime
{
    private const string Ns = "s3-return";
    private static readonly ResourceType Users = new("ceph.rook.io", "v1", "cephobjectstoreusers", "CephObjectStoreUser", true);
    private ClusterAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await ClusterAppFactory.StartAsync(o =>
        {
            o.CustomResourceDefinitions.Add(CrdLoader.LocateReference("rook") ?? throw new InvalidOperationException("shared/reference/rook not found"));
            o.SeedObjects.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "rook-ceph" } });
        });
        _app.With("Nereid:Storage:ObjectStore:Name", "my-store")
            .With("Nereid:Storage:ObjectStore:GracePeriod", "01:00:00")
            .With("Nereid:Storage:ObjectStore:ResyncInterval", "00:00:00.100");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Controller_MemberReturnsWithinGrace_OrphanMarkRemovedAndUserKept()
    {
        var admin = await _app.CreatePersonAsync("retadmin", Tier.Admin);
        var member = await _app.CreatePersonAsync("retmember", Tier.User);
        await _app.CreateNamespaceAsync(Ns, admin, member);
        var name = S3UserNames.UserName(Ns, member.Id);
        await Eventually.TrueAsync(async () => await GetAsync(name) is not null, "the member's user was never created");
        var uid = (await GetAsync(name))!.Metadata.Uid;
        var actor = new Actor(admin.Id, admin.DisplayName, admin.Tier);

        await WithNamespacesAsync(s => s.RemoveMemberAsync(actor, Ns, member.Email, default));
        await Eventually.TrueAsync(async () => (await GetAsync(name))?.Metadata.Annotations?.ContainsKey(S3UserNames.OrphanedAtAnnotation) == true,
            "the former member's user was never marked");
        await WithNamespacesAsync(s => s.SetMemberAsync(actor, Ns, member.Email, MembershipRole.Member, default));
        await Eventually.TrueAsync(async () => (await GetAsync(name))?.Metadata.Annotations?.ContainsKey(S3UserNames.OrphanedAtAnnotation) == false,
            "the returning member's user kept its orphan mark");

        (await GetAsync(name))!.Metadata.Uid.ShouldBe(uid);
        // Settles to writing nothing: a pass may still repeat the unmark while its cache lags the watch (as any
        // informer-driven controller may), but five passes in a row must then apply nothing.
        var controller = _app.Services.GetRequiredService<S3UserController>();
        await Eventually.TrueAsync(async () =>
        {
            var applies = controller.Applies;
            var passes = controller.Passes;
            await Eventually.TrueAsync(() => Task.FromResult(controller.Passes >= passes + 5), "the controller stopped resyncing");
            return controller.Applies == applies;
        }, "the controller kept writing after the member returned");
    }

    private Task<UnstructuredObject?> GetAsync(string name) => _app.Admin.GetAsync<UnstructuredObject>(Users, "rook-ceph", name);

    private async Task WithNamespacesAsync(Func<NamespaceService, Task> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<NamespaceService>());
    }
}
