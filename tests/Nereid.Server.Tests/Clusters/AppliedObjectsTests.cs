using System.Text;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

public sealed class AppliedObjectsTests
{
    private static byte[] Hash(string json) => AppliedObjects.Hash(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void IsCurrent_SameBodyAndVersion_IsTrue()
    {
        var applied = new AppliedObjects();
        applied.BeginApply("Namespace//a");
        applied.EndApply("Namespace//a", Hash("""{"metadata":{"name":"a"}}"""), "5");

        applied.IsCurrent("Namespace//a", Hash("""{"metadata":{"name":"a"}}"""), "5").ShouldBeTrue();
    }

    [Fact]
    public void IsCurrent_BodyChangedOrVersionMoved_IsFalse()
    {
        var applied = new AppliedObjects();
        applied.BeginApply("Namespace//a");
        applied.EndApply("Namespace//a", Hash("""{"metadata":{"name":"a"}}"""), "5");

        applied.IsCurrent("Namespace//a", Hash("""{"metadata":{"name":"a","labels":{"x":"y"}}}"""), "5").ShouldBeFalse();
        applied.IsCurrent("Namespace//a", Hash("""{"metadata":{"name":"a"}}"""), "6").ShouldBeFalse();
        applied.IsCurrent("Namespace//a", Hash("""{"metadata":{"name":"a"}}"""), null).ShouldBeFalse();
    }

    [Fact]
    public void Hash_AnyBody_Is32Bytes()
    {
        Hash("").Length.ShouldBe(32);
        Hash(new string('x', 100_000)).Length.ShouldBe(32);
    }
}
