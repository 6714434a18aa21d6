using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed partial class ProfilePageTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task TierRequest_GuestAsksAdminApproves_GuestBecomesUser()
    {
        var guest = await app.CreatePersonAsync("tess", Tier.Guest);
        using var client = await PageClient.SignInAsync(app, "tess", "tess-password");
        using var admin = await PageClient.AdminAsync(app);

        var empty = await client.SubmitAsync("/profile", new() { ["Promotion.Tier"] = "user", ["Promotion.Reason"] = "" }, "/profile?handler=Promotion");
        var ask = await client.SubmitAsync("/profile", new() { ["Promotion.Tier"] = "user", ["Promotion.Reason"] = "Coral lab PhD student" }, "/profile?handler=Promotion");
        var people = await admin.GetAsync("/admin/people");
        var id = TierRequestId().Match(people.Text).Groups["id"].Value;
        var decide = await admin.SubmitAsync("/admin/people", new() { ["requestId"] = id, ["decision"] = "approve", ["reason"] = "ok by PI" }, "/admin/people?handler=Decide");
        var profile = await client.GetAsync("/profile");

        empty.Status.ShouldBe(HttpStatusCode.BadRequest);
        empty.Decoded.ShouldContain("Say briefly why you need this tier");
        ask.Status.ShouldBe(HttpStatusCode.Redirect);
        people.Decoded.ShouldContain("Coral lab PhD student");
        decide.Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.People.Where(p => p.Id == guest.Id).Select(p => p.Tier).SingleAsync())).ShouldBe(Tier.User);
        profile.Status.ShouldBe(HttpStatusCode.OK, "a promotion keeps the person signed in");
        profile.Decoded.ShouldContain("<td>Coral lab PhD student</td>");
        profile.Decoded.ShouldContain("<td>ok by PI</td>");
        var home = await client.GetAsync("/home");
        home.Decoded.ShouldContain("You were promoted to user");
        home.Decoded.ShouldContain("Reason given: ok by PI");
        home.Decoded.ShouldContain("<span class=\"count\"> (1<span class=\"visually-hidden\">: 1 unread notice</span>)</span>");
    }

    [Fact]
    public async Task Token_Create_SecretShownOnceThenRevoked()
    {
        await app.CreatePersonAsync("toby", Tier.User);
        using var client = await PageClient.SignInAsync(app, "toby", "toby-password");

        var created = await client.SubmitAsync("/profile", new() { ["NewToken.Name"] = "laptop", ["NewToken.ExpiresInDays"] = "30" }, "/profile?handler=Token");
        var secret = Secret().Match(created.Text).Groups["secret"].Value;
        var later = await client.GetAsync("/profile");
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        var beforeRevoke = await api.GetAsync("/api/v1/me/tokens");
        var tokenId = TokenId().Match(later.Text).Groups["id"].Value;
        var revoke = await client.SubmitAsync("/profile", new() { ["tokenId"] = tokenId }, "/profile?handler=Revoke");
        var afterRevoke = await api.GetAsync("/api/v1/me/tokens");

        created.Status.ShouldBe(HttpStatusCode.OK);
        secret.ShouldStartWith("nrd_");
        later.Text.ShouldNotContain(secret);
        later.Decoded.ShouldContain("laptop");
        beforeRevoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        revoke.Status.ShouldBe(HttpStatusCode.Redirect);
        afterRevoke.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/profile")).Text.ShouldContain("revoked");
    }

    [Fact]
    public async Task Token_BadExpiry_ShowsRuleAndCreatesNothing()
    {
        var person = await app.CreatePersonAsync("tina", Tier.User);
        using var client = await PageClient.SignInAsync(app, "tina", "tina-password");

        var response = await client.SubmitAsync("/profile", new() { ["NewToken.Name"] = "x", ["NewToken.ExpiresInDays"] = "999" }, "/profile?handler=Token");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Decoded.ShouldContain("A token expires after 1 to 366 days.");
        (await app.QueryAsync(db => db.PersonalAccessTokens.CountAsync(t => t.PersonId == person.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task People_AdminCreatesLocalAccount_AccountCanSignIn()
    {
        using var admin = await PageClient.AdminAsync(app);

        var response = await admin.SubmitAsync("/admin/people", new()
        {
            ["Input.UserName"] = "made-by-admin", ["Input.DisplayName"] = "Made By Admin", ["Input.Email"] = "made@example.edu",
            ["Input.Password"] = "made-by-admin-pw", ["Input.Tier"] = "user",
        }, "/admin/people?handler=Create");

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        using var made = await PageClient.SignInAsync(app, "made-by-admin", "made-by-admin-pw");
        (await made.GetAsync("/profile")).Text.ShouldContain("tier-user");
    }

    [Fact]
    public async Task People_AdminSetsTierAboveUser_AsksConfirmationThenChanges()
    {
        var person = await app.CreatePersonAsync("vic", Tier.User);
        using var admin = await PageClient.AdminAsync(app);
        var fields = new Dictionary<string, string> { ["personId"] = person.Id.ToString(), ["tier"] = "admin", ["reason"] = "new lab" };

        var asked = await admin.SubmitAsync("/admin/people?q=vic", fields, "/admin/people?handler=Tier");
        var tierAfterAsking = await app.QueryAsync(db => db.People.Where(p => p.Id == person.Id).Select(p => p.Tier).SingleAsync());
        var confirmed = await admin.SubmitAsync("/admin/people?q=vic", new(fields) { ["confirmed"] = "true" }, "/admin/people?handler=Tier");

        asked.Status.ShouldBe(HttpStatusCode.OK);
        asked.Decoded.ShouldContain("Confirm: make vic Name an admin?");
        asked.Decoded.ShouldContain("<li>create namespaces and administer the namespaces they create");
        asked.Decoded.ShouldContain("(user name <code>vic</code>)");
        tierAfterAsking.ShouldBe(Tier.User, "nothing changes before the confirmation");
        confirmed.Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.People.Where(p => p.Id == person.Id).Select(p => p.Tier).SingleAsync())).ShouldBe(Tier.Admin);
    }

    [Fact]
    public async Task People_AdminSetsTierToGuest_NoConfirmationNeeded()
    {
        var person = await app.CreatePersonAsync("gus", Tier.User);
        using var admin = await PageClient.AdminAsync(app);

        var response = await admin.SubmitAsync("/admin/people?q=gus", new() { ["personId"] = person.Id.ToString(), ["tier"] = "guest", ["reason"] = "left" }, "/admin/people?handler=Tier");

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.People.Where(p => p.Id == person.Id).Select(p => p.Tier).SingleAsync())).ShouldBe(Tier.Guest);
    }

    [Fact]
    public async Task People_SameDisplayName_UserNameShownAndSearchable()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<Nereid.Server.Auth.LocalAccountService>();
            await accounts.CreateAsync(null, "slee-bio", "slee-bio-password", "Samantha Leeward", "sam.bio@example.edu", Tier.User, CancellationToken.None);
            await accounts.CreateAsync(null, "slee-phys", "slee-phys-password", "Samantha Leeward", "sam.phys@example.edu", Tier.User, CancellationToken.None);
        }
        using var admin = await PageClient.AdminAsync(app);

        var both = await admin.GetAsync("/admin/people?q=Samantha+Leeward");
        var one = await admin.GetAsync("/admin/people?q=slee-phys");

        both.Decoded.ShouldContain("<code>slee-bio</code>");
        both.Decoded.ShouldContain("<code>slee-phys</code>");
        one.Decoded.ShouldContain("sam.phys@example.edu");
        one.Decoded.ShouldNotContain("sam.bio@example.edu");
    }

    [Fact]
    public async Task Audit_NamespaceAdmin_SeesOwnNamespaceOnly()
    {
        var owner = await app.CreatePersonAsync("wes", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "wes-lab");
        using var client = await PageClient.SignInAsync(app, "wes", "wes-password");

        var mine = await client.GetAsync("/audit?namespace=wes-lab");
        var all = await client.GetAsync("/audit");
        using var admin = await PageClient.AdminAsync(app);
        var everything = await admin.GetAsync("/audit");

        mine.Status.ShouldBe(HttpStatusCode.OK);
        mine.Decoded.ShouldContain("namespace.create");
        all.Status.ShouldBe(HttpStatusCode.OK);
        all.Decoded.ShouldNotContain("namespace.create");
        everything.Decoded.ShouldContain("person.create");
    }

    [GeneratedRegex("name=\"requestId\" value=\"(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex TierRequestId();

    [GeneratedRegex("id=\"token-secret\">(?<secret>[^<]+)<")]
    private static partial Regex Secret();

    [GeneratedRegex("name=\"tokenId\" value=\"(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex TokenId();
}
