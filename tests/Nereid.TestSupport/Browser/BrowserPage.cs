using Microsoft.Playwright;

namespace Nereid.TestSupport.Browser;

/// <summary>A test's own browser context and page; disposing closes the context (and with it the page).</summary>
/// <param name="Context">The isolated context: cookies, storage, permissions.</param>
/// <param name="Page">The page to drive.</param>
public sealed record BrowserPage(IBrowserContext Context, IPage Page) : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
