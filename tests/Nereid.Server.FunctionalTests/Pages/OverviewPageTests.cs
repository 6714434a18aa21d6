using System.Net;
using System.Text.RegularExpressions;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>The public overview, with a few hundred namespaces to page through.</summary>
public sealed partial class OverviewPageTests : IClassFixture<OverviewPageTests.Fixture>
{
    private readonly Fixture _app;

    public OverviewPageTests(Fixture app) => _app = app;

    /// <summary>One host seeded once with 310 namespaces across three institutions.</summary>
    public sealed class Fixture : NereidAppFactory, IAsyncLifetime
    {
        public const int Count = 310;

        public async Task InitializeAsync()
        {
            var owner = await CreatePersonAsync("owner", Tier.Admin);
            string[] institutions = ["Alpha University", "Beta College", "Gamma Institute"];
            for (var i = 0; i < Count; i++)
                await this.CreateNamespaceAsync(owner, $"ns-{i:D3}", institutions[i % 3], i == 7 ? "Studies **coral reefs** with drones." : "");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public async Task Overview_Anonymous_ListsFirstPageWithTotalAndNextLink()
    {
        using var client = PageClient.Anonymous(_app);

        var page = await client.GetAsync("/");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain($"{Fixture.Count} namespaces");
        Names(page.Text).Count.ShouldBe(100);
        Names(page.Text)[0].ShouldBe("ns-000");
        page.Text.ShouldContain("rel=\"next\"");
    }

    [Fact]
    public async Task Overview_NextLink_ContinuesWhereFirstPageEnded()
    {
        using var client = PageClient.Anonymous(_app);
        var first = await client.GetAsync("/?limit=50");
        var next = WebUtility.HtmlDecode(NextLink().Match(first.Text).Groups["href"].Value);

        var second = await client.GetAsync(next);

        Names(first.Text).Count.ShouldBe(50);
        Names(second.Text)[0].ShouldBe("ns-050");
        Names(second.Text).ShouldNotContain("ns-049");
    }

    [Fact]
    public async Task Overview_Search_ShowsOnlyMatchesWithPlainExcerpt()
    {
        using var client = PageClient.Anonymous(_app);

        var page = await client.GetAsync("/?q=coral");

        Names(page.Text).ShouldBe(["ns-007"]);
        page.Decoded.ShouldContain("Studies coral reefs with drones.");
        page.Text.ShouldNotContain("**coral");
    }

    [Fact]
    public async Task Overview_SortByInstitutionDescending_OrdersRows()
    {
        using var client = PageClient.Anonymous(_app);

        var page = await client.GetAsync("/?sort=institution&dir=desc&limit=50");

        var names = Names(page.Text);
        names[0].ShouldBe("ns-002");
        names.Select(n => int.Parse(n.Substring(3)) % 3).Distinct().ShouldBe([2]);
        page.Text.ShouldContain("aria-sort=\"descending\"");
    }

    [Fact]
    public async Task Overview_SortByNameDescending_StartsWithLastName()
    {
        using var client = PageClient.Anonymous(_app);

        var page = await client.GetAsync("/?sort=name&dir=desc");

        Names(page.Text)[0].ShouldBe($"ns-{Fixture.Count - 1:D3}");
    }

    [Fact]
    public async Task Overview_BrokenContinueToken_ShowsFirstPageWithNote()
    {
        using var client = PageClient.Anonymous(_app);

        var page = await client.GetAsync("/?continue=@@@");

        page.Status.ShouldBe(HttpStatusCode.OK);
        Names(page.Text)[0].ShouldBe("ns-000");
        page.Decoded.ShouldContain("continue token");
    }

    private static List<string> Names(string html) => RowName().Matches(html).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex("<th scope=\"row\"><a href=\"/namespaces/(?<name>[^\"]+)\">")]
    private static partial Regex RowName();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" rel=\"next\">")]
    private static partial Regex NextLink();
}
