using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.Identity;
using Nereid.Server.People;
using Nereid.TestSupport.Oidc;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

[Collection(IdentityCollection.Name)]
public sealed class KubeconfigTests(IdentityFixture fx)
{
    private string KubeconfigUrl(string cluster = IdentityFixture.ClusterName) => $"{fx.App.BaseUrl}/api/v1/clusters/{cluster}/kubeconfig";

    private async Task PromoteAsync(Guid personId, Tier tier)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var admin = await fx.App.AdminAsync();
        await scope.ServiceProvider.GetRequiredService<PeopleService>()
            .SetTierAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier), personId, tier, "test", CancellationToken.None);
    }

    [Fact]
    public async Task Kubeconfig_Anonymous_401()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(KubeconfigUrl());
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Kubeconfig_GuestThenUser_403WithPromotionHintThen200AndUnknownCluster404()
    {
        await AccountAsync(fx.Campus, "kc-kai", "Kai Kim", "kai@ucsd.edu", "UC San Diego");
        var guest = await PortalLoginAsync(fx, "campus", "kc-kai");
        var denied = await guest.Context.APIRequest.GetAsync(KubeconfigUrl());
        denied.Status.ShouldBe(403);
        (await denied.TextAsync()).ShouldContain("promotion");
        await guest.GotoAsync(fx.App.BaseUrl + "/config");
        (await guest.Locator("#clusters").InnerTextAsync()).ShouldContain(IdentityFixture.ClusterName);
        (await guest.Locator("#clusters a[download]").CountAsync()).ShouldBe(0);
        await guest.Context.CloseAsync();

        await PromoteAsync((await PersonAsync(fx, fx.Campus.Issuer, "kc-kai"))!.Id, Tier.User);
        var user = await PortalLoginAsync(fx, "campus", "kc-kai");
        var ok = await user.Context.APIRequest.GetAsync(KubeconfigUrl());
        var missing = await user.Context.APIRequest.GetAsync(KubeconfigUrl("nowhere"));
        var kubelogin = await user.Context.APIRequest.GetAsync(KubeconfigUrl() + "?variant=kubelogin");

        ok.Status.ShouldBe(200);
        ok.Headers["content-type"].ShouldStartWith(KubeconfigApi.YamlContentType);
        var yaml = await ok.TextAsync();
        yaml.ShouldContain("server: " + fx.Kube.BaseAddress.ToString().TrimEnd('/'));
        yaml.ShouldContain("--issuer");
        yaml.ShouldContain(fx.Campus.Issuer);
        yaml.ShouldContain(OidcProviderServer.CliClientId);
        yaml.ShouldNotContain(OidcProviderServer.PortalClientSecret);
        missing.Status.ShouldBe(404);
        kubelogin.Status.ShouldBe(200);
        (await kubelogin.TextAsync()).ShouldContain("oidc-login");
        await user.GotoAsync(fx.App.BaseUrl + "/config");
        (await user.Locator("#clusters a[download]").CountAsync()).ShouldBe(2);
        await user.Context.CloseAsync();
    }

    [Fact]
    public async Task Kubeconfig_WithNereidCliAndRealKubectl_GetNamespacesSendsValidIdToken()
    {
        await AccountAsync(fx.Campus, "kc-lee", "Lee Long", "lee@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "kc-lee")).Context.CloseAsync();
        await PromoteAsync((await PersonAsync(fx, fx.Campus.Issuer, "kc-lee"))!.Id, Tier.User);
        var page = await PortalLoginAsync(fx, "campus", "kc-lee");
        var download = await page.Context.APIRequest.GetAsync(KubeconfigUrl());
        download.Status.ShouldBe(200);
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("nereid-kc-").FullName, "config");
        await File.WriteAllTextAsync(kubeconfig, await download.TextAsync());
        await page.Context.CloseAsync();
        var cacheDir = await CliLoginAsync(fx, fx.Campus, "kc-lee");
        var idToken = await CachedIdTokenAsync(cacheDir);
        var bin = await CliBinDirectoryAsync();

        var (exit, stdout, stderr) = await RunAsync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name"], new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["NEREID_CACHE_DIR"] = cacheDir,
            ["HOME"] = Path.GetDirectoryName(kubeconfig)!,
        });

        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("namespace/default");
        fx.Kube.RequestLog.Entries.ShouldContain(e => e.Headers.Any(h =>
            h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && h.Value == "Bearer " + idToken));
        fx.AcceptedKubeTokens.ShouldContain(idToken);
    }

    [Fact]
    public async Task Kubeconfig_DownloadedCliAndKubeconfigOnly_KubectlGetNamespacesWithoutDotnet()
    {
        var published = CliDownloads.PublishedCli.EnsureAsync();
        await AccountAsync(fx.Campus, "kc-sam", "Sam Stone", "sam@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "kc-sam")).Context.CloseAsync();
        await PromoteAsync((await PersonAsync(fx, fx.Campus.Issuer, "kc-sam"))!.Id, Tier.User);
        var page = await PortalLoginAsync(fx, "campus", "kc-sam");
        await published;
        var home = Directory.CreateTempSubdirectory("nereid-home-").FullName;
        var bin = Directory.CreateDirectory(Path.Combine(home, "bin")).FullName;
        var kubeconfig = Path.Combine(home, "config");
        // Both files exactly as a person gets them from the portal: the kubeconfig and the CLI build for this system.
        var config = await page.Context.APIRequest.GetAsync(KubeconfigUrl());
        config.Status.ShouldBe(200);
        await File.WriteAllTextAsync(kubeconfig, await config.TextAsync());
        var cli = await page.Context.APIRequest.GetAsync(fx.App.BaseUrl + "/api/v1/cli/linux-x64");
        cli.Status.ShouldBe(200);
        var nereid = Path.Combine(bin, "nereid");
        await File.WriteAllBytesAsync(nereid, await cli.BodyAsync());
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("kubectl exec plugins are tested on Linux.");
        File.SetUnixFileMode(nereid, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await page.Context.CloseAsync();
        var cacheDir = await CliLoginAsync(fx, fx.Campus, "kc-sam", nereid);
        var idToken = await CachedIdTokenAsync(cacheDir);

        // PATH holds only the downloaded CLI: no dotnet anywhere on it.
        var (exit, stdout, stderr) = await RunAsync("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "get", "ns"], new Dictionary<string, string>
        {
            ["PATH"] = bin,
            ["NEREID_CACHE_DIR"] = cacheDir,
            ["HOME"] = home,
            ["DOTNET_ROOT"] = "",
        });

        exit.ShouldBe(0, stderr);
        stdout.ShouldStartWith("NAME");
        stdout.ShouldContain("default");
        fx.AcceptedKubeTokens.ShouldContain(idToken);
    }

    [Fact]
    public async Task ConfigGet_NereidCliWithCachedIdToken_DownloadsSameKubeconfigAsPortal()
    {
        await AccountAsync(fx.Campus, "kc-max", "Max Moore", "max@ucsd.edu", "UC San Diego");
        await (await PortalLoginAsync(fx, "campus", "kc-max")).Context.CloseAsync();
        await PromoteAsync((await PersonAsync(fx, fx.Campus.Issuer, "kc-max"))!.Id, Tier.User);
        var page = await PortalLoginAsync(fx, "campus", "kc-max");
        var portalYaml = await (await page.Context.APIRequest.GetAsync(KubeconfigUrl())).TextAsync();
        await page.Context.CloseAsync();
        var cacheDir = await CliLoginAsync(fx, fx.Campus, "kc-max");

        var (exit, stdout, stderr) = await RunAsync("dotnet", [await CliDllAsync(), "config", "get", "--cluster", IdentityFixture.ClusterName, "--server", fx.App.BaseUrl],
            new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = cacheDir, ["HOME"] = cacheDir });

        exit.ShouldBe(0, stderr);
        stdout.ShouldBe(portalYaml);
    }
}
