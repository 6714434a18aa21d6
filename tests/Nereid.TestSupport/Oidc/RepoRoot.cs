namespace Nereid.TestSupport.Oidc;

/// <summary>Finds the repository root: the nearest ancestor of the test's base directory holding <c>Nereid.slnx</c>.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nereid.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Nereid.slnx not found above " + AppContext.BaseDirectory);
    }
}
