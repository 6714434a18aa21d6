using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Notices;

/// <summary>/home: my namespaces, my open requests, and what waits for my decision, with the count in the navigation.</summary>
public sealed class HomePageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Home_JoinRequestPending_RequesterSeesItOpenAdminSeesItToDecideWithNavCount()
    {
        var admin = await app.CreatePersonAsync("homeadmin", Tier.Admin);
        var requester = await app.CreatePersonAsync("homerequester", Tier.User);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.CreateAsync(MatrixWorld.ActorOf(admin), new NamespaceInput("home-lab", "UC San Diego", ["Prof. Home"], [], [], "Home test lab", []), default);
            await namespaces.RequestJoinAsync(MatrixWorld.ActorOf(requester), "home-lab", "I work on corals", default);
        }
        using var adminPages = await PageClient.SignInAsync(app, "homeadmin", "homeadmin-password");
        using var requesterPages = await PageClient.SignInAsync(app, "homerequester", "homerequester-password");

        var adminHome = await adminPages.GetAsync("/home");
        var requesterHome = await requesterPages.GetAsync("/home");

        adminHome.Status.ShouldBe(HttpStatusCode.OK);
        adminHome.Decoded.ShouldContain("Waiting for your decision (1)");
        adminHome.Decoded.ShouldContain("homerequester Name (homerequester@example.edu) asks to join home-lab");
        adminHome.Decoded.ShouldContain("“I work on corals”");
        adminHome.Decoded.ShouldContain("<a href=\"/namespaces/home-lab\">home-lab</a>");
        adminHome.Decoded.ShouldContain("<td>admin</td>");
        adminHome.Decoded.ShouldContain("(1<span class=\"visually-hidden\">: 1 decision waiting</span>)");
        requesterHome.Decoded.ShouldContain("To join <a href=\"/namespaces/home-lab\">home-lab</a>: waiting for its admins.");
        requesterHome.Decoded.ShouldContain("You are not a member of any namespace yet.");
        requesterHome.Decoded.ShouldNotContain("Waiting for your decision");
    }

    [Fact]
    public async Task Home_Anonymous_RedirectedToSignIn()
    {
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/home");

        page.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Location!.ShouldContain("/login");
    }
}
