using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Clusters;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.KubeDouble.Faults;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Xunit.Abstractions;
using Nereid.Server.Clusters;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>
/// The fault run. It runs alone (not in parallel with other test classes): on a shared 2-core machine the
/// other classes' servers would otherwise compete with its 500 namespaces for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultRunCollection
{
    public const string Name = "Fault run (alone)";
}

[Collection(FaultRunCollection.Name)]
public sealed class FaultConvergenceTests(ITestOutputHelper output)
{
    private const int Namespaces = 500;

    [Fact]
    public async Task Reconcile_UnderFaultsWithRestart_ConvergesExactlyWithEveryStatusReady()
    {
        await using var app = await ClusterAppFactory.StartAsync(o => o.RecordRequests = false);
        var admin = await app.CreatePersonAsync("faultadmin", Tier.Admin);
        var member = await app.CreatePersonAsync("faultmember", Tier.User);
        var faults = app.Kube.Faults;
        faults.TimeoutHang = TimeSpan.FromMilliseconds(300);
        faults.DropWatchesEvery = TimeSpan.FromSeconds(2);
        SetFaults(faults, FaultKind.InternalError, FaultKind.TooManyRequests, FaultKind.Conflict, FaultKind.Timeout);
        var service = app.Primary;
        var first = await app.ControllerAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SeedAsync(app, admin, member);
        await Eventually.TrueAsync(() => Task.FromResult(first.Stats.Passes >= Namespaces / 4), "the first run made no progress", 180);
        var firstPhase = clock.Elapsed;
        faults.ForceNextWatchExpired();
        SetFaults(faults, FaultKind.Timeout, FaultKind.InternalError, FaultKind.TooManyRequests, FaultKind.Conflict);

        // Kill the replica mid-run (it hands back the lease), then start a fresh one: new identity, new caches, no memory
        // of what was applied. It must win the lease under the same faults before it reconciles anything.
        await service.StopAsync(CancellationToken.None);
        service.Controllers.ShouldBeEmpty();
        var restarted = app.NewReplica("restarted-replica");
        await restarted.StartAsync(CancellationToken.None);
        SetFaults(faults, FaultKind.Conflict, FaultKind.Timeout, FaultKind.InternalError, FaultKind.TooManyRequests);
        await Eventually.TrueAsync(() => Task.FromResult(restarted.Controllers.Count == 1), "the restarted replica never won the lease", 120);
        var leading = clock.Elapsed;

        var terms = new HashSet<ClusterController>();
        await Eventually.TrueAsync(async () =>
        {
            // Counts leadership terms of the new replica: injected 409s on lease renewals make it step down and campaign again.
            if (restarted.Controllers.TryGetValue(ClusterAppFactory.ClusterName, out var c))
                terms.Add(c);
            return await ReadyCountAsync(app) == Namespaces;
        }, "not every namespace became Ready", 300);
        faults.Reset();
        output.WriteLine($"{Namespaces} namespaces converged under faults in {clock.Elapsed.TotalSeconds:F1} s (first replica killed at "
            + $"{firstPhase.TotalSeconds:F1} s, the new one leading at {leading.TotalSeconds:F1} s; "
            + $"{terms.Count} leadership term(s) after the restart)");
        await restarted.StopAsync(CancellationToken.None);

        var quotas = await app.Admin.ListAllAsync<ResourceQuota>(null, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector });
        var bindings = await app.Admin.ListAllAsync<RoleBinding>(null, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector });
        var limits = await app.Admin.ListAllAsync<LimitRange>(null, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector });
        var policies = await app.Admin.ListAllAsync<NetworkPolicy>(null, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector });
        var spaces = await app.Admin.ListAllAsync<Namespace>(null, new ListOptions { LabelSelector = ProjectionNames.ManagedSelector });
        spaces.Items.Count(n => n.Metadata.Name!.StartsWith("flt-", StringComparison.Ordinal)).ShouldBe(Namespaces);
        quotas.Items.Select(q => q.Key).Distinct().Count().ShouldBe(Namespaces);
        limits.Items.Count.ShouldBe(Namespaces);
        policies.Items.Count.ShouldBe(Namespaces);
        bindings.Items.Count.ShouldBe(2 * Namespaces);
        bindings.Items.GroupBy(b => b.Metadata.Namespace).ShouldAllBe(g => g.Select(b => b.Metadata.Name).Order().SequenceEqual(new[] { "nereid-admins", "nereid-members" }));
    }

    private static void SetFaults(FaultInjector faults, params FaultKind[] kinds)
    {
        string[] verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];
        for (var i = 0; i < verbs.Length; i++)
        {
            faults.SetVerbFault(verbs[i], new VerbFault(0.1, kinds[i % kinds.Length]));
        }
    }

    private static async Task SeedAsync(ClusterAppFactory app, Person admin, Person member)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < Namespaces; i++)
        {
            var ns = new NereidNamespace { Name = $"flt-{i:D4}", Institution = "UC San Diego", Pis = ["Prof. Example"], CreatedById = admin.Id, CreatedAt = now, Version = 0 };
            ns.Memberships.Add(new Membership { PersonId = admin.Id, Role = MembershipRole.Admin, AddedAt = now });
            ns.Memberships.Add(new Membership { PersonId = member.Id, Role = MembershipRole.Member, AddedAt = now });
            ns.Touch(now);
            db.Add(ns);
        }
        await db.SaveChangesAsync();
    }

    private static async Task<int> ReadyCountAsync(ClusterAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.Set<NamespaceClusterStatus>().CountAsync(s => s.Cluster == "test" && s.Namespace.StartsWith("flt-") && s.Condition == ClusterCondition.Ready);
    }
}
