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
    public async Task Home_ExceptionRequestPending_RequesterSeesItOpenPlatformAdminSeesItToDecideWithNavCount()
    {
        var nsAdmin = await app.CreatePersonAsync("homexadmin", Tier.Admin);
        var platform = await app.CreatePersonAsync("homexplatform", Tier.PlatformAdmin);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
            await namespaces.CreateAsync(MatrixWorld.ActorOf(nsAdmin), new NamespaceInput("home-ex", "UC San Diego", ["Prof. Home"], [], [], "Home exception lab", []), default);
            var requests = scope.ServiceProvider.GetRequiredService<Nereid.Server.Policies.ExceptionRequestService>();
            await requests.CreateAsync(MatrixWorld.ActorOf(nsAdmin), new Nereid.Server.Policies.ExceptionRequestInput(null, "home-ex", "trainer", "gpu-idle", "A long warm-up", 3), default);
        }
        using var requesterPages = await PageClient.SignInAsync(app, "homexadmin", "homexadmin-password");
        using var platformPages = await PageClient.SignInAsync(app, "homexplatform", "homexplatform-password");

        var requesterHome = await requesterPages.GetAsync("/home");
        var platformHome = await platformPages.GetAsync("/home");

        requesterHome.Decoded.ShouldContain("An exception to <code>gpu-idle</code> in <a href=\"/namespaces/home-ex\">home-ex</a> for 3 days: waiting for a platform admin");
        requesterHome.Decoded.ShouldNotContain("home-exception-decisions");
        platformHome.Decoded.ShouldContain("homexadmin Name asks for an exception to <code>gpu-idle</code> in home-ex (trainer) for 3 days");
        platformHome.Decoded.ShouldContain("“A long warm-up”");
        var decisions = System.Text.RegularExpressions.Regex.Match(platformHome.Decoded, @"Waiting for your decision \((\d+)\)");
        decisions.Success.ShouldBeTrue();
        decisions.Groups[1].Value.ShouldNotBe("0");
        platformHome.Decoded.ShouldMatch($"id=\"nav-home\"[^>]*title=\"[^\"]*\\b{decisions.Groups[1].Value} decisions? waiting", "the navigation counts the exception request among the decisions");
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
