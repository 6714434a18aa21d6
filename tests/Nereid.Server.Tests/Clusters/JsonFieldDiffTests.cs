using System.Text.Json.Nodes;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

public sealed class JsonFieldDiffTests
{
    [Fact]
    public void Changed_OnlyServerKeptFieldsDiffer_IsEmpty()
    {
        var live = JsonNode.Parse("""{"metadata":{"name":"q","resourceVersion":"7","uid":"u1","generation":3,"creationTimestamp":"2026-01-01T00:00:00Z"},"spec":{"hard":{"cpu":"1"}},"status":{"used":{"cpu":"0"}}}""");
        var wanted = JsonNode.Parse("""{"metadata":{"name":"q","resourceVersion":"8"},"spec":{"hard":{"cpu":"1"}}}""");

        JsonFieldDiff.Changed(live, wanted).ShouldBeEmpty();
    }

    [Fact]
    public void Changed_ValueAddedRemovedAndChanged_ListsEachPathSorted()
    {
        var live = JsonNode.Parse("""{"metadata":{"labels":{"app.kubernetes.io/managed-by":"nereid","old":"x"}},"spec":{"hard":{"requests.cpu":"1","pods":"10"}}}""");
        var wanted = JsonNode.Parse("""{"metadata":{"labels":{"app.kubernetes.io/managed-by":"nereid"}},"spec":{"hard":{"requests.cpu":"64","pods":"10","limits.memory":"1Gi"}}}""");

        JsonFieldDiff.Changed(live, wanted).ShouldBe([
            "metadata.labels.old", "spec.hard[\"limits.memory\"]", "spec.hard[\"requests.cpu\"]"]);
    }

    [Fact]
    public void Changed_ArrayElementDiffers_NamesTheIndex()
    {
        var live = JsonNode.Parse("""{"subjects":[{"name":"a"},{"name":"b"}]}""");
        var wanted = JsonNode.Parse("""{"subjects":[{"name":"a"},{"name":"c"},{"name":"d"}]}""");

        JsonFieldDiff.Changed(live, wanted).ShouldBe(["subjects[1].name", "subjects[2].name"]);
    }
}
