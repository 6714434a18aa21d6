using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.People;

namespace Nereid.Server.FunctionalTests.People;

/// <summary>
/// Merging people through the API and the admin page: the refusals (themselves, into a suspended person, without or
/// with a stale preview ETag) change nothing; a merged-away person's password account moves to the survivor, and a
/// tombstone cannot sign in.
/// </summary>
public sealed partial class PersonMergeTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Merge_WithThemselves_400AndNothingSaved()
    {
        var kim = await app.CreateBarePersonAsync("merge-kim", Tier.User);
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        var audit = await AuditCountAsync();

        using var preview = await platform.GetAsync($"/api/v1/people/{kim.Id}/merge?other={kim.Id}");
        using var merge = await MergeAsync(platform, kim.Id, kim.Id, "\"mx\"");

        preview.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        merge.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await merge.Content.ReadAsStringAsync()).ShouldContain("themselves");
        (await AuditCountAsync()).ShouldBe(audit);
    }

    [Fact]
    public async Task Merge_IntoSuspendedPerson_409AndNothingSaved()
    {
        var lee = await app.CreateBarePersonAsync("merge-lee", Tier.User);
        var lou = await app.CreateBarePersonAsync("merge-lou", Tier.User);
        var admin = await app.AdminAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PeopleService>().SuspendAsync(new Actor(admin.Id, admin.DisplayName, admin.Tier), lee.Id, "review", default);
        using var platform = await app.ClientForAsync(admin);
        var audit = await AuditCountAsync();

        using var preview = await platform.GetAsync($"/api/v1/people/{lee.Id}/merge?other={lou.Id}");

        preview.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await preview.Content.ReadAsStringAsync()).ShouldContain("suspended");
        using var merge = await MergeAsync(platform, lee.Id, lou.Id, "\"mx\"");
        merge.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await PersonAsync(lou.Id)).MergedIntoId.ShouldBeNull();
        (await AuditCountAsync()).ShouldBe(audit);
    }

    [Fact]
    public async Task Merge_WithoutOrWithStaleIfMatch_412AndNothingSaved()
    {
        var max = await app.CreateBarePersonAsync("merge-max", Tier.User);
        var mia = await app.CreateBarePersonAsync("merge-mia", Tier.User);
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        using var preview = await platform.GetAsync($"/api/v1/people/{max.Id}/merge?other={mia.Id}");
        var etag = preview.Headers.ETag.ShouldNotBeNull().Tag;
        // Something changes after the admin looked: mia asks for a tier.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PeopleService>().RequestTierAsync(new Actor(mia.Id, mia.DisplayName, mia.Tier), Tier.Admin, "lab", default);
        var audit = await AuditCountAsync();

        using var missing = await MergeAsync(platform, max.Id, mia.Id, null);
        using var stale = await MergeAsync(platform, max.Id, mia.Id, etag);

        missing.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await PersonAsync(mia.Id)).MergedIntoId.ShouldBeNull();
        (await AuditCountAsync()).ShouldBe(audit);
    }

    [Fact]
    public async Task Merge_OnPage_ListsWhatMovesThenPasswordMovesAndTombstoneCannotSignIn()
    {
        var survivor = await app.CreateBarePersonAsync("merge-nia", Tier.User);
        var other = await app.CreatePersonAsync("merge-ned", Tier.User);
        var both = await app.CreatePersonAsync("merge-oda", Tier.User);
        var otherWithPassword = await app.CreatePersonAsync("merge-ozzy", Tier.User);
        using var admin = await PageClient.AdminAsync(app);

        var shown = await admin.GetAsync($"/admin/people/merge?into={survivor.Id}&otherId={other.Id}");
        shown.Status.ShouldBe(HttpStatusCode.OK, shown.Text);
        shown.Decoded.ShouldContain("Password account: moves to the survivor");
        var etag = Regex.Match(shown.Text, "name=\"etag\" value=\"([^\"]+)\"").Groups[1].Value;
        etag.ShouldNotBeEmpty();
        var done = await admin.PostAsync($"/admin/people/merge", new()
        {
            ["into"] = survivor.Id.ToString(), ["other"] = other.Id.ToString(), ["etag"] = System.Net.WebUtility.HtmlDecode(etag),
            ["__RequestVerificationToken"] = PageClient.AntiforgeryToken(shown.Text)!,
        });
        done.Status.ShouldBe(HttpStatusCode.Redirect, done.Decoded);

        (await PersonAsync(other.Id)).MergedIntoId.ShouldBe(survivor.Id);
        using var signedIn = await PageClient.SignInAsync(app, "merge-ned", "merge-ned-password");
        (await signedIn.GetAsync("/profile")).Decoded.ShouldContain("merge-nia", Case.Sensitive, "the moved password signs the survivor in");

        // Both had passwords: the survivor keeps theirs, and the tombstone's is refused after the password is checked.
        await MergeThroughApiAsync(both.Id, otherWithPassword.Id);
        var refused = await PageClient.Anonymous(app).SubmitAsync("/login", new() { ["Input.UserName"] = "merge-ozzy", ["Input.Password"] = "merge-ozzy-password" });
        refused.Status.ShouldBe(HttpStatusCode.Forbidden);
        refused.Decoded.ShouldContain("merged into another");
    }

    [Fact]
    public async Task AuditActorFilter_Survivor_ShowsEventsOfEveryoneMergedIntoThem()
    {
        var rita = await app.CreateBarePersonAsync("audit-rita", Tier.User);
        var olaf = await app.CreateBarePersonAsync("audit-olaf", Tier.User);
        var ugo = await app.CreateBarePersonAsync("audit-ugo", Tier.User);
        var zed = await app.CreateBarePersonAsync("audit-zed", Tier.User);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
            foreach (var p in new[] { rita, olaf, ugo, zed })
                await people.RequestTierAsync(new Actor(p.Id, p.DisplayName, p.Tier), Tier.Admin, "lab of " + p.DisplayName, default);
        }
        // A chain: ugo into olaf first, then olaf (now holding ugo's history) into rita.
        await MergeThroughApiAsync(olaf.Id, ugo.Id);
        await MergeThroughApiAsync(rita.Id, olaf.Id);
        using var platform = await app.ClientForAsync(await app.AdminAsync());

        var ofRita = await TierRequestersAsync(platform, "audit-rita");
        var ofOlaf = await TierRequestersAsync(platform, "audit-olaf");

        ofRita.ShouldBe([rita.Id, olaf.Id, ugo.Id], ignoreOrder: true);
        ofOlaf.ShouldBe([olaf.Id, ugo.Id], ignoreOrder: true, "a tombstone's own history, with what was merged into it, but not its survivor's");
        using var admin = await PageClient.AdminAsync(app);
        var page = (await admin.GetAsync("/audit?actor=audit-rita&action=tier.request")).Decoded;
        page.ShouldContain("lab of audit-ugo");
        page.ShouldNotContain("lab of audit-zed");
    }

    // The actors of the tier.request events the audit API lists for an actor filter.
    private static async Task<List<Guid>> TierRequestersAsync(HttpClient platform, string actor)
    {
        var body = await platform.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/audit?actor={actor}&action=tier.request");
        return [.. body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("actorId").GetGuid())];
    }

    private async Task MergeThroughApiAsync(Guid survivor, Guid other)
    {
        using var platform = await app.ClientForAsync(await app.AdminAsync());
        using var preview = await platform.GetAsync($"/api/v1/people/{survivor}/merge?other={other}");
        using var merge = await MergeAsync(platform, survivor, other, preview.Headers.ETag!.Tag);
        merge.StatusCode.ShouldBe(HttpStatusCode.OK, await merge.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> MergeAsync(HttpClient client, Guid survivor, Guid other, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/people/{survivor}/merge") { Content = JsonContent.Create(new { other }) };
        if (etag is not null)
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private async Task<Person> PersonAsync(Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents.CountAsync();
    }
}
