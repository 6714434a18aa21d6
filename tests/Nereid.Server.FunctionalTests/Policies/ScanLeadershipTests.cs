using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Data.Leases;
using Nereid.Domain.Policies;
using Nereid.Server.Clusters;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Two scan services against one cluster: only the holder of the scan lease (a database row) scans; the other takes over when it stops.</summary>
public sealed class ScanLeadershipTests(ScanCluster cluster) : IClassFixture<ScanCluster>
{
    [Fact]
    public async Task ExecuteAsync_TwoReplicas_OnlyLeaderScansAndFollowerTakesOverAfterItStops()
    {
        var a = Replica("replica-a");
        var b = Replica("replica-b");
        await a.StartAsync(default);
        await WaitUntilAsync(() => a.ScansCompleted >= 1);
        await b.StartAsync(default);

        await WaitUntilAsync(() => a.ScansCompleted >= 3);

        b.ScansCompleted.ShouldBe(0);
        b.IsLeader.ShouldBeFalse();
        a.IsLeader.ShouldBeTrue();
        (await LeaseHolderAsync()).ShouldBe("replica-a");
        var open = await OpenAsync();
        open.Count(v => v.Policy == PolicyKind.BarePod && v.PodName == "bare-1").ShouldBe(1);
        await using (var scope = cluster.App.Services.CreateAsyncScope())
        {
            var bare = open.Single(v => v.PodName == "bare-1" && v.Policy == PolicyKind.BarePod);
            (await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<ViolationNotice>().CountAsync(n => n.ViolationId == bare.Id)).ShouldBe(1);
        }

        await a.StopAsync(default);
        await WaitUntilAsync(() => b.ScansCompleted >= 1);

        a.IsLeader.ShouldBeFalse();
        b.IsLeader.ShouldBeTrue();
        (await LeaseHolderAsync()).ShouldBe("replica-b");
        await b.StopAsync(default);
        a.Dispose();
        b.Dispose();
    }

    private PolicyScanService Replica(string identity)
    {
        var s = cluster.App.Services;
        var options = new PolicyOptions
        {
            Enabled = true, LeaderIdentity = identity, ScanInterval = TimeSpan.FromSeconds(1),
            LeaseDuration = TimeSpan.FromSeconds(5), LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
            // No Prometheus runs here: the usage policies are off, so the URL is never asked.
            PrometheusUrl = new Uri("http://127.0.0.1:9/"),
        };
        options.GpuIdle.Enabled = false;
        options.Cpu.Enabled = false;
        options.Memory.Enabled = false;
        return new PolicyScanService(s.GetRequiredService<IServiceScopeFactory>(), s.GetRequiredService<IClusterConnections>(), Options.Create(options),
            TimeProvider.System, s.GetRequiredService<ILoggerFactory>());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        condition().ShouldBeTrue();
    }

    private async Task<string?> LeaseHolderAsync()
    {
        await using var scope = cluster.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LeaderLeaseRow>()
            .Where(l => l.Name == PolicyScanService.LeaseName).Select(l => l.Holder).SingleAsync();
    }

    private async Task<List<Violation>> OpenAsync()
    {
        await using var scope = cluster.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>().Where(v => v.ResolvedAt == null).ToListAsync();
    }
}
