using Nereid.Domain.Errors;
using Nereid.Server.Api;
using Nereid.Server.CliDownloads;

namespace Nereid.Server.Extensions;

/// <summary>
/// <c>GET /api/v1/cli</c> (the builds on offer with SHA-256 checksums) and <c>GET /api/v1/cli/{rid}</c> (one build).
/// Anonymous: the CLI holds no secret, and people fetch it before they can sign in from a terminal.
/// </summary>
internal static class CliDownloadsApi
{
    public static RouteGroupBuilder MapCliDownloadsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var cli = api.MapGroup("/cli").WithTags("CLI").AllowAnonymous();
        cli.MapGet("/", async (CliDownloadCatalog catalog, CancellationToken ct) =>
            TypedResults.Ok(new CliDownloadsResponse([.. (await catalog.ListAsync(ct)).Select(CliDownloadView.Of)],
                [.. CliPlatform.All.Select(p => p.Rid)])));
        cli.MapGet("/{rid}", async (string rid, CliDownloadCatalog catalog, CancellationToken ct) =>
        {
            var platform = CliPlatform.Find(rid) ?? throw new NotFoundException($"The nereid CLI is not built for '{rid}'; builds: {string.Join(", ", CliPlatform.All.Select(p => p.Rid))}.");
            var download = await catalog.FindAsync(platform, ct)
                ?? throw new NotFoundException($"The nereid CLI for {platform.Label} was not published on this server; the operator runs scripts/publish-cli.sh.");
            return TypedResults.PhysicalFile(download.Path, "application/octet-stream", platform.FileName);
        }).Problems(404);
        return api;
    }
}

/// <summary>One build in the API.</summary>
internal sealed record CliDownloadView(string Rid, string Label, string FileName, long Size, string Sha256, string Url)
{
    public static CliDownloadView Of(CliDownload d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Platform.Rid, d.Platform.Label, d.Platform.FileName, d.Size, d.Sha256, "/api/v1/cli/" + d.Platform.Rid);
    }
}

/// <summary><c>GET /api/v1/cli</c>: the builds present, and every runtime the project builds.</summary>
internal sealed record CliDownloadsResponse(IReadOnlyList<CliDownloadView> Items, IReadOnlyList<string> Platforms);
