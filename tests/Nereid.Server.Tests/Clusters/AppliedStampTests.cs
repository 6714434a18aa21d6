using System.Text;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>
/// The stamped apply body is spliced into the body that was hashed instead of serializing the object again; it must
/// say exactly what serializing the stamped object says.
/// </summary>
public sealed class AppliedStampTests
{
    private static readonly byte[] SomeHash = AppliedObjects.Hash("{}"u8);

    public static TheoryData<int> ProjectedObjects() => [.. Enumerable.Range(0, Project().Count)];

    private static List<KubeObject> Project()
    {
        var snapshot = new NamespaceSnapshot("proj-a", "UC San Diego", ["Ada Lovelace"], "A test namespace.", ["NSF-1"],
            [new MemberSnapshot("ada@ucsd.edu", IsAdmin: true), new MemberSnapshot("bob@ucsd.edu", IsAdmin: false)]);
        return [.. NamespaceProjection.Build(snapshot, new ProjectionOptions()).Objects];
    }

    [Theory]
    [MemberData(nameof(ProjectedObjects))]
    public void StampForApply_EveryProjectedKind_SendsWhatSerializingTheStampedObjectSends(int index)
    {
        var obj = Project()[index];
        var kind = OwnedKinds.Of(obj);
        var unstamped = kind.Serialize(obj);

        var (hash, body) = AppliedStamp.StampForApply(kind, obj);

        hash.ShouldBe(AppliedObjects.Hash(unstamped));
        obj.Metadata.Annotations![AppliedStamp.Annotation].ShouldBe(Convert.ToHexStringLower(hash));
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(kind.Serialize(obj))).ShouldBeTrue(Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"a"}}""", """{"metadata":{"name":"a","annotations":{"nereid.io/applied-hash":"H"}}}""")]
    [InlineData("""{"metadata":{}}""", """{"metadata":{"annotations":{"nereid.io/applied-hash":"H"}}}""")]
    [InlineData("""{"kind":"X","metadata":{"name":"a","annotations":{}},"spec":{"a":[1,{"b":2}]}}""",
        """{"kind":"X","metadata":{"name":"a","annotations":{"nereid.io/applied-hash":"H"}},"spec":{"a":[1,{"b":2}]}}""")]
    [InlineData("""{ "metadata" : { "labels":{"annotations":"no"}, "annotations" : { "x" : "y" } } }""",
        """{"metadata":{"labels":{"annotations":"no"},"annotations":{"x":"y","nereid.io/applied-hash":"H"}}}""")]
    public void Splice_AddsTheStampWhereverTheAnnotationsAre(string json, string expected)
    {
        var body = AppliedStamp.Splice(Encoding.UTF8.GetBytes(json), SomeHash);

        body.ShouldNotBeNull();
        var want = JsonNode.Parse(expected.Replace("\"H\"", $"\"{Convert.ToHexStringLower(SomeHash)}\"", StringComparison.Ordinal));
        JsonNode.DeepEquals(JsonNode.Parse(body), want).ShouldBeTrue(Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("""{"kind":"X"}""")]
    [InlineData("""{"metadata":null}""")]
    [InlineData("""{"metadata":{"annotations":null}}""")]
    [InlineData("""[]""")]
    public void Splice_NoMetadataOrAnnotationsNotAMap_LeavesItToTheSerializer(string json) =>
        AppliedStamp.Splice(Encoding.UTF8.GetBytes(json), SomeHash).ShouldBeNull();
}
