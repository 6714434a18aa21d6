using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Pages.Account;

namespace Nereid.Server.FunctionalTests.Accounts;

/// <summary>Name and institution edited in place; a new email only after its mailed single-use link is used.</summary>
public sealed partial class ProfileEditTests(AccountMailApp app) : IClassFixture<AccountMailApp>
{
    [Fact]
    public async Task EditProfile_NameAndInstitution_SavedShownAndAudited()
    {
        var person = await app.CreatePersonAsync("editor", Tier.User);
        using var client = await PageClient.SignInAsync(app, "editor", "editor-password");

        var empty = await client.SubmitAsync("/account/edit", new() { ["Input.DisplayName"] = "  ", ["Input.Institution"] = "UCSD" });
        var saved = await client.SubmitAsync("/account/edit", new() { ["Input.DisplayName"] = "Dr. Eda Editor", ["Input.Institution"] = "Scripps Institution of Oceanography" });
        var profile = await client.GetAsync("/profile");

        empty.Status.ShouldBe(HttpStatusCode.BadRequest);
        empty.Decoded.ShouldContain("A display name has 1 to");
        saved.Status.ShouldBe(HttpStatusCode.Redirect);
        profile.Decoded.ShouldContain("<h1>Dr. Eda Editor</h1>");
        profile.Decoded.ShouldContain("Scripps Institution of Oceanography");
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "person.profile" && e.ActorId == person.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task EmailChange_ConfirmedByLink_ChangesOnlyOnPostAndOnlyOnce()
    {
        var person = await app.CreatePersonAsync("mover", Tier.User);
        await app.CreatePersonAsync("squatter", Tier.User, "taken@example.edu");
        using var client = await PageClient.SignInAsync(app, "mover", "mover-password");
        var before = app.Smtp.Messages.Count;

        var taken = await client.SubmitAsync("/account/edit", new() { ["Email.Email"] = "taken@example.edu" }, "/account/edit?handler=Email");
        var invalid = await client.SubmitAsync("/account/edit", new() { ["Email.Email"] = "not an address" }, "/account/edit?handler=Email");
        var asked = await client.SubmitAsync("/account/edit", new() { ["Email.Email"] = "mover@new.example.org" }, "/account/edit?handler=Email");
        var mail = (await app.Smtp.WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(30)))[before];
        var secret = SecretOf(mail.Body);
        var emailBeforeConfirm = await EmailOf(person.Id);

        taken.Status.ShouldBe(HttpStatusCode.Conflict);
        invalid.Status.ShouldBe(HttpStatusCode.BadRequest);
        asked.Status.ShouldBe(HttpStatusCode.Redirect);
        mail.To.ShouldBe(["mover@new.example.org"]);
        emailBeforeConfirm.ShouldBe("mover@example.edu", "nothing changes before the link is used");

        var confirmPage = await client.GetAsync("/confirm-email?token=" + secret);
        var afterGet = await EmailOf(person.Id);
        var confirmed = await client.SubmitAsync("/confirm-email?token=" + secret, new() { ["Token"] = secret });
        var again = await client.GetAsync("/confirm-email?token=" + secret);

        confirmPage.Status.ShouldBe(HttpStatusCode.OK);
        confirmPage.Decoded.ShouldContain("mover@new.example.org");
        afterGet.ShouldBe("mover@example.edu", "opening the link (a mail scanner might) confirms nothing");
        confirmed.Status.ShouldBe(HttpStatusCode.Redirect);
        (await EmailOf(person.Id)).ShouldBe("mover@new.example.org");
        again.Status.ShouldBe(HttpStatusCode.BadRequest);
        again.Decoded.ShouldContain(ConfirmEmailModel.BrokenLinkMessage);
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "person.email-change" && e.ActorId == person.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task EmailChange_LinkAfterLifetime_RefusedAndAddressKept()
    {
        var person = await app.CreatePersonAsync("slowpoke", Tier.User);
        using var client = await PageClient.SignInAsync(app, "slowpoke", "slowpoke-password");
        var before = app.Smtp.Messages.Count;
        await client.SubmitAsync("/account/edit", new() { ["Email.Email"] = "slowpoke@later.example.org" }, "/account/edit?handler=Email");
        var secret = SecretOf((await app.Smtp.WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(30)))[before].Body);

        app.Clock.Advance(AccountMailApp.LinkLifetime + TimeSpan.FromMinutes(1));
        var expired = await client.GetAsync("/confirm-email?token=" + secret);

        expired.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await EmailOf(person.Id)).ShouldBe("slowpoke@example.edu");
    }

    [Fact]
    public async Task EditProfile_Anonymous_SentToSignIn()
    {
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/account/edit");

        page.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Location!.ShouldContain("/login");
    }

    private Task<string> EmailOf(Guid personId) => app.QueryAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.Email).FirstAsync());

    private static string SecretOf(string body) => ConfirmLink().Match(body) is { Success: true } m ? m.Groups["secret"].Value
        : throw new InvalidOperationException("No confirmation link in: " + body);

    [GeneratedRegex(@"confirm-email\?token=(?:3D)?(?<secret>[A-Za-z0-9_-]{43})")]
    private static partial Regex ConfirmLink();
}
