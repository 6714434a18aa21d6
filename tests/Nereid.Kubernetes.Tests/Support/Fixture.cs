namespace Nereid.Kubernetes.Tests.Support;

/// <summary>Reads the reference fixtures copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
