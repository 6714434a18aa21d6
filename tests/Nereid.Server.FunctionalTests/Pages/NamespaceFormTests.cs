using System.Net;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed class NamespaceFormTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Create_ValidForm_SavesAndShowsNamespace()
    {
        await app.CreatePersonAsync("ada", Tier.Admin);
        using var client = await PageClient.SignInAsync(app, "ada", "ada-password");

        var response = await client.SubmitAsync("/manage/create", PageTestData.NamespaceFields("reef-lab"));

        response.Status.ShouldBe(HttpStatusCode.Redirect);
        response.Location.ShouldBe("/namespaces/reef-lab");
        var page = await client.GetAsync("/namespaces/reef-lab");
        page.Decoded.ShouldContain("Namespace reef-lab was created");
        page.Text.ShouldContain("<em>test</em>");
        page.Text.ShouldContain("href=\"https://doi.org/10.1234/abc.def\"");
        page.Text.ShouldContain("href=\"https://example.org/paper\"");
        page.Decoded.ShouldContain("Dr. Ada, Dr. Grace");
    }

    [Fact]
    public async Task Create_InvalidName_ShowsRuleNextToFieldAndSavesNothing()
    {
        await app.CreatePersonAsync("bea", Tier.Admin);
        using var client = await PageClient.SignInAsync(app, "bea", "bea-password");
        var fields = PageTestData.NamespaceFields("Bad_Name");
        var before = await app.QueryAsync(db => db.Namespaces.CountAsync());

        var response = await client.SubmitAsync("/manage/create", fields);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Decoded.ShouldContain(NamespaceName.Check("Bad_Name")!);
        response.Text.ShouldContain("data-valmsg-for=\"Input.Name\"");
        response.Decoded.ShouldContain("Dr. Ada\nDr. Grace");
        (await app.NamespaceExistsAsync("Bad_Name")).ShouldBeFalse();
        (await app.QueryAsync(db => db.Namespaces.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Create_BadNameAndMissingInstitution_ShowsBothMessages()
    {
        await app.CreatePersonAsync("cid", Tier.Admin);
        using var client = await PageClient.SignInAsync(app, "cid", "cid-password");
        var fields = PageTestData.NamespaceFields("No-Institution");
        fields["Input.Institution"] = "";

        var response = await client.SubmitAsync("/manage/create", fields);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Decoded.ShouldContain("An institution is required.");
        response.Decoded.ShouldContain(NamespaceName.Check("No-Institution")!);
        // The institution is picked from the list; the picker is marked invalid beside its message.
        response.Text.ShouldContain("<select id=\"Input_Institution\" name=\"Input.Institution\" required=\"required\" aria-invalid=\"true\"");
        (await app.NamespaceExistsAsync("No-Institution")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("gus", Tier.Guest)]
    [InlineData("uma", Tier.User)]
    public async Task Create_BelowAdminTier_Gets403AndSavesNothing(string user, Tier tier)
    {
        await app.CreatePersonAsync(user, tier);
        using var client = await PageClient.SignInAsync(app, user, user + "-password");
        var token = PageClient.AntiforgeryToken((await client.GetAsync("/profile")).Text)!;

        var get = await client.GetAsync("/manage/create");
        var post = await client.PostAsync("/manage/create", new(PageTestData.NamespaceFields(user + "-ns")) { ["__RequestVerificationToken"] = token });

        get.Status.ShouldBe(HttpStatusCode.Forbidden);
        post.Status.ShouldBe(HttpStatusCode.Forbidden);
        post.Decoded.ShouldContain("admin tier");
        (await app.NamespaceExistsAsync(user + "-ns")).ShouldBeFalse();
    }

    [Fact]
    public async Task Edit_StaleVersion_Answers412AndKeepsOtherChange()
    {
        var owner = await app.CreatePersonAsync("dora", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "stale-ns");
        using var first = await PageClient.SignInAsync(app, "dora", "dora-password");
        var form = await first.GetAsync("/manage/stale-ns/edit");
        var token = PageClient.AntiforgeryToken(form.Text)!;
        var fields = PageTestData.NamespaceFields("stale-ns");
        fields.Remove("Input.Name");
        var version = System.Text.RegularExpressions.Regex.Match(form.Text, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        fields["Input.Version"] = version;

        var winner = await first.PostAsync("/manage/stale-ns/edit", new(fields) { ["Input.Institution"] = "Winner U", ["__RequestVerificationToken"] = token });
        var loser = await first.PostAsync("/manage/stale-ns/edit", new(fields) { ["Input.Institution"] = "Loser U", ["__RequestVerificationToken"] = token });

        winner.Status.ShouldBe(HttpStatusCode.Redirect);
        loser.Status.ShouldBe(HttpStatusCode.PreconditionFailed);
        loser.Decoded.ShouldContain("changed by someone else");
        (await app.QueryAsync(db => db.Namespaces.Where(n => n.Name == "stale-ns").Select(n => n.Institution).SingleAsync())).ShouldBe("Winner U");
    }

    [Fact]
    public async Task Edit_NotNamespaceAdmin_Gets403()
    {
        var owner = await app.CreatePersonAsync("eve", Tier.Admin);
        await app.CreatePersonAsync("fay", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "eve-ns");
        using var client = await PageClient.SignInAsync(app, "fay", "fay-password");

        (await client.GetAsync("/manage/eve-ns/edit")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/manage/eve-ns/members")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/manage/eve-ns/delete")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/manage/missing-ns/edit")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_WrongThenRightConfirmation_OnlySecondMarksDeleting()
    {
        var owner = await app.CreatePersonAsync("gil", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "doomed");
        using var client = await PageClient.SignInAsync(app, "gil", "gil-password");
        var form = await client.GetAsync("/manage/doomed/delete");
        var version = System.Text.RegularExpressions.Regex.Match(form.Text, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var wrong = await client.SubmitAsync("/manage/doomed/delete", new() { ["Confirm"] = "doome", ["Version"] = version });
        var stateAfterWrong = await app.QueryAsync(db => db.Namespaces.Where(n => n.Name == "doomed").Select(n => n.State).SingleAsync());
        var right = await client.SubmitAsync("/manage/doomed/delete", new() { ["Confirm"] = "doomed", ["Version"] = version });

        wrong.Status.ShouldBe(HttpStatusCode.BadRequest);
        wrong.Decoded.ShouldContain("Type the namespace name 'doomed' to confirm deletion.");
        stateAfterWrong.ShouldBe(NamespaceState.Active);
        right.Status.ShouldBe(HttpStatusCode.Redirect);
        (await app.QueryAsync(db => db.Namespaces.Where(n => n.Name == "doomed").Select(n => n.State).SingleAsync())).ShouldBe(NamespaceState.Deleting);
        (await client.GetAsync("/namespaces/doomed")).Text.ShouldContain("state-deleting");
    }

    [Fact]
    public async Task Detail_DescriptionWithScript_IsEncodedNotRendered()
    {
        var owner = await app.CreatePersonAsync("hal", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "xss-ns", description: "Hello <script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>");
        using var client = PageClient.Anonymous(app);

        var detail = await client.GetAsync("/namespaces/xss-ns");
        var overview = await client.GetAsync("/?q=xss");

        detail.Status.ShouldBe(HttpStatusCode.OK);
        detail.Text.ShouldNotContain("<script>alert");
        detail.Text.ShouldContain("&lt;script&gt;");
        detail.Text.ShouldNotContain("javascript:");
        detail.Text.ShouldNotContain("<img");
        overview.Text.ShouldNotContain("<script>alert");
    }

    [Fact]
    public async Task Detail_UnknownNamespace_Answers404Page()
    {
        using var client = PageClient.Anonymous(app);

        var response = await client.GetAsync("/namespaces/does-not-exist");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response.Decoded.ShouldContain("Namespace 'does-not-exist' does not exist.");
    }
}
