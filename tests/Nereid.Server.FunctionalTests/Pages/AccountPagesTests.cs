using System.Net;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Pages.Account;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed class AccountPagesTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Login_RightPassword_SignsInAndShowsNameAndTier()
    {
        await app.CreatePersonAsync("lena", Tier.User);
        using var client = await PageClient.SignInAsync(app, "lena", "lena-password");

        var home = await client.GetAsync("/");

        home.Status.ShouldBe(HttpStatusCode.OK);
        home.Decoded.ShouldContain("lena Name");
        home.Text.ShouldContain("tier-user");
        home.Text.ShouldContain("action=\"/logout\"");
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_SameMessageAndNoCookie()
    {
        await app.CreatePersonAsync("mira", Tier.User);
        using var client = PageClient.Anonymous(app);

        var wrong = await client.SubmitAsync("/login", new() { ["Input.UserName"] = "mira", ["Input.Password"] = "not-her-password" });
        var unknown = await client.SubmitAsync("/login", new() { ["Input.UserName"] = "nobody-here", ["Input.Password"] = "whatever-pass" });

        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Decoded.ShouldContain(LoginModel.FailedMessage);
        unknown.Decoded.ShouldContain(LoginModel.FailedMessage);
        (await client.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Login_ForeignReturnUrl_GoesHomeInstead()
    {
        await app.CreatePersonAsync("otto", Tier.User);
        using var client = PageClient.Anonymous(app);

        var local = await client.SubmitAsync("/login?ReturnUrl=%2Fprofile", new() { ["Input.UserName"] = "otto", ["Input.Password"] = "otto-password" });
        var foreign = await client.SubmitAsync("/login?ReturnUrl=https%3A%2F%2Fevil.example%2F", new() { ["Input.UserName"] = "otto", ["Input.Password"] = "otto-password" });

        local.Location.ShouldBe("/profile");
        foreign.Location.ShouldBe("/home");
    }

    [Fact]
    public async Task Register_NewAccount_CreatesSignedInGuest()
    {
        using var client = PageClient.Anonymous(app);

        var response = await client.SubmitAsync("/register", new()
        {
            ["Input.UserName"] = "newbie", ["Input.DisplayName"] = "New Person", ["Input.Email"] = "newbie@example.edu",
            ["Input.Password"] = "a-long-password", ["Input.ConfirmPassword"] = "a-long-password",
        });

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        response.Location.ShouldBe("/profile");
        var tier = await app.QueryAsync(db => db.People.Where(p => p.DisplayName == "New Person").Select(p => p.Tier).SingleAsync());
        tier.ShouldBe(Tier.Guest);
        var profile = await client.GetAsync("/profile");
        profile.Status.ShouldBe(HttpStatusCode.OK);
        profile.Text.ShouldContain("tier-guest");
    }

    [Fact]
    public async Task Register_ShortPassword_ShowsRuleAndCreatesNothing()
    {
        using var client = PageClient.Anonymous(app);

        var response = await client.SubmitAsync("/register", new()
        {
            ["Input.UserName"] = "shorty", ["Input.DisplayName"] = "Shorty", ["Input.Password"] = "short", ["Input.ConfirmPassword"] = "short",
        });

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Decoded.ShouldContain("A password has at least 10 characters.");
        (await app.QueryAsync(db => db.LocalAccounts.AnyAsync(a => a.UserName == "shorty"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Logout_Post_EndsSessionSoOldCookieNoLongerWorks()
    {
        await app.CreatePersonAsync("paul", Tier.User);
        using var client = await PageClient.SignInAsync(app, "paul", "paul-password");
        var stolen = client.Cookies.GetCookieHeader(new Uri("http://localhost/"));
        (await client.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.OK);

        var logout = await client.SubmitAsync("/profile", [], action: "/logout");
        logout.Status.ShouldBe(HttpStatusCode.Redirect);

        using var replay = PageClient.Anonymous(app);
        foreach (var part in stolen.Split("; "))
        {
            var pair = part.Split('=', 2);
            replay.Cookies.Add(new Uri("http://localhost/"), new Cookie(pair[0], pair[1]));
        }
        var again = await replay.GetAsync("/profile");
        again.Status.ShouldBe(HttpStatusCode.Redirect);
        again.Location!.ShouldStartWith("http://localhost/login");
    }

    [Fact]
    public async Task Logout_Get_OnlyShowsButton()
    {
        await app.CreatePersonAsync("quinn", Tier.User);
        using var client = await PageClient.SignInAsync(app, "quinn", "quinn-password");

        var get = await client.GetAsync("/logout");

        get.Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ManagePage_Anonymous_RedirectsToLogin()
    {
        using var client = PageClient.Anonymous(app);

        var response = await client.GetAsync("/manage");

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        response.Location!.ShouldContain("/login?ReturnUrl=%2Fmanage");
    }

    [Fact]
    public async Task PeoplePage_PlainUser_Gets403()
    {
        await app.CreatePersonAsync("rita", Tier.Admin);
        using var client = await PageClient.SignInAsync(app, "rita", "rita-password");

        var response = await client.GetAsync("/admin/people");

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.Decoded.ShouldNotContain("admin@");
        response.Decoded.ShouldContain("Only platform admins");
    }

    [Fact]
    public async Task AuditPage_UserAdministeringNothing_Gets403()
    {
        await app.CreatePersonAsync("sam", Tier.User);
        using var client = await PageClient.SignInAsync(app, "sam", "sam-password");

        var all = await client.GetAsync("/audit");
        var other = await client.GetAsync("/audit?namespace=anything");

        all.Status.ShouldBe(HttpStatusCode.Forbidden);
        other.Status.ShouldBe(HttpStatusCode.Forbidden);
        all.Text.ShouldNotContain("href=\"/audit\"");
    }
}
