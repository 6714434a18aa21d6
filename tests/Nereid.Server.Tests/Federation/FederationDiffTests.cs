using Nereid.Kubernetes.Models;
using Nereid.Server.Federation;

namespace Nereid.Server.Tests.Federation;

public sealed class FederationDiffTests
{
    private static readonly FederationPlan Plan = new("astro", "west",
        [new FederationTarget("east", new Uri("https://east.example"), "", "t")]);

    [Fact]
    public void Deletions_AllObservedStillDesired_Nothing()
    {
        var desired = AdmiraltyObjects.Build(Plan);
        var observed = desired.Where(d => d.Cluster == "east").Select(d => (d.Type, d.Object));

        FederationDiff.Deletions("east", desired, observed).ShouldBeEmpty();
    }

    [Fact]
    public void Deletions_Unfederated_EveryFederationObjectOfTheCluster()
    {
        var before = AdmiraltyObjects.Build(Plan);
        var observed = before.Where(d => d.Cluster == "west").Select(d => (d.Type, d.Object)).ToList();

        FederationDiff.Deletions("west", [], observed).Select(d => $"{d.Type.Kind}/{d.Object.Metadata.Name}")
            .ShouldBe(["Secret/nereid-admiralty-east", "Target/nereid-east"], ignoreOrder: true);
    }

    [Fact]
    public void Deletions_ObjectsNotMadeByFederation_Untouched()
    {
        var foreign = new UnstructuredObject
        {
            ApiVersion = "v1", Kind = "ServiceAccount",
            Metadata = new ObjectMeta { Name = "default", Namespace = "astro", Labels = new() { ["app.kubernetes.io/managed-by"] = "nereid" } },
        };

        FederationDiff.Deletions("east", [], [(AdmiraltyNames.ServiceAccount, foreign)]).ShouldBeEmpty();
    }

    [Fact]
    public void Deletions_TargetNoLongerPlaced_OnlyThatTargetsObjectsOnTheSource()
    {
        var two = Plan with { Targets = [.. Plan.Targets, new FederationTarget("central", new Uri("https://central.example"), "", "t")] };
        var observed = AdmiraltyObjects.Build(two).Where(d => d.Cluster == "west").Select(d => (d.Type, d.Object)).ToList();

        FederationDiff.Deletions("west", AdmiraltyObjects.Build(Plan), observed).Select(d => d.Object.Metadata.Name)
            .ShouldBe(["nereid-admiralty-central", "nereid-central"], ignoreOrder: true);
    }
}
