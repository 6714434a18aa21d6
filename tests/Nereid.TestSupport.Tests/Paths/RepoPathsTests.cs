using Nereid.TestSupport.Paths;

namespace Nereid.TestSupport.Tests.Paths;

public class RepoPathsTests
{
    [Fact]
    public void Root_FromTestBinaries_IsFolderHoldingSolution()
    {
        File.Exists(Path.Combine(RepoPaths.Root, "Nereid.slnx")).ShouldBeTrue();
        AppContext.BaseDirectory.ShouldStartWith(RepoPaths.Root);
        RepoPaths.SharedDirectory.ShouldBe(Path.Combine(Path.GetDirectoryName(RepoPaths.Root)!, "shared"));
    }

    [Fact]
    public void FindRoot_NoSolutionAbove_Throws()
    {
        Should.Throw<DirectoryNotFoundException>(() => RepoPaths.FindRoot("/proc"));
    }

    [Fact]
    public void PathFor_NestedName_CreatesParentInsideArtifacts()
    {
        var path = TestArtifacts.PathFor(Path.Combine("harness-check", Guid.NewGuid().ToString("N"), "file.txt"));

        path.ShouldStartWith(TestArtifacts.Directory);
        Directory.Exists(Path.GetDirectoryName(path)).ShouldBeTrue();
        Directory.Delete(Path.GetDirectoryName(path)!);
    }
}
