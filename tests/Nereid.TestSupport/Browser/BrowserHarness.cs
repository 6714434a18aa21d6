using Microsoft.Playwright;
using Nereid.TestSupport.Paths;

namespace Nereid.TestSupport.Browser;

/// <summary>
/// Headless Chromium (the Debian <c>chromium</c> package) driven by Playwright's bundled node driver, fully offline:
/// no browser download, no install step. One browser per test process (<see cref="GetSharedAsync"/>);
/// each test opens its own context and page with <see cref="NewPageAsync"/>.
/// </summary>
public sealed class BrowserHarness : IAsyncDisposable
{
    /// <summary>The browser binary; override with <c>NEREID_CHROMIUM</c>. Default <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("NEREID_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Flags that keep Chromium quiet and local: no sandbox (root in CI), no GPU, no background traffic.</summary>
    public static readonly IReadOnlyList<string> LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private static readonly Lazy<Task<BrowserHarness>> _shared = new(() => LaunchAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly IPlaywright _playwright;
    private int _disposed;

    private BrowserHarness(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The launched browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>The browser shared by every test in this process; launched on first call, closed at process exit. Do not dispose it.</summary>
    public static Task<BrowserHarness> GetSharedAsync() => _shared.Value;

    /// <summary>Launches a new headless Chromium; the caller disposes it.</summary>
    public static async Task<BrowserHarness> LaunchAsync()
    {
        // The Playwright package would otherwise try to fetch its own browser build; we use the system one.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}; run scripts/test.sh (installs chromium) or set NEREID_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = LaunchArguments,
            });
            var harness = new BrowserHarness(playwright, browser);
            AppDomain.CurrentDomain.ProcessExit += harness.OnProcessExit;
            return harness;
        }
        catch (Exception)
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a fresh, isolated context (own cookies and storage) with one page; dispose it at the end of the test.</summary>
    public async Task<BrowserPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        // CI machines are small and busy; a slow page is not a failure.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    /// <summary>
    /// Saves a full-page PNG of <paramref name="page"/> as <c>screenshots/&lt;name&gt;.png</c> under
    /// <see cref="TestArtifacts.Directory"/> and returns its path, so CI keeps it as a test artifact.
    /// </summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var safeName = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var path = TestArtifacts.PathFor(Path.Combine("screenshots", safeName + ".png"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Closes the browser and stops the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Bounded: the test host gives exit handlers little time, and the driver kills Chromium when its pipe closes anyway.
        DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
