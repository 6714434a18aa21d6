using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Discovery;

/// <summary>
/// Serves the official OpenAPI v3 files as <c>/openapi/v3</c> (index) and <c>/openapi/v3/{api/v1|apis/g/v}</c>.
/// Reads <c>AppContext.BaseDirectory/openapi-spec-v3</c>, falling back to the shared reference copy found by
/// walking up from the base directory (<c>shared/reference/kubernetes/openapi-spec-v3</c>).
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly string? _folder;
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string Hash)> _cache = new();

    public OpenApiDocuments(string? folder = null) => _folder = folder ?? Locate();

    /// <summary>The folder in use, or null when none was found.</summary>
    public string? Folder => _folder;

    public static string? Locate()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "openapi-spec-v3");
        if (Directory.Exists(local) && Directory.EnumerateFiles(local, "*_openapi.json").Any())
        {
            return local;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "kubernetes", "openapi-spec-v3");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Group-version paths available, e.g. <c>api/v1</c>, <c>apis/batch/v1</c>.</summary>
    public IEnumerable<string> Paths =>
        _folder is null ? [] : Directory.EnumerateFiles(_folder, "*_openapi.json")
            .Select(f => Path.GetFileName(f)[..^"_openapi.json".Length].Replace("__", "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var p in Paths)
        {
            paths[p] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{p}?hash={Load(p)!.Value.Hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document bytes for a group-version path, or null.</summary>
    public byte[]? Document(string path) => Load(path)?.Bytes;

    private (byte[] Bytes, string Hash)? Load(string path)
    {
        if (_folder is null || path.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }
        var file = Path.Combine(_folder, path.Replace("/", "__", StringComparison.Ordinal) + "_openapi.json");
        if (!File.Exists(file))
        {
            return null;
        }
        return _cache.GetOrAdd(path, _ =>
        {
            var bytes = File.ReadAllBytes(file);
            return (bytes, Convert.ToHexString(SHA512.HashData(bytes)));
        });
    }
}
