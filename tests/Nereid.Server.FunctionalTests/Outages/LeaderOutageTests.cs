using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Postgres;

namespace Nereid.Server.FunctionalTests.Outages;

/// <summary>The reconciler's leader through a database outage: it keeps leading and keeps its caches.</summary>
public sealed class LeaderOutageTests
{
    [Fact]
    public async Task Leader_DatabaseDownTwentySeconds_KeepsLeadingWithoutRelistingLosesNothingAcceptedAndCatchesUp()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connection = await postgres.CreateDatabaseAsync();
        await using var app = await ClusterAppFactory.StartAsync();
        app.With("Nereid:Database:Provider", "Postgres")
            .With("Nereid:Database:ConnectionString", connection)
            // Resyncs (a full reload from the database) fall inside the outage.
            .With("Nereid:Reconciler:ResyncPeriod", "00:00:01");
        var leader = await app.ControllerAsync();
        var admin = await app.CreatePersonAsync("outage-admin", Tier.Admin);
        await app.CreateNamespaceAsync("before-outage", admin);
        await Eventually.TrueAsync(async () => await ExistsAsync(app, "before-outage"), "the namespace is projected before the outage");
        using var api = await app.ClientForAsync(admin);
        app.Kube.RequestLog.Clear();

        await postgres.SuspendAsync();
        var down = Stopwatch.StartNew();
        using var client = app.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "the replica notices the outage");
        // A write during the outage is refused (503), never accepted and then dropped.
        using (var refused = await api.PostAsJsonAsync("/api/v1/namespaces", NamespaceBody("during-outage")))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }
        // The outage: 20 s, across many poll intervals, resyncs and lease renewals of the leader.
        var left = TimeSpan.FromSeconds(20) - down.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
        await postgres.ResumeAsync();

        await app.CreateNamespaceAsync("after-outage", admin);
        await Eventually.TrueAsync(async () => await ExistsAsync(app, "after-outage"), "a namespace created after the outage is projected");
        (await app.ControllerAsync()).ShouldBeSameAs(leader, "the leader never stepped down");
        // Nothing accepted is lost, nothing refused was half-saved.
        var lastAnswer = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                using var read = await api.GetAsync("/api/v1/namespaces/before-outage");
                lastAnswer = $"{(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}";
                return read.StatusCode == HttpStatusCode.OK;
            }, "the namespace accepted before the outage is readable through the API again");
        }
        catch (ShouldAssertException e)
        {
            throw new ShouldAssertException(e.Message + "; last answer: " + lastAnswer);
        }
        (await ExistsAsync(app, "before-outage")).ShouldBeTrue();
        (await api.GetAsync("/api/v1/namespaces/during-outage")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ExistsAsync(app, "during-outage")).ShouldBeFalse();
        var lists = app.Kube.RequestLog.Entries
            .Where(e => e.Method == "GET" && !e.PathAndQuery.Contains("watch=", StringComparison.Ordinal) && IsList(e.PathAndQuery))
            // The reachability probe's one-item list (every Nereid:Freshness:ProbeInterval) reads no cache; it is not a re-list.
            .Where(e => e.PathAndQuery != "/api/v1/namespaces?limit=1")
            .Select(e => e.PathAndQuery).ToList();
        lists.ShouldBeEmpty("the informers kept their caches: nothing was listed again");
    }

    private static object NamespaceBody(string name) => new
    {
        name, institution = "University of California, San Diego", pis = new[] { "Dr. PI" }, grants = Array.Empty<string>(),
        software = Array.Empty<string>(), description = "Outage test", publications = Array.Empty<string>(),
    };

    private static async Task<bool> ExistsAsync(ClusterAppFactory app, string name) =>
        await app.Admin.GetAsync<Namespace>(null, name) is not null;

    // A collection GET: /api/v1/namespaces, /apis/rbac.authorization.k8s.io/v1/rolebindings, … (no object name after the resource).
    private static bool IsList(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0].Trim('/').Split('/');
        var resourceIndex = path[0] == "api" ? 2 : 3;
        return path.Length == resourceIndex + 1 || (path.Length == resourceIndex + 3 && path[resourceIndex] == "namespaces");
    }
}
