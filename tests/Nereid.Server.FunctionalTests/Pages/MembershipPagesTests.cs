using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

public sealed partial class MembershipPagesTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Members_AddMakeAdminThenRemove_ChangesMembership()
    {
        var owner = await app.CreatePersonAsync("anna", Tier.Admin);
        var bob = await app.CreatePersonAsync("bob", Tier.User);
        await app.CreateNamespaceAsync(owner, "team-a");
        using var client = await PageClient.SignInAsync(app, "anna", "anna-password");
        const string page = "/manage/team-a/members";

        var add = await client.SubmitAsync(page, new() { ["Input.Email"] = "BOB@example.edu", ["Input.Role"] = "member" }, page + "?handler=Add");
        var roleAfterAdd = await RoleOfAsync("team-a", bob.Id);
        var promote = await client.SubmitAsync(page, new() { ["personId"] = bob.Id.ToString(), ["role"] = "admin" }, page + "?handler=Role");
        var roleAfterPromote = await RoleOfAsync("team-a", bob.Id);
        var remove = await client.SubmitAsync(page, new() { ["personId"] = bob.Id.ToString() }, page + "?handler=Remove");

        add.Status.ShouldBe(HttpStatusCode.Redirect);
        roleAfterAdd.ShouldBe(MembershipRole.Member);
        promote.Status.ShouldBe(HttpStatusCode.Redirect);
        roleAfterPromote.ShouldBe(MembershipRole.Admin);
        remove.Status.ShouldBe(HttpStatusCode.Redirect);
        (await RoleOfAsync("team-a", bob.Id)).ShouldBeNull();
        (await client.GetAsync(page)).Decoded.ShouldContain("The member was removed from team-a.");
    }

    [Fact]
    public async Task Members_RemoveLastAdmin_Answers409WithRule()
    {
        var owner = await app.CreatePersonAsync("carl", Tier.Admin);
        await app.CreateNamespaceAsync(owner, "solo");
        using var client = await PageClient.SignInAsync(app, "carl", "carl-password");
        const string page = "/manage/solo/members";

        var demote = await client.SubmitAsync(page, new() { ["personId"] = owner.Id.ToString(), ["role"] = "member" }, page + "?handler=Role");
        var remove = await client.SubmitAsync(page, new() { ["personId"] = owner.Id.ToString() }, page + "?handler=Remove");

        demote.Status.ShouldBe(HttpStatusCode.Conflict);
        remove.Status.ShouldBe(HttpStatusCode.Conflict);
        remove.Decoded.ShouldContain("must keep at least one admin");
        (await RoleOfAsync("solo", owner.Id)).ShouldBe(MembershipRole.Admin);
    }

    [Fact]
    public async Task Members_AddGuest_ShowsWhyNot()
    {
        var owner = await app.CreatePersonAsync("dina", Tier.Admin);
        var guest = await app.CreatePersonAsync("gina", Tier.Guest);
        await app.CreateNamespaceAsync(owner, "no-guests");
        using var client = await PageClient.SignInAsync(app, "dina", "dina-password");
        const string page = "/manage/no-guests/members";

        var add = await client.SubmitAsync(page, new() { ["Input.Email"] = "gina@example.edu", ["Input.Role"] = "member" }, page + "?handler=Add");

        add.Status.ShouldBe(HttpStatusCode.Conflict);
        add.Decoded.ShouldContain("is still a guest");
        (await RoleOfAsync("no-guests", guest.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Join_UserRequestsAdminApproves_MemberAppears()
    {
        var owner = await app.CreatePersonAsync("erin", Tier.Admin);
        var joiner = await app.CreatePersonAsync("finn", Tier.User);
        await app.CreateNamespaceAsync(owner, "open-lab");
        using var user = await PageClient.SignInAsync(app, "finn", "finn-password");
        using var admin = await PageClient.SignInAsync(app, "erin", "erin-password");
        const string page = "/namespaces/open-lab";

        var before = await user.GetAsync(page);
        var ask = await user.SubmitAsync(page, new() { ["Message"] = "I work on corals" }, page + "?handler=Join");
        var adminView = await admin.GetAsync(page);
        var requestId = RequestId().Match(adminView.Text).Groups["id"].Value;
        var approve = await admin.SubmitAsync(page, new() { ["requestId"] = requestId, ["decision"] = "approve", ["reason"] = "welcome" }, page + "?handler=Decide");
        var after = await user.GetAsync(page);

        before.Decoded.ShouldContain("The member list is visible to members");
        before.Decoded.ShouldNotContain("erin@example.edu");
        ask.Status.ShouldBe(HttpStatusCode.Redirect);
        adminView.Decoded.ShouldContain("I work on corals");
        approve.Status.ShouldBe(HttpStatusCode.Redirect);
        (await RoleOfAsync("open-lab", joiner.Id)).ShouldBe(MembershipRole.Member);
        after.Decoded.ShouldContain("finn Name");
        after.Text.ShouldNotContain("handler=Join");
        (await user.GetAsync("/profile")).Decoded.ShouldContain("welcome");
    }

    [Fact]
    public async Task Join_Guest_IsToldToRequestPromotion()
    {
        var owner = await app.CreatePersonAsync("hank", Tier.Admin);
        await app.CreatePersonAsync("ivy", Tier.Guest);
        await app.CreateNamespaceAsync(owner, "guest-view");
        using var guest = await PageClient.SignInAsync(app, "ivy", "ivy-password");

        var page = await guest.GetAsync("/namespaces/guest-view");
        var post = await guest.SubmitAsync("/namespaces/guest-view", new() { ["Message"] = "please" }, "/namespaces/guest-view?handler=Join");

        page.Decoded.ShouldContain("request promotion to user first");
        page.Decoded.ShouldNotContain("Request to join");
        post.Status.ShouldBe(HttpStatusCode.Forbidden);
        (await app.QueryAsync(db => db.JoinRequests.CountAsync(r => r.Namespace!.Name == "guest-view"))).ShouldBe(0);
    }

    [Fact]
    public async Task Leave_Member_LeavesButLastAdminCannot()
    {
        var owner = await app.CreatePersonAsync("jack", Tier.Admin);
        var member = await app.CreatePersonAsync("kate", Tier.User);
        await app.CreateNamespaceAsync(owner, "leave-lab");
        await app.AddMemberAsync(owner, "leave-lab", member, MembershipRole.Member);
        using var memberClient = await PageClient.SignInAsync(app, "kate", "kate-password");
        using var ownerClient = await PageClient.SignInAsync(app, "jack", "jack-password");
        const string page = "/namespaces/leave-lab";

        var left = await memberClient.SubmitAsync(page, [], page + "?handler=Leave");
        var ownerLeaves = await ownerClient.SubmitAsync(page, [], page + "?handler=Leave");

        left.Status.ShouldBe(HttpStatusCode.Redirect);
        (await RoleOfAsync("leave-lab", member.Id)).ShouldBeNull();
        ownerLeaves.Status.ShouldBe(HttpStatusCode.Conflict);
        ownerLeaves.Decoded.ShouldContain("must keep at least one admin");
        (await RoleOfAsync("leave-lab", owner.Id)).ShouldBe(MembershipRole.Admin);
    }

    private Task<MembershipRole?> RoleOfAsync(string ns, Guid personId) =>
        app.QueryAsync(db => db.Memberships.Where(m => m.Namespace!.Name == ns && m.PersonId == personId).Select(m => (MembershipRole?)m.Role).SingleOrDefaultAsync());

    [GeneratedRegex("name=\"requestId\" value=\"(?<id>[0-9a-f-]{36})\"")]
    private static partial Regex RequestId();
}
