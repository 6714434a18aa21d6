namespace Nereid.Domain.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Build_Skeleton_Compiles() => typeof(PlaceholderTests).Assembly.GetName().Name.ShouldBe("Nereid.Domain.Tests");
}
