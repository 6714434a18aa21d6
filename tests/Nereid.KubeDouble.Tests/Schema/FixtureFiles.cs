using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Nereid.KubeDouble.Tests.Schema;

/// <summary>Reads the reference fixtures kept next to this source file.</summary>
internal static class FixtureFiles
{
    public static JsonElement Read(string name, [CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", name);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
