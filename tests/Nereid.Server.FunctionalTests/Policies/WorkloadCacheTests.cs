using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Kubernetes.Models;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Scans read the informer caches once synced, and fall back to paged LISTs before.</summary>
public sealed class WorkloadCacheTests(ScanCluster cluster) : IClassFixture<ScanCluster>
{
    [Fact]
    public async Task ScanAsync_BeforeAndAfterSync_ListsFirstThenReadsCachesAndSeesWatchedPods()
    {
        var first = await cluster.ScanAsync();

        first.ListedClusters.ShouldBe(1);
        first.CachedClusters.ShouldBe(0);
        var listedFindings = await OpenAsync();
        listedFindings.ShouldContain(v => v.Policy == PolicyKind.BarePod && v.PodName == "bare-1");
        listedFindings.ShouldContain(v => v.Policy == PolicyKind.SleepJob && v.WorkloadName == "nap");

        await cluster.App.Services.GetRequiredService<WorkloadCache>().WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        cluster.Kube.RequestLog.Clear();
        var second = await cluster.ScanAsync();

        second.CachedClusters.ShouldBe(1);
        second.ListedClusters.ShouldBe(0);
        second.Opened.ShouldBe(0);
        second.Resolved.ShouldBe(0);
        second.Findings.ShouldBe(first.Findings);
        await cluster.CreatePodAsync("bare-late", null);

        // The watch delivers the pod within moments; poll the scans (each from the caches) until it shows up.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ScanResult result;
        do
        {
            result = await cluster.ScanAsync();
            if ((await OpenAsync()).Any(v => v.PodName == "bare-late"))
                break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        result.CachedClusters.ShouldBe(1);
        (await OpenAsync()).ShouldContain(v => v.PodName == "bare-late" && v.Policy == PolicyKind.BarePod);
        cluster.Kube.RequestLog.Entries.ShouldNotContain(e => e.Method == "GET" && IsWorkloadList(e.PathAndQuery));
    }

    private static bool IsWorkloadList(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        var watch = pathAndQuery.Contains("watch=", StringComparison.Ordinal);
        return !watch && (path.EndsWith("/pods", StringComparison.Ordinal) || path.EndsWith("/deployments", StringComparison.Ordinal) || path.EndsWith("/jobs", StringComparison.Ordinal)
            || path.EndsWith("/statefulsets", StringComparison.Ordinal) || path.EndsWith("/cronjobs", StringComparison.Ordinal));
    }

    private async Task<List<Violation>> OpenAsync()
    {
        await using var scope = cluster.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<Violation>().Where(v => v.ResolvedAt == null).ToListAsync();
    }
}
