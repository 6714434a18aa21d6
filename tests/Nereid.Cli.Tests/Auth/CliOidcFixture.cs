using System.Text.RegularExpressions;
using Nereid.TestSupport.Oidc;

namespace Nereid.Cli.Tests.Auth;

/// <summary>A real OpenID provider, Chromium, and one completed <c>nereid login</c> whose cache the tests copy.</summary>
public partial class CliOidcFixture : IAsyncLifetime
{
    private readonly OidcProviderServerOptions _options;

    public CliOidcFixture()
        : this(new OidcProviderServerOptions())
    {
    }

    protected CliOidcFixture(OidcProviderServerOptions options) => _options = options;

    public OidcProviderServer Provider { get; private set; } = null!;
    public OidcBrowser Browser { get; private set; } = null!;
    /// <summary>Cache directory of a successful login (do not modify; copy it with <see cref="CopyLoginAsync"/>).</summary>
    public string LoginCacheDir { get; } = Directory.CreateTempSubdirectory("nereid-cli-login-").FullName;
    public string LoginStderr { get; private set; } = "";
    public int LoginExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        Provider = await OidcProviderServer.StartAsync(_options);
        Browser = await OidcBrowser.LaunchAsync();
        (LoginExitCode, LoginStderr) = await LoginAsync(LoginCacheDir, "alice");
    }

    /// <summary>Runs <c>nereid login --no-browser</c> and completes the printed URL in Chromium as <paramref name="account"/>.</summary>
    public async Task<(int ExitCode, string Stderr)> LoginAsync(string cacheDir, string account)
    {
        using var process = NereidProcess.Start(
            ["login", "--issuer", Provider.Issuer, "--client-id", OidcProviderServer.CliClientId, "--no-browser"],
            new Dictionary<string, string> { ["NEREID_CACHE_DIR"] = cacheDir });
        var stderr = new System.Text.StringBuilder();
        string? url = null;
        while (url is null && await process.StandardError.ReadLineAsync() is { } line)
        {
            stderr.AppendLine(line);
            if (line.StartsWith(Provider.Issuer, StringComparison.Ordinal))
            {
                url = line.Trim();
            }
        }
        url.ShouldNotBeNull(stderr.ToString());
        var page = await Browser.LoginAsync(url, account);
        (await page.Locator("body").InnerTextAsync()).ShouldContain("Login complete");
        await page.Context.CloseAsync();
        stderr.Append(await process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return (process.ExitCode, stderr.ToString());
    }

    /// <summary>A private copy of the logged-in cache directory.</summary>
    public string CopyLogin()
    {
        var target = Directory.CreateTempSubdirectory("nereid-cli-cache-").FullName;
        foreach (var file in Directory.GetFiles(LoginCacheDir, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
            {
                continue;
            }
            var dest = Path.Combine(target, Path.GetRelativePath(LoginCacheDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Provider.DisposeAsync();
        Directory.Delete(LoginCacheDir, recursive: true);
    }
}

/// <summary>The same, with 30-second ID and access tokens (shorter than the CLI's longest refresh margin).</summary>
public sealed class ShortTokenCliOidcFixture() : CliOidcFixture(new OidcProviderServerOptions
{
    IdTokenLifetime = TimeSpan.FromSeconds(30),
    AccessTokenLifetime = TimeSpan.FromSeconds(30),
});
