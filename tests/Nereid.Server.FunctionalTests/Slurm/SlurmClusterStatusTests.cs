using System.Net.Http.Json;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>
/// Per-Slurm-cluster status through the API, from the server's own projection and ledger import against the harness's
/// real slurmrestd, reached through a <see cref="LoopbackGate"/> the test closes and opens again.
/// </summary>
public sealed class SlurmClusterStatusTests
{
    [Fact]
    public async Task GetSlurmCluster_SlurmrestdGoneThenBack_ReadyThenNotReachableWithErrorThenReadyAgain()
    {
        var slurm = await SlurmCluster.GetSharedAsync();
        await using var gate = LoopbackGate.Open(slurm.RestUrl);
        var ns = "ss-" + Guid.NewGuid().ToString("N")[..6];
        using var app = new NereidAppFactory()
            .With("Nereid:Slurm:ResyncInterval", "00:00:01")
            .With("Nereid:Slurm:LeaseDuration", "00:00:06")
            .With("Nereid:Slurm:LeaseRenewInterval", "00:00:01")
            .With("Nereid:Slurm:Clusters:0:Name", "gate")
            .With("Nereid:Slurm:Clusters:0:RestUrl", gate.Url)
            .With("Nereid:Slurm:Clusters:0:ClusterName", SlurmCluster.ClusterName)
            .With("Nereid:Slurm:Clusters:0:UserName", SlurmCluster.AdminUser)
            .With("Nereid:Slurm:Clusters:0:Token", slurm.AdminToken)
            .With("Nereid:Slurm:Clusters:0:Namespaces:0", ns)
            .With("Nereid:Ledger:ImportInterval", "00:00:02")
            .With("Nereid:Ledger:FirstLookback", "00:10:00")
            .With("Nereid:Ledger:Overlap", "00:05:00");
        var admin = await app.ClientForAsync(await app.AdminAsync());
        var member = await app.CreatePersonAsync("ss" + ns[3..], Tier.Admin);
        var created = await (await app.ClientForAsync(member)).PostAsJsonAsync("/api/v1/namespaces", new
        {
            name = ns, institution = "Paul Scherrer Institute", pis = new[] { "Dr. PI" }, grants = Array.Empty<string>(),
            software = Array.Empty<string>(), description = "Slurm status test", publications = Array.Empty<string>(),
        });
        created.EnsureSuccessStatusCode();

        // Healthy: the pass that projected the namespace, then one that found everything in sync, and a ledger import.
        var ready = await WaitForAsync(admin, s => Condition(s, "Ready") == ("True", "Projected")
            && s.GetProperty("associations").GetProperty("inSync").GetInt32() == 2
            && s.GetProperty("lastImportAt").ValueKind == JsonValueKind.String, "Ready after projecting and importing");
        Condition(ready, "Reachable").ShouldBe(("True", "Answered"));
        ready.GetProperty("reachable").GetBoolean().ShouldBeTrue();
        ready.GetProperty("slurmVersion").GetString().ShouldStartWith("22.05.");
        ready.GetProperty("restPlugin").GetString().ShouldBe("openapi/dbv0.0.38");
        ready.GetProperty("accounts").GetInt32().ShouldBe(1);
        ready.GetProperty("associations").GetProperty("failed").GetInt32().ShouldBe(0);
        ready.GetProperty("lastProjectionAt").ValueKind.ShouldBe(JsonValueKind.String);
        Condition(ready, "Degraded").ShouldBe(("False", "AsExpected"));

        // Where people look: the namespace's own status (API and page) says its account is in sync, checked by that pass.
        var synced = await NamespaceSlurmAsync(member, app, ns);
        synced.GetProperty("cluster").GetString().ShouldBe("gate");
        synced.GetProperty("state").GetString().ShouldBe("InSync");
        synced.GetProperty("stale").GetBoolean().ShouldBeFalse();
        synced.GetProperty("inSyncAt").GetDateTime().ShouldBeGreaterThanOrEqualTo(ready.GetProperty("lastProjectionAt").GetDateTime());
        var page = await (await app.ClientForAsync(member)).GetStringAsync($"/namespaces/{ns}");
        page.ShouldContain("In Slurm");
        page.ShouldContain("In sync");

        // slurmrestd away: refused connections, stored with the error and since when.
        await gate.CloseAsync();
        var gone = await WaitForAsync(admin, s => !s.GetProperty("reachable").GetBoolean(), "NotReachable once the gate is closed");
        Condition(gone, "Reachable").ShouldBe(("False", "NotReachable"));
        Condition(gone, "Ready").ShouldBe(("False", "NotReachable"));
        gone.GetProperty("lastError").GetString()!.ShouldContain("refused", Case.Insensitive);
        var since = gone.GetProperty("unreachableSince").GetDateTime();
        since.ShouldBeGreaterThan(ready.GetProperty("lastProjectionAt").GetDateTime());
        // The version seen last stays: it is what will answer again.
        gone.GetProperty("slurmVersion").GetString().ShouldStartWith("22.05.");
        var later = await WaitForAsync(admin, s => s.GetProperty("lastPassAt").GetDateTime() > gone.GetProperty("lastPassAt").GetDateTime(),
            "another failed pass");
        later.GetProperty("unreachableSince").GetDateTime().ShouldBe(since);
        var away = await NamespaceSlurmAsync(member, app, ns);
        away.GetProperty("state").GetString().ShouldBe("Failed");
        away.GetProperty("stale").GetBoolean().ShouldBeTrue();
        away.GetProperty("message").GetString()!.ShouldContain("not answering");
        // The last time it was in sync stays what the healthy pass stored.
        away.GetProperty("inSyncAt").GetDateTime().ShouldBeGreaterThanOrEqualTo(synced.GetProperty("inSyncAt").GetDateTime());
        away.GetProperty("inSyncAt").GetDateTime().ShouldBeLessThan(since);
        (await (await app.ClientForAsync(member)).GetStringAsync($"/namespaces/{ns}")).ShouldContain("last known state");

        // Back: the next pass finds it again.
        gate.Reopen();
        var back = await WaitForAsync(admin, s => s.GetProperty("reachable").GetBoolean(), "Ready again once the gate is open");
        Condition(back, "Ready").ShouldBe(("True", "Projected"));
        back.GetProperty("unreachableSince").ValueKind.ShouldBe(JsonValueKind.Null);
        back.GetProperty("lastError").GetString().ShouldBe("");
    }

    [Fact]
    public async Task ListSlurmClusters_SecondClusterAtAClosedPort_ListedAsNotReachableAndUnknownNameIs404()
    {
        using var app = new NereidAppFactory()
            .With("Nereid:Slurm:ResyncInterval", "00:00:01")
            .With("Nereid:Slurm:LeaseRenewInterval", "00:00:01")
            .With("Nereid:Slurm:Clusters:0:Name", "closed")
            // Port 9 (discard) has no listener on loopback here: every connection is refused.
            .With("Nereid:Slurm:Clusters:0:RestUrl", "http://127.0.0.1:9/")
            .With("Nereid:Slurm:Clusters:0:ClusterName", "closed")
            .With("Nereid:Slurm:Clusters:0:UserName", "nereid")
            .With("Nereid:Slurm:Clusters:0:Token", "not-a-token")
            .With("Nereid:Slurm:Clusters:0:Namespaces:0", "*")
            .With("Nereid:Ledger:ImportEnabled", "false");
        var admin = await app.ClientForAsync(await app.AdminAsync());

        JsonElement item = default;
        await Eventually.TrueAsync(async () =>
        {
            using var list = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/slurm-clusters"));
            item = list.RootElement.GetProperty("items").EnumerateArray().Single().Clone();
            return item.GetProperty("status").ValueKind == JsonValueKind.Object;
        }, "the first pass stored its status", 120);
        using var unknown = await admin.GetAsync("/api/v1/slurm-clusters/nowhere");

        item.GetProperty("name").GetString().ShouldBe("closed");
        item.GetProperty("clusterName").GetString().ShouldBe("closed");
        var status = item.GetProperty("status");
        status.GetProperty("reachable").GetBoolean().ShouldBeFalse();
        status.GetProperty("lastError").GetString()!.ShouldContain("refused", Case.Insensitive);
        status.GetProperty("lastProjectionAt").ValueKind.ShouldBe(JsonValueKind.Null);
        Condition(status, "Reachable").ShouldBe(("False", "NotReachable"));
        ((int)unknown.StatusCode).ShouldBe(404);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static async Task<JsonElement> NamespaceSlurmAsync(Person member, NereidAppFactory app, string ns)
    {
        using var doc = JsonDocument.Parse(await (await app.ClientForAsync(member)).GetStringAsync($"/api/v1/namespaces/{ns}/slurm"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Single().Clone();
    }

    private static (string? Status, string? Reason) Condition(JsonElement status, string type) =>
        status.GetProperty("conditions").EnumerateArray().Where(c => c.GetProperty("type").GetString() == type)
            .Select(c => (c.GetProperty("status").GetString(), c.GetProperty("reason").GetString())).SingleOrDefault();

    private static async Task<JsonElement> WaitForAsync(HttpClient admin, Func<JsonElement, bool> condition, string what)
    {
        var last = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await admin.GetAsync("/api/v1/slurm-clusters/gate");
            response.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var status = doc.RootElement.GetProperty("status");
            if (status.ValueKind == JsonValueKind.Null)
                return false;
            last = status.Clone();
            return condition(last);
        }, what, 180);
        return last;
    }
}
