namespace Nereid.TestSupport.Paths;

/// <summary>
/// Where tests keep files worth looking at after a run (screenshots, server logs).
/// Defaults to <c>&lt;repo&gt;/artifacts/test</c> (gitignored); override with the <c>NEREID_TEST_ARTIFACTS</c> environment variable.
/// </summary>
public static class TestArtifacts
{
    /// <summary>Name of the environment variable that overrides the artifacts folder.</summary>
    public const string EnvironmentVariable = "NEREID_TEST_ARTIFACTS";

    /// <summary>The artifacts folder; created on first use.</summary>
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var path = string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(RepoPaths.Root, "artifacts", "test")
                : Path.GetFullPath(configured);
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Returns a path inside the artifacts folder for <paramref name="relativePath"/>, creating its parent folder.</summary>
    public static string PathFor(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var path = Path.GetFullPath(Path.Combine(Directory, relativePath));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
