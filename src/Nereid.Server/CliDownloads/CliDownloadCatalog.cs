using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Nereid.Server.CliDownloads;

/// <summary>One CLI build on offer.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file, as <c>sha256sum</c> prints it.</param>
internal sealed record CliDownload(CliPlatform Platform, string Path, long Size, string Sha256);

/// <summary>What the CLI folder holds: which builds exist and their checksums (hashed once per file version).</summary>
internal sealed class CliDownloadCatalog(IOptions<CliDownloadOptions> options, IHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, (long Size, DateTime Modified, string Sha256)> _hashes = new(StringComparer.Ordinal);

    /// <summary>The folder searched (absolute).</summary>
    public string Directory => System.IO.Path.GetFullPath(options.Value.Directory, environment.ContentRootPath);

    /// <summary>Every platform whose build is present, in <see cref="CliPlatform.All"/> order.</summary>
    public async Task<IReadOnlyList<CliDownload>> ListAsync(CancellationToken ct)
    {
        var result = new List<CliDownload>();
        foreach (var platform in CliPlatform.All)
        {
            if (await FindAsync(platform, ct) is { } download)
                result.Add(download);
        }
        return result;
    }

    /// <summary>The build for <paramref name="platform"/>, or null when it was not published.</summary>
    public async Task<CliDownload?> FindAsync(CliPlatform platform, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var file = new FileInfo(System.IO.Path.Combine(Directory, platform.Rid, platform.FileName));
        if (!file.Exists)
            return null;
        var key = file.FullName;
        if (!_hashes.TryGetValue(key, out var known) || known.Size != file.Length || known.Modified != file.LastWriteTimeUtc)
        {
            await using var stream = file.OpenRead();
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            known = (file.Length, file.LastWriteTimeUtc, hash);
            _hashes[key] = known;
        }
        return new CliDownload(platform, file.FullName, known.Size, known.Sha256);
    }
}
