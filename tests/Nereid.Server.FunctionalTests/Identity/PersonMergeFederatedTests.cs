using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Requests;
using Nereid.Server.Auth;
using Nereid.Server.Namespaces;
using Nereid.Server.People;
using Nereid.Server.Tokens;
using static Nereid.Server.FunctionalTests.Identity.IdentitySteps;

namespace Nereid.Server.FunctionalTests.Identity;

/// <summary>
/// Merging two people (issue 16): a researcher who signed in once through the campus IdP and once through a partner
/// IdP became two people, each with memberships and pending requests. After a platform admin merges them, every
/// membership, request and identity is checked row by row, and one person signs in through either IdP.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class PersonMergeFederatedTests(IdentityFixture fx)
{
    [Fact]
    public async Task Merge_TwoPeopleWithMembershipsAndRequests_NothingLostAndSurvivorSignsInWithEitherIdp()
    {
        await AccountAsync(fx.Campus, "pm-ann", "Ann Merge", "ann.merge@ucsd.edu", "UC San Diego");
        await AccountAsync(fx.Partner, "pm-ann-p", "Ann Merge", "ann.merge@unl.edu", "University of Nebraska");
        await (await PortalLoginAsync(fx, "campus", "pm-ann")).Context.CloseAsync();
        var otherSession = await PortalLoginAsync(fx, "partner", "pm-ann-p");
        var ann = (await PersonAsync(fx, fx.Campus.Issuer, "pm-ann")).ShouldNotBeNull();
        var other = (await PersonAsync(fx, fx.Partner.Issuer, "pm-ann-p")).ShouldNotBeNull();
        other.Id.ShouldNotBe(ann.Id);
        var admin = await fx.App.AdminAsync();
        var otherToken = await ArrangeAsync(admin, ann, other);
        using var otherApi = Client(otherToken);
        (await otherApi.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await RowsAsync(ann.Id, other.Id);

        using var platform = Client(await TokenAsync(admin));
        using var preview = await platform.GetAsync($"/api/v1/people/{ann.Id}/merge?other={other.Id}");
        preview.StatusCode.ShouldBe(HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var etag = preview.Headers.ETag.ShouldNotBeNull().Tag;
        var plan = await preview.Content.ReadFromJsonAsync<JsonElement>();
        plan.GetProperty("needsForce").GetBoolean().ShouldBeTrue("both got a POSIX identity at their first sign-in");
        plan.GetProperty("memberships").GetArrayLength().ShouldBe(2);

        using (var unforced = await MergeAsync(platform, ann.Id, other.Id, etag, force: false))
            unforced.StatusCode.ShouldBe(HttpStatusCode.Conflict, await unforced.Content.ReadAsStringAsync());
        (await RowsAsync(ann.Id, other.Id)).ShouldBe(before, "a refused merge changes nothing");
        using (var merged = await MergeAsync(platform, ann.Id, other.Id, etag, force: true))
            merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());

        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var ids = new[] { ann.Id, other.Id };
        // Memberships: every namespace either belonged to is the survivor's, with the higher role where both were members.
        var memberships = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.PersonId)).Include(m => m.Namespace).ToListAsync();
        memberships.ShouldAllBe(m => m.PersonId == ann.Id);
        memberships.ToDictionary(m => m.Namespace!.Name, m => m.Role).ShouldBe(new Dictionary<string, MembershipRole>
        {
            ["pm-both"] = MembershipRole.Admin, ["pm-b"] = MembershipRole.Member, ["pm-a"] = MembershipRole.Admin, ["pm-moot"] = MembershipRole.Member,
        }, ignoreOrder: true);
        // Requests: every row is still there and the survivor's; duplicates and moot ones cancelled, the rest unchanged.
        var joins = await db.JoinRequests.AsNoTracking().Where(r => ids.Contains(r.PersonId)).Include(r => r.Namespace).ToListAsync();
        joins.Select(r => r.Id).ShouldBe(before.JoinRequests.Select(r => r.Id), ignoreOrder: true);
        joins.ShouldAllBe(r => r.PersonId == ann.Id);
        State(joins, before, "pm-join-b", other.Id).ShouldBe(RequestState.Pending);
        State(joins, before, "pm-dup", ann.Id).ShouldBe(RequestState.Pending);
        State(joins, before, "pm-dup", other.Id).ShouldBe(RequestState.Cancelled);
        State(joins, before, "pm-moot", other.Id).ShouldBe(RequestState.Cancelled);
        var tiers = await db.TierRequests.AsNoTracking().Where(r => ids.Contains(r.PersonId)).ToListAsync();
        tiers.Select(r => r.Id).ShouldBe(before.TierRequests.Select(r => r.Id), ignoreOrder: true);
        tiers.ShouldAllBe(r => r.PersonId == ann.Id);
        tiers.Single(r => r.Id == before.TierRequests.Single(b => b.PersonId == ann.Id).Id).State.ShouldBe(RequestState.Pending);
        tiers.Single(r => r.Id == before.TierRequests.Single(b => b.PersonId == other.Id).Id).State.ShouldBe(RequestState.Cancelled);
        // Identities: both sign-ins are the survivor's.
        var identities = await db.ExternalIdentities.AsNoTracking().Where(e => ids.Contains(e.PersonId)).ToListAsync();
        identities.Select(i => (i.Issuer, i.Subject, i.PersonId)).ShouldBe([(fx.Campus.Issuer, "pm-ann", ann.Id), (fx.Partner.Issuer, "pm-ann-p", ann.Id)], ignoreOrder: true);
        // The other person is a tombstone pointing at the survivor; POSIX: the survivor keeps theirs, the other's is recorded.
        var tombstone = await db.People.AsNoTracking().SingleAsync(p => p.Id == other.Id);
        tombstone.MergedIntoId.ShouldBe(ann.Id);
        var posix = await db.Set<PosixAccount>().AsNoTracking().Where(a => ids.Contains(a.PersonId)).ToListAsync();
        posix.Select(a => a.PersonId).ShouldBe(ids, ignoreOrder: true); // the survivor keeps theirs; the other's uid is never reissued
        var entry = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "person.merge" && e.TargetId == ann.Id.ToString());
        entry.Before!.ShouldContain(posix.Single(a => a.PersonId == other.Id).UserName);
        (await db.PersonalAccessTokens.AsNoTracking().Where(t => t.PersonId == other.Id).ToListAsync()).ShouldAllBe(t => t.RevokedAt != null);

        (await otherApi.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the merged-away person's token is revoked");
        await otherSession.GotoAsync(fx.App.BaseUrl + "/profile");
        otherSession.Url.ShouldStartWith(fx.App.BaseUrl + "/login"); // the merged-away person's session ended
        await otherSession.Context.CloseAsync();

        foreach (var (provider, account) in new[] { ("campus", "pm-ann"), ("partner", "pm-ann-p") })
        {
            var page = await PortalLoginAsync(fx, provider, account);
            await page.GotoAsync(fx.App.BaseUrl + "/profile");
            (await page.Locator("h1").InnerTextAsync()).ShouldBe("Ann Merge");
            var linked = await page.Locator("#linked-identities").InnerTextAsync();
            linked.ShouldContain("UC San Diego");
            linked.ShouldContain("University of Nebraska");
            await page.Context.CloseAsync();
        }
        (await PersonAsync(fx, fx.Partner.Issuer, "pm-ann-p"))!.Id.ShouldBe(ann.Id);
        (await PersonAsync(fx, fx.Campus.Issuer, "pm-ann"))!.Id.ShouldBe(ann.Id);
    }

    /// <summary>
    /// Both become users with memberships (pm-both: ann member, other admin; pm-b: other; pm-a: ann admin; pm-moot: ann),
    /// pending join requests (pm-join-b: other; pm-dup: both; pm-moot: other) and a pending tier request each; the other
    /// person also gets a personal access token, whose secret is returned.
    /// </summary>
    private async Task<string> ArrangeAsync(Person admin, Person ann, Person other)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        var platform = new Actor(admin.Id, admin.DisplayName, admin.Tier);
        await people.SetTierAsync(platform, ann.Id, Tier.User, "researcher", default);
        await people.SetTierAsync(platform, other.Id, Tier.User, "researcher", default);
        var annActor = new Actor(ann.Id, ann.DisplayName, Tier.User);
        var otherActor = new Actor(other.Id, other.DisplayName, Tier.User);
        foreach (var name in new[] { "pm-both", "pm-b", "pm-a", "pm-moot", "pm-join-b", "pm-dup" })
            await namespaces.CreateAsync(platform, new NamespaceInput(name, "UC San Diego", ["Prof. Merge"], [], ["R"], "Merge test.", []), default);
        await namespaces.SetMemberAsync(platform, "pm-both", ann.Id.ToString(), MembershipRole.Member, default);
        await namespaces.SetMemberAsync(platform, "pm-both", other.Id.ToString(), MembershipRole.Admin, default);
        await namespaces.SetMemberAsync(platform, "pm-b", other.Id.ToString(), MembershipRole.Member, default);
        await namespaces.SetMemberAsync(platform, "pm-a", ann.Id.ToString(), MembershipRole.Admin, default);
        await namespaces.SetMemberAsync(platform, "pm-moot", ann.Id.ToString(), MembershipRole.Member, default);
        await namespaces.RequestJoinAsync(otherActor, "pm-join-b", "please", default);
        await namespaces.RequestJoinAsync(annActor, "pm-dup", "me too", default);
        await namespaces.RequestJoinAsync(otherActor, "pm-dup", "please", default);
        await namespaces.RequestJoinAsync(otherActor, "pm-moot", "please", default);
        await people.RequestTierAsync(annActor, Tier.Admin, "my own lab", default);
        await people.RequestTierAsync(otherActor, Tier.Admin, "my own lab", default);
        return (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(otherActor, "laptop", 30, default)).Secret;
    }

    private async Task<string> TokenAsync(Person person)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TokenService>().CreateAsync(new Actor(person.Id, person.DisplayName, person.Tier), "t", 1, default)).Secret;
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.App.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> MergeAsync(HttpClient client, Guid survivor, Guid other, string etag, bool force)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/people/{survivor}/merge") { Content = JsonContent.Create(new { other, force }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private static RequestState State(List<JoinRequest> after, Rows before, string ns, Guid requester) =>
        after.Single(r => r.Id == before.JoinRequests.Single(b => b.Namespace!.Name == ns && b.PersonId == requester).Id).State;

    private async Task<Rows> RowsAsync(Guid ann, Guid other)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var ids = new[] { ann, other };
        return new Rows(
            await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.PersonId)).OrderBy(m => m.NamespaceId).ThenBy(m => m.PersonId)
                .Select(m => $"{m.NamespaceId}/{m.PersonId}/{m.Role}").ToListAsync(),
            await db.JoinRequests.AsNoTracking().Include(r => r.Namespace).Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.Id).ToListAsync(),
            await db.TierRequests.AsNoTracking().Where(r => ids.Contains(r.PersonId)).OrderBy(r => r.Id).ToListAsync(),
            await db.ExternalIdentities.AsNoTracking().Where(e => ids.Contains(e.PersonId)).OrderBy(e => e.Id).Select(e => $"{e.Id}/{e.PersonId}").ToListAsync());
    }

    private sealed record Rows(List<string> Memberships, List<JoinRequest> JoinRequests, List<TierRequest> TierRequests, List<string> Identities)
    {
        public bool Equals(Rows? other) => other is not null && Memberships.SequenceEqual(other.Memberships) && Identities.SequenceEqual(other.Identities)
            && JoinRequests.Select(r => (r.Id, r.PersonId, r.State)).SequenceEqual(other.JoinRequests.Select(r => (r.Id, r.PersonId, r.State)))
            && TierRequests.Select(r => (r.Id, r.PersonId, r.State)).SequenceEqual(other.TierRequests.Select(r => (r.Id, r.PersonId, r.State)));

        public override int GetHashCode() => Memberships.Count;
    }
}
