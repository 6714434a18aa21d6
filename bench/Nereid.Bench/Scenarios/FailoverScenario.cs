using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Bench.Reporting;
using Nereid.Server.Clusters;

namespace Nereid.Bench.Scenarios;

/// <summary>
/// <c>failover</c>: <c>--ns</c> namespaces (2000) converged in the Kubernetes double by a first leader, which is then
/// stopped as a killed leader stops; a new leader with no memory of the first one's writes (its own client, informers and
/// controller on the same double and database) takes over and passes every namespace once. Measured from the new
/// leader's start until every namespace finished a pass: seconds, real writes (objects whose resourceVersion changed),
/// and requests beyond the informers' lists and watches (every non-GET request: an apply, no-op or not, or a delete).
/// The first leader's cold pass over the same objects is the baseline printed beside it. Goals: 0 writes, requests at
/// most 1 % of the objects.
/// </summary>
public sealed class FailoverScenario : IBenchScenario
{
    /// <inheritdoc />
    public string Name => "failover";

    /// <inheritdoc />
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var a = new BenchArguments(args);
        var count = a.Int("ns", 2000);
        var inflight = a.Int("inflight", 16);
        var workers = a.Int("workers", new ReconcilerOptions().Workers);
        var latency = TimeSpan.FromMilliseconds(a.Int("latency-ms", 2));
        var http2 = a.String("http") != "1.1";
        var dir = Directory.CreateTempSubdirectory("nereid-bench-failover-");
        try
        {
            using var host = await ReconcileScenario.DatabaseHostAsync(dir.FullName, cancellationToken);
            await ReconcileScenario.SeedAsync(host.Services, count, cancellationToken);
            var scopes = host.Services.GetRequiredService<IServiceScopeFactory>();

            await using var first = await ReconcileRig.StartAsync("bench", scopes, inflight, workers, latency, http2, [], cancellationToken);
            var cold = Stopwatch.StartNew();
            first.EnqueueAll();
            await first.UntilDoneAsync(count, cancellationToken);
            var coldSeconds = cold.Elapsed.TotalSeconds;
            var coldRequests = first.Requests - first.Gets;
            var objects = first.DesiredObjects();
            // Let the watches deliver the echoes of the first leader's writes, as a running cluster would have.
            await ReconcileRig.UntilAsync(() => first.ObservedNamespaces >= count, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            Console.Error.WriteLine($"failover: first leader converged {count} namespaces ({objects} objects) in {coldSeconds:0.00}s with {coldRequests} non-GET requests; stopping it");
            await first.StopControllerAsync();

            var takeover = Stopwatch.StartNew();
            await using var second = await first.StartSuccessorAsync("bench", scopes, inflight, workers, http2, cancellationToken);
            second.EnqueueAll();
            await second.UntilDoneAsync(count, cancellationToken);
            var takeoverSeconds = takeover.Elapsed.TotalSeconds;
            var (passes, applies, writes, skipped) = second.Counters;
            var beyondLists = second.Requests - second.Gets;
            Console.Error.WriteLine($"failover: new leader synced and passed {passes} namespaces in {takeoverSeconds:0.00}s: {second.Requests} requests " +
                $"({second.Gets} informer lists/watches, {beyondLists} beyond them), {applies} applies, {writes} writes, {skipped} skipped by fingerprint; " +
                $"goal ≤ {objects / 100} requests beyond the lists (1 % of {objects} objects); baseline cold pass {coldRequests} requests");
            ResultLine.Print(Name,
                ("ns", count),
                ("objects", objects),
                ("takeover_seconds", takeoverSeconds),
                ("takeover_writes", writes),
                ("takeover_requests", beyondLists));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
