namespace Nereid.TestSupport.Paths;

/// <summary>Well-known folders of the repository, found from the running test assembly.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> _root = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test binaries that holds <c>Nereid.slnx</c>.</summary>
    public static string Root => _root.Value;

    /// <summary>The shared project material next to the repository: <c>&lt;repo&gt;/../shared</c>.</summary>
    public static string SharedDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Finds the root by walking up from <paramref name="start"/> to a folder containing <c>Nereid.slnx</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor holds the solution file.</exception>
    public static string FindRoot(string start)
    {
        ArgumentException.ThrowIfNullOrEmpty(start);
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nereid.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above '{start}' contains Nereid.slnx.");
    }

    private static string FindRoot() => FindRoot(AppContext.BaseDirectory);
}
