namespace Nereid.Server.CliDownloads;

/// <summary>One operating system and processor the CLI is built for.</summary>
/// <param name="Rid">.NET runtime identifier, also the download's folder and URL segment.</param>
/// <param name="Label">For people: <c>Linux (x64)</c>.</param>
/// <param name="Os"><c>linux</c>, <c>macos</c> or <c>windows</c>: which install steps apply.</param>
internal sealed record CliPlatform(string Rid, string Label, string Os)
{
    /// <summary>The five builds <c>scripts/publish-cli.sh</c> makes, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<CliPlatform> All =
    [
        new("linux-x64", "Linux (x64)", "linux"),
        new("linux-arm64", "Linux (arm64)", "linux"),
        new("osx-arm64", "macOS (Apple silicon)", "macos"),
        new("osx-x64", "macOS (Intel)", "macos"),
        new("win-x64", "Windows (x64)", "windows"),
    ];

    /// <summary>The executable's file name: <c>nereid</c>, or <c>nereid.exe</c> on Windows.</summary>
    public string FileName => Os == "windows" ? "nereid.exe" : "nereid";

    /// <summary>The platform of <paramref name="rid"/>, or null.</summary>
    public static CliPlatform? Find(string rid) => All.FirstOrDefault(p => string.Equals(p.Rid, rid, StringComparison.Ordinal));
}
