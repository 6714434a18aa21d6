using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.Usage;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Ledger;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Ledger;

/// <summary>
/// The scheduled ledger import as replicas run it: two <see cref="LedgerImportService"/>s on one database (the server's
/// own is switched off), importing the harness's real Slurm in slices, only the lease holder reading slurmrestd.
/// </summary>
public sealed class LedgerImportServiceTests(LedgerImportServiceTests.App app) : IClassFixture<LedgerImportServiceTests.App>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A server whose own scheduled import is off, so the test's replicas are the only importers.</summary>
    public sealed class App : NereidAppFactory
    {
        public App() => With("Nereid:Ledger:ImportEnabled", "false");
    }

    [Fact]
    public async Task ExecuteAsync_TwoReplicas_OnlyTheLeaseHolderImportsAndEachJobIsCountedOnceAcrossTakeoverAndRestart()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        var cluster = new SlurmClusterOptions
        {
            Name = "sched-" + Guid.NewGuid().ToString("N")[..6], RestUrl = slurm.RestUrl.ToString(), ClusterName = SlurmCluster.ClusterName,
            UserName = SlurmCluster.AdminUser, Token = slurm.AdminToken, Namespaces = ["*"],
        };
        var id = Guid.NewGuid().ToString("N")[..6];
        var (ns, member) = ("ns-" + id, "nrd-s" + id);
        await PosixUsers.EnsureUserAsync(member);
        var direct = new SlurmRestClient(new HttpClient { BaseAddress = slurm.RestUrl }, cluster);
        await new SlurmProjector(direct, new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.FromHours(1)).PassAsync(
            [new SlurmDesiredNamespace(ns, "UC San Diego", "Scheduled import test", [(member, true)],
                SlurmLimits.FromQuotas(new Dictionary<string, string> { ["requests.cpu"] = "4" }), [])], default);
        var job = (await slurm.SubmitAsync(member, ns, "sleep 1", ["--cpus-per-task=2"])).EnsureSuccess("sbatch").StandardOutput.Trim();
        (await slurm.WaitForJobAsync(job, ["COMPLETED", "FAILED"], JobTimeout)).State.ShouldBe("COMPLETED");
        var sacctSeconds = await SacctCpuSecondsAsync(slurm, ns);

        var a = Replica(cluster);
        var b = Replica(cluster);
        await a.Service.StartAsync(default);
        await b.Service.StartAsync(default);
        await Eventually.TrueAsync(async () => (await RecordsAsync(ns)).Count == 1, "the scheduled import stored the job", 120);
        // Several scheduled passes later, still only one replica has asked slurmrestd anything.
        await Eventually.TrueAsync(() => Task.FromResult(a.Counter.Requests + b.Counter.Requests >= 3 * SlicesPerPass), "three passes", 120);
        var (leader, follower) = a.Counter.Requests > 0 ? (a, b) : (b, a);
        follower.Counter.Requests.ShouldBe(0);

        // The leader stops (a rolling restart): the other takes the lease over and imports from the stored cursor.
        await leader.Service.StopAsync(default);
        await Eventually.TrueAsync(() => Task.FromResult(follower.Counter.Requests >= 2 * SlicesPerPass), "the other replica took over", 120);
        await follower.Service.StopAsync(default);
        var restarted = Replica(cluster);
        await restarted.Service.PassAsync(default);

        restarted.Counter.Requests.ShouldBeGreaterThan(0);
        var records = await RecordsAsync(ns);
        records.Count.ShouldBe(1);
        records[0].Person.ShouldBe(member);
        records[0].SourceKey.ShouldStartWith($"slurm/{SlurmCluster.ClusterName}/{job}/");
        Math.Round(records[0].CpuHours * 3600).ShouldBe(sacctSeconds);
        leader.Service.Dispose();
        follower.Service.Dispose();
        restarted.Service.Dispose();
    }

    // First lookback 1 h read in 10-minute slices, plus the overlap: at least this many requests per pass.
    private const int SlicesPerPass = 6;

    private (LedgerImportService Service, CountingFactory Counter) Replica(SlurmClusterOptions cluster)
    {
        var counter = new CountingFactory();
        var options = Options.Create(new LedgerOptions
        {
            ImportInterval = TimeSpan.FromSeconds(1), Overlap = TimeSpan.FromMinutes(10), FirstLookback = TimeSpan.FromHours(1),
            SlurmImportSlice = TimeSpan.FromMinutes(10),
            // A long lease: a loaded machine must not make the follower take over while the leader still renews.
            LeaseDuration = TimeSpan.FromSeconds(30), LeaseRenewInterval = TimeSpan.FromSeconds(1),
        });
        var service = new LedgerImportService(app.Services.GetRequiredService<IServiceScopeFactory>(),
            new SlurmClusters(Options.Create(new List<SlurmClusterOptions> { cluster })), counter, options,
            app.Services.GetRequiredService<SlurmStatusStore>(), TimeProvider.System, NullLoggerFactory.Instance);
        return (service, counter);
    }

    private async Task<List<LedgerRecord>> RecordsAsync(string ns)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Set<LedgerRecord>().AsNoTracking()
            .Where(r => r.Namespace == ns).ToListAsync();
    }

    private static async Task<double> SacctCpuSecondsAsync(SlurmCluster slurm, string account)
    {
        var lines = new List<string[]>();
        await Eventually.TrueAsync(async () =>
        {
            lines = (await slurm.RunAsync("sacct", ["-n", "-P", "-X", "-A", account, "-S", "2026-01-01", "--format=State,CPUTimeRAW"]))
                .EnsureSuccess("sacct").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
            return lines.Count == 1 && lines[0][0] == "COMPLETED";
        }, "sacct shows the finished job", (int)JobTimeout.TotalSeconds);
        return double.Parse(lines[0][1], CultureInfo.InvariantCulture);
    }

    /// <summary>One replica's HTTP clients to slurmrestd, counting the requests it sends.</summary>
    private sealed class CountingFactory : IHttpClientFactory
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public HttpClient CreateClient(string name) => new(new Counting(this, new HttpClientHandler()));

        private sealed class Counting(CountingFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner._requests);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
