using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>
/// Suspension (issue 16): a platform admin suspends a person with a reason; their open session, personal access token
/// and cluster RoleBinding all stop working within one pass, nothing else of theirs changes, and reinstating restores
/// the same token and binding and lets them sign in again with the same rights.
/// </summary>
public sealed class SuspendedPersonTests : IAsyncLifetime
{
    private const string Ns = "lab-s";
    private ClusterAppFactory _app = null!;

    public async Task InitializeAsync() => _app = await ClusterAppFactory.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Suspend_PersonWithSessionTokenAndBinding_AllThreeStopAndReinstateRestoresThem()
    {
        var fay = await _app.CreatePersonAsync("fay", Tier.Admin);
        var moss = await _app.CreatePersonAsync("moss", Tier.User);
        await _app.CreateNamespaceAsync(Ns, fay, moss);
        await Eventually.TrueAsync(async () => (await AdminSubjectsAsync()).Contains("oidc:fay@example.edu"), "fay's binding never appeared");
        using var token = await _app.ClientForAsync(fay);
        using var session = await PageClient.SignInAsync(_app, "fay", "fay-password");
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.GetAsync($"/manage/{Ns}/edit")).Status.ShouldBe(HttpStatusCode.OK);
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        var before = await StateOfAsync(fay.Id);

        using var suspend = await platform.PostAsJsonAsync($"/api/v1/people/{fay.Id}/suspend", new { reason = "compromised laptop" });
        suspend.StatusCode.ShouldBe(HttpStatusCode.OK, await suspend.Content.ReadAsStringAsync());
        var view = await suspend.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("suspensionReason").GetString().ShouldBe("compromised laptop");

        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the token stops at once");
        (await token.GetAsync($"/api/v1/namespaces/{Ns}/members")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await session.GetAsync($"/manage/{Ns}/edit")).Status.ShouldBe(HttpStatusCode.Redirect, "the session stops at once");
        var signIn = await PageClient.Anonymous(_app).SubmitAsync("/login", new() { ["Input.UserName"] = "fay", ["Input.Password"] = "fay-password" });
        signIn.Status.ShouldBe(HttpStatusCode.Forbidden);
        signIn.Decoded.ShouldContain("suspended");
        await Eventually.TrueAsync(async () => !(await AdminSubjectsAsync()).Contains("oidc:fay@example.edu")
            && !(await ClusterUserSubjectsAsync()).Contains("oidc:fay@example.edu"), "fay's bindings were never withdrawn");
        (await MemberSubjectsAsync()).ShouldBe(["oidc:moss@example.edu"], "nobody else's rights change");
        var during = await StateOfAsync(fay.Id);
        during.ShouldBe(before, "suspension deletes and revokes nothing: memberships, tokens, sessions and tier stay");

        (await platform.PostAsync($"/api/v1/people/{fay.Id}/reinstate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the same token works again");
        // The browser dropped its cookie when the suspended session was refused; signing in again is all it takes.
        using var again = await PageClient.SignInAsync(_app, "fay", "fay-password");
        (await again.GetAsync($"/manage/{Ns}/edit")).Status.ShouldBe(HttpStatusCode.OK, "sign-in works again with the same rights");
        await Eventually.TrueAsync(async () => (await AdminSubjectsAsync()).Contains("oidc:fay@example.edu"), "fay's binding never came back");
        (await TokensAndMembershipsAsync(fay.Id)).ShouldBe(TokensAndMemberships(before));
        (await AuditActionsAsync(fay.Id)).ShouldBe(["person.suspend", "person.reinstate"]);
    }

    [Fact]
    public async Task Suspend_WithoutReason_RefusedAndNothingSaved()
    {
        var gus = await _app.CreatePersonAsync("gus", Tier.User);
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());

        using var response = await platform.PostAsJsonAsync($"/api/v1/people/{gus.Id}/suspend", new { reason = "  " });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("reason");
        using var token = await _app.ClientForAsync(gus);
        (await token.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuditActionsAsync(gus.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Suspend_Self_Conflict()
    {
        var admin = await _app.AdminAsync();
        using var platform = await _app.ClientForAsync(admin);

        using var response = await platform.PostAsJsonAsync($"/api/v1/people/{admin.Id}/suspend", new { reason = "oops" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await platform.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PeoplePage_SuspendAndReinstateButtons_ChangeThePerson()
    {
        var hal = await _app.CreatePersonAsync("hal", Tier.User);
        using var admin = await PageClient.AdminAsync(_app);

        var suspended = await admin.SubmitAsync("/admin/people", new() { ["personId"] = hal.Id.ToString(), ["reason"] = "spam" }, "/admin/people?handler=Suspend");
        suspended.Status.ShouldBe(HttpStatusCode.Redirect, suspended.Text);
        (await admin.GetAsync("/admin/people")).Decoded.ShouldContain("Suspended");
        (await PersonAsync(hal.Id)).IsSuspended.ShouldBeTrue();

        var reinstated = await admin.SubmitAsync("/admin/people", new() { ["personId"] = hal.Id.ToString() }, "/admin/people?handler=Reinstate");
        reinstated.Status.ShouldBe(HttpStatusCode.Redirect, reinstated.Text);
        (await PersonAsync(hal.Id)).IsSuspended.ShouldBeFalse();
    }

    private async Task<Person> PersonAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    /// <summary>Everything of the person that suspension must leave alone, as one comparable string.</summary>
    private async Task<string> StateOfAsync(Guid personId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.PersonId == personId)
            .Select(m => m.NamespaceId + ":" + m.Role).ToListAsync();
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.PersonId == personId)
            .Select(t => t.Id + ":" + (t.RevokedAt == null ? "active" : "revoked")).ToListAsync();
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.PersonId == personId)
            .Select(s => s.Id + ":" + (s.RevokedAt == null ? "open" : "ended") + ":" + s.SecurityStamp).ToListAsync();
        return string.Join("|", person.Tier, person.SecurityStamp, string.Join(",", memberships.Order(StringComparer.Ordinal)),
            string.Join(",", tokens.Order(StringComparer.Ordinal)), string.Join(",", sessions.Order(StringComparer.Ordinal)));
    }

    private async Task<string> TokensAndMembershipsAsync(Guid personId) => TokensAndMemberships(await StateOfAsync(personId));

    /// <summary>The state without the session list, which grows by the sign-in after reinstating.</summary>
    private static string TokensAndMemberships(string state) => string.Join("|", state.Split('|')[..4]);

    private async Task<List<string>> AuditActionsAsync(Guid personId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var id = personId.ToString();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents.AsNoTracking()
            .Where(a => a.TargetId == id && (a.Action == "person.suspend" || a.Action == "person.reinstate")).OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
    }

    private async Task<List<string>> AdminSubjectsAsync() => Names((await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-admins"))?.Subjects);

    private async Task<List<string>> MemberSubjectsAsync() => Names((await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-members"))?.Subjects);

    private async Task<List<string>> ClusterUserSubjectsAsync() => Names((await _app.Admin.GetAsync<ClusterRoleBinding>(null, "nereid-cluster-user"))?.Subjects);

    private static List<string> Names(List<Subject>? subjects) => subjects?.Select(s => s.Name ?? "").ToList() ?? [];
}
