using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Meshes;

/// <summary>One published pSConfig document: its bytes and their strong ETag (a hash of exactly those bytes).</summary>
/// <param name="Kind">The mesh.</param>
/// <param name="Json">The document as served.</param>
/// <param name="ETag">Quoted SHA-256 of <paramref name="Json"/>: it changes exactly when the content does.</param>
/// <param name="Hosts">The hosts it holds.</param>
internal sealed record MeshDocument(MeshKind Kind, byte[] Json, string ETag, int Hosts);

/// <summary>
/// The published documents, rebuilt only when the inventory moved since the last build (a pSConfig agent polling an
/// unchanged mesh costs a version check).
/// </summary>
internal sealed class MeshDocuments(MeshInventory inventory, IOptions<MeshOptions> options)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly ConcurrentDictionary<MeshKind, (long Version, MeshDocument Document)> _built = new();

    /// <summary>The current document of mesh <paramref name="kind"/>.</summary>
    public MeshDocument Get(MeshKind kind)
    {
        // Read the version first: a node event during the build leaves the next call a newer version to rebuild for.
        var version = inventory.Version;
        if (_built.TryGetValue(kind, out var built) && built.Version == version)
        {
            return built.Document;
        }
        var hosts = inventory.Hosts();
        var json = JsonSerializer.SerializeToUtf8Bytes(PsConfigBuilder.Build(kind, hosts, options.Value), Indented);
        var document = new MeshDocument(kind, json, $"\"{Convert.ToHexStringLower(SHA256.HashData(json))}\"", hosts.Count(h => h.GroupValue(kind) is not null));
        _built[kind] = (version, document);
        return document;
    }

    /// <summary>The mesh named <paramref name="name"/> in URLs (<c>region</c>, <c>site</c>, <c>capacity</c>), or null.</summary>
    public static MeshKind? Parse(string? name) =>
        Enum.GetValues<MeshKind>().Cast<MeshKind?>().FirstOrDefault(k => string.Equals(PsConfigBuilder.Word(k!.Value), name, StringComparison.Ordinal));
}
