using Nereid.TestSupport.Oidc;

namespace Nereid.Cli.Tests.Auth;

public sealed class DeviceLoginTests(CliOidcFixture fx) : IClassFixture<CliOidcFixture>
{
    [Fact]
    public async Task Login_DeviceFlow_ApprovedInBrowser_CachesTokens()
    {
        var dir = Directory.CreateTempSubdirectory("nereid-device-").FullName;
        using var process = NereidProcess.Start(
            ["login", "--issuer", fx.Provider.Issuer, "--client-id", OidcProviderServer.CliClientId, "--device"],
            new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = dir });
        string? complete = null;
        while (complete is null && await process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("or open ", StringComparison.Ordinal))
            {
                complete = line["or open ".Length..].Trim();
            }
        }
        complete.ShouldNotBeNull();
        complete.ShouldStartWith(fx.Provider.Issuer);

        var page = await fx.Browser.NewPageAsync();
        await page.GotoAsync(complete);
        if (await page.Locator("#device-continue").CountAsync() > 0)
        {
            await page.ClickAsync("#device-continue");
        }
        await page.ClickAsync("#device-confirm");
        await page.FillAsync("#login", "bob");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#device-success");
        await page.Context.CloseAsync();

        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        stderr.ShouldContain("Logged in as bob@unl.edu");
        Directory.GetFiles(Path.Combine(dir, "tokens"), "*.json").ShouldHaveSingleItem();
    }
}
