using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Clusters;

/// <summary>The per-cluster status section of the namespace page, rendered on the server (no JavaScript needed).</summary>
public sealed class NamespaceStatusPageTests
{
    [Fact]
    public async Task Detail_ConnectedCluster_ShowsStoredStatusPerCluster()
    {
        await using var app = await ClusterAppFactory.StartAsync();
        app.With("Nereid:Reconciler:QuotaOverrides:status-bad:requests.cpu", "lots");
        var owner = await app.CreatePersonAsync("statusowner", Tier.Admin);
        await app.CreateNamespaceAsync("status-ok", owner);
        await app.CreateNamespaceAsync("status-bad", owner);
        using var api = app.CreateClient();
        await Eventually.TrueAsync(async () => await ConditionAsync(api, "status-ok") == "Ready" && await ConditionAsync(api, "status-bad") == "Degraded",
            "the statuses never settled");
        using var anonymous = PageClient.Anonymous(app);

        var ok = await anonymous.GetAsync("/namespaces/status-ok");
        var bad = await anonymous.GetAsync("/namespaces/status-bad");

        ok.Status.ShouldBe(HttpStatusCode.OK);
        ok.Decoded.ShouldContain("<th scope=\"row\">test</th>");
        ok.Decoded.ShouldContain("<span class=\"condition condition-ready\">Ready</span>");
        ok.Decoded.ShouldContain("<td>Applied</td>");
        ok.Decoded.ShouldContain("objects match the database.");
        ok.Decoded.ShouldContain("<li>Ready=True (Applied) since <time datetime=\"");
        ok.Decoded.ShouldContain("<li>Degraded=False (AsExpected) since ");
        ok.Text.ShouldContain("<time datetime=\"");
        ok.Text.ShouldNotContain("<script");
        bad.Decoded.ShouldContain("<span class=\"condition condition-degraded\">Degraded</span>");
        bad.Decoded.ShouldContain("<td>InvalidInput</td>");
        bad.Decoded.ShouldContain("'lots' for requests.cpu is not a Kubernetes quantity.");
        bad.Decoded.ShouldContain("<li>Degraded=True (InvalidInput) since ");
    }

    [Fact]
    public async Task Detail_NoClusterConnected_SaysSoPlainly()
    {
        using var app = new NereidAppFactory();
        var owner = await app.CreatePersonAsync("lonelyowner", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "status-none");
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/namespaces/status-none");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("No Kubernetes cluster is connected to this Nereid, so this namespace exists only in Nereid for now.");
        page.Decoded.ShouldNotContain("condition-");
    }

    private static async Task<string?> ConditionAsync(HttpClient api, string ns)
    {
        var doc = await api.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{ns}/status");
        return doc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("condition").GetString()).FirstOrDefault();
    }
}
