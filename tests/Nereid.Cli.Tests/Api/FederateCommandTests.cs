using System.Text.Json;

namespace Nereid.Cli.Tests.Api;

/// <summary><c>nereid ns federate</c> against the fake API: shows each placed cluster's state, and switches federation on and off.</summary>
public sealed class FederateCommandTests : FakeApiCommandTests
{
    protected override void Seed(FakeNereidApi api)
    {
        api.Federations["astro"] = new
        {
            @namespace = "astro", version = 3, federated = true,
            clusters = new object[]
            {
                new { cluster = "east", placed = true, condition = "Ready", reason = "Applied", message = "Admiralty objects applied.", observedAt = "2026-12-04T10:00:00Z" },
                new { cluster = "west", placed = true, condition = "Degraded", reason = "ClusterUnreachable", message = "The cluster is unreachable: Connection refused", observedAt = (string?)null },
                new { cluster = "north", placed = false, condition = "NotPlaced", reason = "NotPlaced", message = "", observedAt = (string?)null },
            },
        };
        api.Federations["calm"] = new
        {
            @namespace = "calm", version = 1, federated = false,
            clusters = new object[] { new { cluster = "east", placed = true, condition = "NotFederated", reason = "NotFederated", message = "", observedAt = (string?)null } },
        };
    }

    [Fact]
    public async Task NsFederate_OneClusterDegraded_ListsPlacedClustersWithWhyAndExits3()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "federate", "astro");

        code.ShouldBe(3, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("namespace/astro is federated");
        lines.Single(l => l.StartsWith("west", StringComparison.Ordinal)).ShouldContain("ClusterUnreachable");
        lines.Single(l => l.StartsWith("west", StringComparison.Ordinal)).ShouldEndWith("The cluster is unreachable: Connection refused");
        lines.Single(l => l.StartsWith("east", StringComparison.Ordinal)).ShouldContain("Ready");
        lines.ShouldNotContain(l => l.StartsWith("north", StringComparison.Ordinal));
        Api.FederationPuts.ShouldBeEmpty();
    }

    [Fact]
    public async Task NsFederate_On_SendsTheSwitchAndPrintsTheAnswer()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "federate", "astro", "on");

        code.ShouldBe(3, stderr);
        using var body = JsonDocument.Parse(Api.FederationPuts["astro"]);
        body.RootElement.GetProperty("federated").GetBoolean().ShouldBeTrue();
        stdout.ShouldStartWith("namespace/astro is federated");
    }

    [Fact]
    public async Task NsFederate_Off_SendsFalseAndExits0WhenNotFederated()
    {
        var (code, stdout, stderr) = await RunAsync("ns", "federate", "calm", "off");

        code.ShouldBe(0, stderr);
        using var body = JsonDocument.Parse(Api.FederationPuts["calm"]);
        body.RootElement.GetProperty("federated").GetBoolean().ShouldBeFalse();
        stdout.ShouldStartWith("namespace/calm is not federated");
    }

    [Fact]
    public async Task NsFederate_UnknownState_RefusedBeforeAnyRequest()
    {
        var (code, _, stderr) = await RunAsync("ns", "federate", "astro", "maybe");

        code.ShouldBe(1);
        stderr.ShouldContain("'maybe'");
        Api.Requests.ShouldBeEmpty();
    }
}
