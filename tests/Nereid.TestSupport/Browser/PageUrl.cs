using Microsoft.Playwright;

namespace Nereid.TestSupport.Browser;

/// <summary>
/// Waits for a page's URL without Playwright's <c>WaitForURLAsync</c>: when the URL already matches, that call still
/// waits for a load state (even with <c>WaitUntil = Commit</c>), and on busy CI machines Chromium has been seen never to
/// report it (three 60 s timeouts with "NetworkIdle" already logged). <see cref="IPage.Url"/> changes on commit.
/// </summary>
public static class PageUrl
{
    /// <summary>Polls until <paramref name="predicate"/> holds for the page's URL, or throws <see cref="TimeoutException"/>.</summary>
    public static async Task WaitAsync(IPage page, Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(predicate);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!predicate(page.Url))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"page URL {page.Url} did not reach the expected one within {timeout ?? TimeSpan.FromSeconds(60)}");
            await Task.Delay(50);
        }
    }
}
