using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Pages.Account;

namespace Nereid.Server.FunctionalTests.Accounts;

/// <summary>Forgot password → mail through the real SMTP sink → single-use, expiring link → new password, sessions ended.</summary>
public sealed partial class PasswordResetTests(AccountMailApp app) : IClassFixture<AccountMailApp>
{
    [Fact]
    public async Task ResetLink_UsedOnce_SetsPasswordEndsSessionsAndNeverWorksAgain()
    {
        await app.CreatePersonAsync("resetme", Tier.User);
        using var oldSession = await PageClient.SignInAsync(app, "resetme", "resetme-password");
        using var anonymous = PageClient.Anonymous(app);
        var before = app.Smtp.Messages.Count;

        var unknown = await anonymous.SubmitAsync("/forgot-password", new() { ["Login"] = "nobody-has-this-name" });
        var known = await anonymous.SubmitAsync("/forgot-password", new() { ["Login"] = "resetme@example.edu" });
        var mail = (await app.Smtp.WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(30)))[before];
        var secret = SecretOf(mail.Body);

        unknown.Status.ShouldBe(HttpStatusCode.OK);
        known.Status.ShouldBe(HttpStatusCode.OK);
        unknown.Decoded.ShouldContain(ForgotPasswordModel.SentMessage);
        known.Decoded.ShouldContain(ForgotPasswordModel.SentMessage);
        // The queue is worked in order: once the known name's mail is here, the unknown name's request was handled too.
        app.Smtp.Messages.Count.ShouldBe(before + 1, "an unknown account gets no mail");
        // The same page for both, apart from what differs per response anyway (antiforgery token, CSP nonce, the typed text).
        Unvalued().Replace(unknown.Decoded, "").ShouldBe(Unvalued().Replace(known.Decoded, ""));
        mail.To.ShouldBe(["resetme@example.edu"]);
        mail.Body.ShouldContain("https://portal.example.edu/reset-password?token=");
        (await app.QueryAsync(db => db.AccountLinks.AnyAsync(l => l.SecretHash == secret))).ShouldBeFalse("only a hash is stored");

        var form = await anonymous.GetAsync("/reset-password?token=" + secret);
        var reset = await anonymous.SubmitAsync("/reset-password?token=" + secret,
            new() { ["Token"] = secret, ["Input.NewPassword"] = "brand-new-password", ["Input.ConfirmPassword"] = "brand-new-password" });

        form.Status.ShouldBe(HttpStatusCode.OK);
        reset.Status.ShouldBe(HttpStatusCode.Redirect);
        reset.Location.ShouldBe("/login");
        (await oldSession.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect, "the session from before the reset has ended");
        var oldPassword = await PageClient.Anonymous(app).SubmitAsync("/login", new() { ["Input.UserName"] = "resetme", ["Input.Password"] = "resetme-password" });
        oldPassword.Status.ShouldBe(HttpStatusCode.BadRequest);
        using var fresh = await PageClient.SignInAsync(app, "resetme", "brand-new-password");

        var again = await anonymous.GetAsync("/reset-password?token=" + secret);
        var postAgain = await anonymous.PostAsync("/reset-password?token=" + secret, new()
        {
            ["Token"] = secret, ["Input.NewPassword"] = "attacker-password", ["Input.ConfirmPassword"] = "attacker-password",
            ["__RequestVerificationToken"] = PageClient.AntiforgeryToken(form.Text)!,
        });
        again.Status.ShouldBe(HttpStatusCode.BadRequest);
        again.Decoded.ShouldContain(ResetPasswordModel.BrokenLinkMessage);
        postAgain.Status.ShouldBe(HttpStatusCode.BadRequest);
        using var stillNew = await PageClient.SignInAsync(app, "resetme", "brand-new-password");
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "password.reset"))).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task ResetLink_AfterLifetime_Refused()
    {
        await app.CreatePersonAsync("latecomer", Tier.Guest);
        using var anonymous = PageClient.Anonymous(app);
        var before = app.Smtp.Messages.Count;
        await anonymous.SubmitAsync("/forgot-password", new() { ["Login"] = "latecomer" });
        var secret = SecretOf((await app.Smtp.WaitForMessagesAsync(before + 1, TimeSpan.FromSeconds(30)))[before].Body);

        app.Clock.Advance(AccountMailApp.LinkLifetime + TimeSpan.FromMinutes(1));
        var expired = await anonymous.GetAsync("/reset-password?token=" + secret);

        expired.Status.ShouldBe(HttpStatusCode.BadRequest);
        expired.Decoded.ShouldContain(ResetPasswordModel.BrokenLinkMessage);
        using var unchanged = await PageClient.SignInAsync(app, "latecomer", "latecomer-password");
    }

    [Fact]
    public async Task ChangePassword_CurrentRequired_OldRefusedOtherSessionsEndedAudited()
    {
        var person = await app.CreatePersonAsync("changer", Tier.User);
        using var other = await PageClient.SignInAsync(app, "changer", "changer-password");
        using var client = await PageClient.SignInAsync(app, "changer", "changer-password");

        var wrong = await client.SubmitAsync("/account/password", new()
        {
            ["Input.CurrentPassword"] = "not-my-password", ["Input.NewPassword"] = "changed-password", ["Input.ConfirmPassword"] = "changed-password",
        });
        var tooShort = await client.SubmitAsync("/account/password", new()
        {
            ["Input.CurrentPassword"] = "changer-password", ["Input.NewPassword"] = "short", ["Input.ConfirmPassword"] = "short",
        });
        var right = await client.SubmitAsync("/account/password", new()
        {
            ["Input.CurrentPassword"] = "changer-password", ["Input.NewPassword"] = "changed-password", ["Input.ConfirmPassword"] = "changed-password",
        });

        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Decoded.ShouldContain("That is not your current password.");
        tooShort.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooShort.Decoded.ShouldContain("A password has at least");
        right.Status.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.OK, "this session stays");
        (await other.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.Redirect, "the other session ended");
        (await PageClient.Anonymous(app).SubmitAsync("/login", new() { ["Input.UserName"] = "changer", ["Input.Password"] = "changer-password" }))
            .Status.ShouldBe(HttpStatusCode.BadRequest);
        using var again = await PageClient.SignInAsync(app, "changer", "changed-password");
        (await app.QueryAsync(db => db.AuditEvents.CountAsync(e => e.Action == "password.change" && e.ActorId == person.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task ChangePassword_Anonymous_SentToSignIn()
    {
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/account/password");

        page.Status.ShouldBe(HttpStatusCode.Redirect);
        page.Location!.ShouldContain("/login");
    }

    private static string SecretOf(string body) => ResetLink().Match(body) is { Success: true } m ? m.Groups["secret"].Value
        : throw new InvalidOperationException("No reset link in: " + body);

    [GeneratedRegex(@"reset-password\?token=(?:3D)?(?<secret>[A-Za-z0-9_-]{43})")]
    private static partial Regex ResetLink();

    [GeneratedRegex("(?<=(?:value|nonce)=\")[^\"]*")]
    private static partial Regex Unvalued();
}

/// <summary>Without SMTP and a portal URL the page says what is missing and sends nothing.</summary>
public sealed class PasswordResetNotSetUpTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task ForgotPassword_NoMailSettings_SaysWhatIsMissing()
    {
        using var anonymous = PageClient.Anonymous(app);

        var page = await anonymous.GetAsync("/forgot-password");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Decoded.ShouldContain("not set up on this installation");
        page.Decoded.ShouldContain("Nereid:Policies:Notices:SmtpHost");
    }
}
