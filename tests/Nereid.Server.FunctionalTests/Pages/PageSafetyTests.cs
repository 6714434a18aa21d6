using System.Net;
using Microsoft.EntityFrameworkCore;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>Defects the 2018 portal had: state changes over GET and forms open to cross-site posts.</summary>
public sealed class PageSafetyTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Post_WithoutAntiforgeryToken_Answers400AndChangesNothing()
    {
        await app.CreatePersonAsync("csrf-victim", Tier.Admin);
        using var client = await PageClient.SignInAsync(app, "csrf-victim", "csrf-victim-password");
        var before = await SnapshotAsync();

        var create = await client.PostAsync("/manage/create", PageTestData.NamespaceFields("csrf-ns"));
        var token = await client.PostAsync("/profile?handler=Token", new() { ["NewToken.Name"] = "csrf" });
        var logout = await client.PostAsync("/logout", []);

        create.Status.ShouldBe(HttpStatusCode.BadRequest);
        token.Status.ShouldBe(HttpStatusCode.BadRequest);
        logout.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await SnapshotAsync()).ShouldBe(before);
        (await client.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_EveryPage_ChangesNothing()
    {
        var owner = await app.CreatePersonAsync("get-owner", Tier.Admin);
        var member = await app.CreatePersonAsync("get-member", Tier.User);
        await app.CreateNamespaceAsync(owner, "get-lab", description: "Read *only*.");
        await app.AddMemberAsync(owner, "get-lab", member, MembershipRole.Member);
        using var admin = await PageClient.AdminAsync(app);
        using var ownerClient = await PageClient.SignInAsync(app, "get-owner", "get-owner-password");
        using var anonymous = PageClient.Anonymous(app);
        string[] pages =
        [
            "/", "/?q=get&sort=members&dir=desc", "/namespaces/get-lab", "/manage", "/manage/create", "/manage/get-lab/edit",
            "/manage/get-lab/members", "/manage/get-lab/delete", "/admin/people", "/profile", "/audit", "/audit?namespace=get-lab",
            "/login", "/register", "/logout", "/denied", "/error",
            // GET with the query strings a form would post must not act either.
            "/manage/get-lab/delete?Confirm=get-lab", "/logout?handler=", "/profile?handler=Token&NewToken.Name=x",
            "/manage/get-lab/members?handler=Remove&personId=" + member.Id,
        ];
        var before = await SnapshotAsync();

        foreach (var url in pages)
        {
            foreach (var client in new[] { admin, ownerClient, anonymous })
            {
                var response = await client.GetAsync(url);
                ((int)response.Status).ShouldBeLessThan(500, url);
            }
        }

        (await SnapshotAsync()).ShouldBe(before);
        (await admin.GetAsync("/profile")).Status.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Everything a page could change, as one comparable string.</summary>
    private Task<string> SnapshotAsync() => app.QueryAsync(async db =>
    {
        var namespaces = await db.Namespaces.OrderBy(n => n.Name).Select(n => n.Name + ":" + n.Version + ":" + n.State).ToListAsync();
        var members = await db.Memberships.CountAsync();
        var people = await db.People.OrderBy(p => p.Id).Select(p => p.Id + ":" + p.Tier + ":" + p.SecurityStamp).ToListAsync();
        var tokens = await db.PersonalAccessTokens.CountAsync(t => t.RevokedAt == null);
        var sessions = await db.Sessions.CountAsync(s => s.RevokedAt == null);
        var audit = await db.AuditEvents.CountAsync();
        var requests = await db.JoinRequests.CountAsync() + await db.TierRequests.CountAsync();
        return string.Join("|", namespaces) + $"#{members}#{string.Join(",", people)}#{tokens}#{sessions}#{audit}#{requests}";
    });
}
