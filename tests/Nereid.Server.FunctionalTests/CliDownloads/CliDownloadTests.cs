using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Nereid.Domain.People;
using Nereid.KubeDouble;
using Nereid.Server.FunctionalTests.Identity;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using ResourcesClusterApp = Nereid.Server.FunctionalTests.Resources.ClusterAppFactory;

namespace Nereid.Server.FunctionalTests.CliDownloads;

/// <summary>The self-contained CLI the project publishes, served with checksums, and a Get config page that says what is missing.</summary>
public sealed class CliDownloadTests
{
    [Fact]
    public async Task PublishedCli_NoDotnetOnPath_PrintsVersion()
    {
        await PublishedCli.EnsureAsync();
        var empty = Directory.CreateTempSubdirectory("nereid-nopath-").FullName;

        var (exit, stdout, stderr) = await IdentitySteps.RunAsync(PublishedCli.LinuxX64, ["--version"], new Dictionary<string, string>
        {
            ["PATH"] = empty, ["DOTNET_ROOT"] = "", ["HOME"] = empty,
        });

        exit.ShouldBe(0, stderr);
        stdout.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task CliApi_Published_ServesTheFileWithTheChecksumThePageAndSumsFileShow()
    {
        await PublishedCli.EnsureAsync();
        using var app = new NereidAppFactory().With("Nereid:CliDownloads:Directory", PublishedCli.Directory);
        using var anonymous = app.CreateClient();

        using var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/cli"));
        var bytes = await anonymous.GetByteArrayAsync("/api/v1/cli/linux-x64");
        using var admin = await PageClient.AdminAsync(app);
        var page = await admin.GetAsync("/config");

        var item = doc.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("rid").GetString().ShouldBe("linux-x64");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        item.GetProperty("sha256").GetString().ShouldBe(sha);
        item.GetProperty("size").GetInt64().ShouldBe(bytes.LongLength);
        doc.RootElement.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()).ShouldBe(["linux-x64", "linux-arm64", "osx-arm64", "osx-x64", "win-x64"]);
        (await File.ReadAllTextAsync(Path.Combine(PublishedCli.Directory, "SHA256SUMS"))).ShouldContain($"{sha}  linux-x64/nereid");
        page.Decoded.ShouldContain($"<code class=\"checksum\">{sha}</code>");
        page.Decoded.ShouldContain("The nereid CLI is not published on this server for Linux (arm64), macOS (Apple silicon), macOS (Intel), Windows (x64).");
    }

    [Fact]
    public async Task CliApi_UnpublishedOrUnknownSystem_404WithWhatToDo()
    {
        using var app = new NereidAppFactory().With("Nereid:CliDownloads:Directory", Directory.CreateTempSubdirectory("nereid-nocli-").FullName);
        using var anonymous = app.CreateClient();

        using var unpublished = await anonymous.GetAsync("/api/v1/cli/win-x64");
        using var unknown = await anonymous.GetAsync("/api/v1/cli/amiga-68k");

        unpublished.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unpublished.Content.ReadAsStringAsync()).ShouldContain("scripts/publish-cli.sh");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("linux-x64, linux-arm64");
    }

    [Fact]
    public async Task ConfigPage_ClusterButNoIssuer_ExplainsWhatIsMissingAndOffersNoBrokenKubeconfig()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var app = new ResourcesClusterApp(kube);
        app.With("Nereid:CliDownloads:Directory", Directory.CreateTempSubdirectory("nereid-nocli-").FullName);
        await app.CreatePersonAsync("configuser", Tier.User);
        using var pages = await PageClient.SignInAsync(app, "configuser", "configuser-password");

        var page = await pages.GetAsync("/config");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("No OIDC issuer is configured");
        page.Decoded.ShouldContain("Nereid:Identity:KubeconfigIssuer");
        page.Decoded.ShouldContain("The nereid CLI is not published on this server for Linux (x64)");
        page.Decoded.ShouldContain("not available until an issuer is configured");
        page.Decoded.ShouldNotContain("/kubeconfig\"");
        page.Decoded.ShouldNotContain("token from .");
    }
}
