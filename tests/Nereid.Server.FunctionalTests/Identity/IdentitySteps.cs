using Nereid.TestSupport.Browser;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.TestSupport.Oidc;
using Nereid.TestSupport.Paths;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>What the identity tests do over and over: sign in through the portal's buttons, log in with the CLI, look in the database.</summary>
public static class IdentitySteps
{
    /// <summary>Creates (or replaces) an account at <paramref name="provider"/> with typical CILogon claims.</summary>
    public static Task AccountAsync(OidcProviderServer provider, string id, string name, string email, string idpName) =>
        provider.SetAccountClaimsAsync(id, new Dictionary<string, string>
        {
            ["name"] = name, ["email"] = email, ["idp"] = "urn:test:" + idpName, ["idp_name"] = idpName, ["affiliation"] = "member@" + email.Split('@')[1],
        });

    /// <summary>Clicks the provider's button on <c>/login</c> in a fresh browser context and signs in there as <paramref name="account"/>.</summary>
    public static async Task<IPage> PortalLoginAsync(IdentityFixture fx, string provider, string account)
    {
        var page = await fx.Browser.NewPageAsync();
        await page.GotoAsync(fx.App.BaseUrl + "/login");
        await page.ClickAsync($"button[data-provider={provider}]");
        await FinishProviderLoginAsync(fx, page, account);
        return page;
    }

    /// <summary>Fills the test provider's login form and waits until the browser is back at the portal.</summary>
    public static async Task FinishProviderLoginAsync(IdentityFixture fx, IPage page, string account)
    {
        await page.FillAsync("#login", account);
        await page.ClickAsync("#submit");
        // Back at the portal with its session cookie set (the callback set it before redirecting). Only the commit of the
        // landing page is awaited: on busy machines Chromium has been seen never to report its lifecycle events, and later
        // steps navigate or locate elements, which wait by themselves.
        await PageUrl.WaitAsync(page, u => u.StartsWith(fx.App.BaseUrl, StringComparison.Ordinal) && !u.Contains("/signin-oidc", StringComparison.Ordinal));
    }

    public static async Task<Person?> PersonAsync(IdentityFixture fx, string issuer, string subject)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.ExternalIdentities.AsNoTracking().Where(e => e.Issuer == issuer && e.Subject == subject)
            .Join(db.People.AsNoTracking().Include(p => p.ExternalIdentities), e => e.PersonId, p => p.Id, (_, p) => p).FirstOrDefaultAsync();
    }

    /// <summary>The person's newest portal session (revoked or not).</summary>
    public static async Task<Session> LatestSessionAsync(IdentityFixture fx, Guid personId)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.Sessions.AsNoTracking().Where(s => s.PersonId == personId).OrderByDescending(s => s.CreatedAt).FirstAsync();
    }

    /// <summary>Signing in again through <paramref name="provider"/> asks for the account there: the provider's session is gone.</summary>
    public static async Task ShouldAskForTheAccountAgainAsync(IdentityFixture fx, IPage page, string provider, OidcProviderServer server)
    {
        await page.GotoAsync(fx.App.BaseUrl + "/login");
        await page.ClickAsync($"button[data-provider={provider}]");
        await page.Locator("#login").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        page.Url.ShouldStartWith(server.Issuer + "/interaction/");
    }

    public static async Task<List<string>> AuditActionsAsync(IdentityFixture fx, Guid personId)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.ActorId == personId).Select(e => e.Action).ToListAsync();
    }

    /// <summary>The CLI's <c>nereid.dll</c>, built on first use when the tree has no build of it yet.</summary>
    public static async Task<string> CliDllAsync()
    {
        // This test run's own configuration first, so a stale build of the other one is never picked.
        var own = typeof(IdentitySteps).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        foreach (var config in new[] { own, "Debug", "Release" }.Distinct())
        {
            var dll = Path.Combine(RepoPaths.Root, "src", "Nereid.Cli", "bin", config, "net10.0", "nereid.dll");
            if (File.Exists(dll))
                return dll;
        }
        var build = await RunAsync("dotnet", ["build", Path.Combine(RepoPaths.Root, "src", "Nereid.Cli"), "-nologo", "-v", "q"], new Dictionary<string, string>());
        build.ExitCode.ShouldBe(0, build.Stderr + build.Stdout);
        return Path.Combine(RepoPaths.Root, "src", "Nereid.Cli", "bin", "Debug", "net10.0", "nereid.dll");
    }

    /// <summary>A folder holding an executable <c>nereid</c> that runs the built CLI (what kubectl's exec plugin finds on PATH).</summary>
    public static async Task<string> CliBinDirectoryAsync()
    {
        var dll = await CliDllAsync();
        var dir = Directory.CreateTempSubdirectory("nereid-bin-").FullName;
        var script = Path.Combine(dir, "nereid");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nexec dotnet \"{dll}\" \"$@\"\n");
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("kubectl exec plugins are tested on Linux.");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    /// <summary>Runs <c>nereid login --no-browser</c> against <paramref name="provider"/>, completes it in Chromium, returns the cache directory.</summary>
    /// <remarks>With <paramref name="executable"/> (a self-contained CLI) it runs that instead of the built nereid.dll.</remarks>
    public static async Task<string> CliLoginAsync(IdentityFixture fx, OidcProviderServer provider, string account, string? executable = null)
    {
        var cacheDir = Directory.CreateTempSubdirectory("nereid-cache-").FullName;
        var psi = new ProcessStartInfo(executable ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        var args = new[] { "login", "--issuer", provider.Issuer, "--client-id", OidcProviderServer.CliClientId, "--no-browser" };
        foreach (var arg in executable is null ? [await CliDllAsync(), .. args] : args)
            psi.ArgumentList.Add(arg);
        psi.Environment["NEREID_CACHE_DIR"] = cacheDir;
        psi.Environment.Remove("DISPLAY");
        using var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        string? url = null;
        while (url is null && await process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(provider.Issuer, StringComparison.Ordinal))
                url = line.Trim();
        }
        url.ShouldNotBeNull("nereid login printed no authorization URL");
        var page = await fx.Browser.NewPageAsync();
        await page.GotoAsync(url);
        await page.FillAsync("#login", account);
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("text=Login complete", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.Context.CloseAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, stderr);
        return cacheDir;
    }

    /// <summary>The ID token the CLI cached (the one <c>nereid auth token</c> hands to kubectl).</summary>
    public static async Task<string> CachedIdTokenAsync(string cacheDir)
    {
        var file = Directory.GetFiles(Path.Combine(cacheDir, "tokens"), "*.json").ShouldHaveSingleItem();
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        return doc.RootElement.GetProperty("id_token").GetString()!;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> env,
        TimeSpan? limit = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
