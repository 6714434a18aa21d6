namespace Nereid.Server.CliDownloads;

/// <summary>Where the self-contained <c>nereid</c> CLI builds are served from. Section <c>Nereid:CliDownloads</c>.</summary>
internal sealed class CliDownloadOptions
{
    public const string Section = "Nereid:CliDownloads";

    /// <summary>
    /// Folder written by <c>scripts/publish-cli.sh</c>: one sub-folder per runtime (<c>linux-x64/nereid</c>,
    /// <c>win-x64/nereid.exe</c>, …). Default: <c>cli</c> under the server's content root (where the container image puts
    /// it). A missing folder or runtime is reported on the Get config page, never served as a broken file.
    /// </summary>
    public string Directory { get; set; } = "cli";
}
