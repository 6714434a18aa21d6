using System.Text;
using System.Text.Json.Nodes;
using Nereid.Server.Federation;

namespace Nereid.Server.Tests.Federation;

public sealed class AdmiraltyObjectsTests
{
    private static readonly FederationPlan Plan = new("astro", "west",
    [
        new FederationTarget("east", new Uri("https://east.example:6443/"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "token-east"),
        new FederationTarget("central", new Uri("https://central.example:6443"), "", "token-central"),
    ]);

    [Fact]
    public void Build_TwoTargets_EveryObjectValidatesAgainstItsSchema()
    {
        var objects = AdmiraltyObjects.Build(Plan);

        objects.Count.ShouldBe(10);
        foreach (var o in objects)
        {
            var json = AdmiraltyObjects.ToJson(o.Object);
            if (o.Type.Group == "multicluster.admiralty.io")
            {
                AdmiraltySchema.Errors(json).ShouldBeEmpty($"{o.Cluster} {o.Type.Kind} {o.Object.Metadata.Name}");
            }
            json["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("astro");
            json["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>().ShouldBe("nereid-federation");
        }
    }

    [Fact]
    public void Build_TwoTargets_SourceHoldsTargetsAndSecretsTargetsHoldIdentity()
    {
        var objects = AdmiraltyObjects.Build(Plan);

        objects.Where(o => o.Cluster == "west").Select(o => $"{o.Type.Kind}/{o.Object.Metadata.Name}").ShouldBe(
            ["Secret/nereid-admiralty-central", "Target/nereid-central", "Secret/nereid-admiralty-east", "Target/nereid-east"]);
        foreach (var cluster in new[] { "central", "east" })
        {
            objects.Where(o => o.Cluster == cluster).Select(o => $"{o.Type.Kind}/{o.Object.Metadata.Name}").ShouldBe(
                ["ServiceAccount/nereid-source-west", "RoleBinding/nereid-source-west", "Source/nereid-source-west"]);
        }
    }

    [Fact]
    public void Build_Target_NamesItsKubeconfigSecretAndContext()
    {
        var target = AdmiraltyObjects.ToJson(AdmiraltyObjects.Build(Plan).Single(o => o.Type.Kind == "Target" && o.Object.Metadata.Name == "nereid-east").Object);

        target["spec"]!["kubeconfigSecret"]!["name"]!.GetValue<string>().ShouldBe("nereid-admiralty-east");
        target["spec"]!["kubeconfigSecret"]!["key"]!.GetValue<string>().ShouldBe("config");
        target["spec"]!["kubeconfigSecret"]!["context"]!.GetValue<string>().ShouldBe("east");
    }

    [Fact]
    public void Build_Secret_HoldsKubeconfigWithServerCaTokenAndNamespace()
    {
        var secret = AdmiraltyObjects.ToJson(AdmiraltyObjects.Build(Plan).Single(o => o.Object.Metadata.Name == "nereid-admiralty-east").Object);

        var config = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["config"]!.GetValue<string>())))!;
        config["current-context"]!.GetValue<string>().ShouldBe("east");
        config["clusters"]![0]!["cluster"]!["server"]!.GetValue<string>().ShouldBe("https://east.example:6443");
        Encoding.UTF8.GetString(Convert.FromBase64String(config["clusters"]![0]!["cluster"]!["certificate-authority-data"]!.GetValue<string>()))
            .ShouldStartWith("-----BEGIN CERTIFICATE-----");
        config["users"]![0]!["user"]!["token"]!.GetValue<string>().ShouldBe("token-east");
        config["contexts"]![0]!["context"]!["namespace"]!.GetValue<string>().ShouldBe("astro");
    }

    [Fact]
    public void Build_RoleBinding_GrantsSourceClusterRoleInTheNamespaceToTheServiceAccountOnly()
    {
        var binding = AdmiraltyObjects.ToJson(AdmiraltyObjects.Build(Plan).Single(o => o.Cluster == "east" && o.Type.Kind == "RoleBinding").Object);

        binding["roleRef"]!["kind"]!.GetValue<string>().ShouldBe("ClusterRole");
        binding["roleRef"]!["name"]!.GetValue<string>().ShouldBe("multicluster-scheduler-source");
        var subject = binding["subjects"]!.AsArray().ShouldHaveSingleItem()!;
        subject["kind"]!.GetValue<string>().ShouldBe("ServiceAccount");
        subject["name"]!.GetValue<string>().ShouldBe("nereid-source-west");
        subject["namespace"]!.GetValue<string>().ShouldBe("astro");
    }

    [Fact]
    public void Build_TargetListsTheSource_SelfTargetIsSkipped()
    {
        var plan = Plan with { Targets = [.. Plan.Targets, new FederationTarget("west", new Uri("https://west.example"), "", "t")] };

        AdmiraltyObjects.Build(plan).Count.ShouldBe(10);
    }

    [Fact]
    public void Build_NoTargets_NothingToApply()
    {
        AdmiraltyObjects.Build(Plan with { Targets = [] }).ShouldBeEmpty();
    }

    [Fact]
    public void Errors_MisspeltTargetField_IsReported()
    {
        // The schema check is only worth something if it refuses what the API server would silently prune.
        var target = AdmiraltyObjects.ToJson(AdmiraltyObjects.Build(Plan).First(o => o.Type.Kind == "Target").Object);
        target["spec"]!["kubeconfigSecrets"] = target["spec"]!["kubeconfigSecret"]!.DeepClone();

        AdmiraltySchema.Errors(target).ShouldNotBeEmpty();
    }

    [Fact]
    public void NamespaceLabels_EnableAdmiraltyScheduling()
    {
        AdmiraltyObjects.NamespaceLabels["multicluster-scheduler"].ShouldBe("enabled");
    }
}
