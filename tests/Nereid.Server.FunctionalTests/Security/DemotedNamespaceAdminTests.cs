using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Security;

/// <summary>
/// The reproduction of issue 16: a namespace admin demoted to guest kept acting in their namespace. Effective permission
/// is tier ∩ role, so every namespace operation must now fail closed with their token and their session, and the
/// reconciler must withdraw their RoleBindings; re-promotion restores the dormant role exactly.
/// </summary>
public sealed class DemotedNamespaceAdminTests : IAsyncLifetime
{
    private const string Ns = "lab-c";
    private ClusterAppFactory _app = null!;

    public async Task InitializeAsync() => _app = await ClusterAppFactory.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Demote_NamespaceAdminToGuest_EveryNamespaceOperationFailsClosedAndBindingsGo()
    {
        var dana = await _app.CreatePersonAsync("dana", Tier.Admin);
        var mo = await _app.CreatePersonAsync("moss", Tier.User);
        var extra = await _app.CreatePersonAsync("extra", Tier.User);
        var requester = await _app.CreatePersonAsync("req", Tier.User);
        await _app.CreateNamespaceAsync(Ns, dana, mo);
        var joinId = await RequestJoinAsync(requester);
        await Eventually.TrueAsync(async () => (await AdminSubjectsAsync()).Contains("oidc:dana@example.edu"), "dana's binding never appeared");
        using var token = await _app.ClientForAsync(dana);
        using var oldSession = await PageClient.SignInAsync(_app, "dana", "dana-password");
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());

        (await platform.PutAsJsonAsync($"/api/v1/people/{dana.Id}/tier", new { tier = "guest", reason = "left the lab" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var auditBefore = await AuditCountAsync();
        var versionBefore = await VersionAsync();

        foreach (var (name, request) in Operations(mo, extra, joinId))
        {
            using var response = await token.SendAsync(request);
            ((int)response.StatusCode).ShouldBe(403, $"{name} with the demoted token: {await response.Content.ReadAsStringAsync()}");
        }
        var memberships = await token.GetFromJsonAsync<JsonElement>("/api/v1/me/memberships");
        memberships.GetProperty("items").GetArrayLength().ShouldBe(0);
        (await oldSession.GetAsync($"/manage/{Ns}/edit")).Status.ShouldBe(HttpStatusCode.Redirect, "the session from before the demotion ended");
        using var session = await PageClient.SignInAsync(_app, "dana", "dana-password");
        foreach (var page in new[] { $"/manage/{Ns}/edit", $"/manage/{Ns}/members", $"/manage/{Ns}/delete" })
            (await session.GetAsync(page)).Status.ShouldBe(HttpStatusCode.Forbidden, page);
        (await session.GetAsync("/manage")).Decoded.ShouldNotContain($"/namespaces/{Ns}\"");
        (await AuditCountAsync()).ShouldBe(auditBefore);

        await Eventually.TrueAsync(async () => !(await AdminSubjectsAsync()).Contains("oidc:dana@example.edu")
            && !(await ClusterUserSubjectsAsync()).Contains("oidc:dana@example.edu"), "dana's bindings were never withdrawn");
        (await MemberSubjectsAsync()).ShouldBe(["oidc:moss@example.edu"]);
        (await VersionAsync()).ShouldBe(versionBefore, "nothing the demoted person tried was saved");
    }

    [Fact]
    public async Task Demote_NamespaceAdminToGuest_SessionFormsRefusedAndNamespacePagesShowNothingOfIt()
    {
        var dana = await _app.CreatePersonAsync("dana", Tier.Admin);
        var mo = await _app.CreatePersonAsync("moss", Tier.User);
        var extra = await _app.CreatePersonAsync("extra", Tier.User);
        var requester = await _app.CreatePersonAsync("req", Tier.User);
        await _app.CreateNamespaceAsync(Ns, dana, mo);
        var joinId = await RequestJoinAsync(requester);
        const string detail = "/namespaces/" + Ns;
        const string federationForm = "action=\"/namespaces/" + Ns + "/federation\"";
        using (var before = await PageClient.SignInAsync(_app, "dana", "dana-password"))
        {
            // What the checks below look for is there while dana is still an admin, so its absence later means something.
            var page = await before.GetAsync(detail);
            page.Text.ShouldContain(federationForm);
            page.Text.ShouldContain("id=\"members\"");
            page.Text.ShouldContain("handler=Decide");
            (await before.GetAsync($"/audit?namespace={Ns}")).Status.ShouldBe(HttpStatusCode.OK);
            (await before.GetAsync($"/usage/{Ns}")).Status.ShouldBe(HttpStatusCode.OK);
        }
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        (await platform.PutAsJsonAsync($"/api/v1/people/{dana.Id}/tier", new { tier = "guest", reason = "left the lab" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var auditBefore = await AuditCountAsync();
        var versionBefore = await VersionAsync();
        var stored = await StoredNamespaceAsync();
        using var session = await PageClient.SignInAsync(_app, "dana", "dana-password");
        // The demoted person cannot load the namespace's forms, so the token comes from a form they can load (/profile):
        // an antiforgery token is per session, not per form, which makes these posts what a forged or replayed form sends.
        var token = PageClient.AntiforgeryToken((await session.GetAsync("/profile")).Text).ShouldNotBeNull();

        foreach (var (name, url, fields) in FormPosts(stored.Version, mo, extra, joinId))
        {
            var response = await session.PostAsync(url, new(fields) { ["__RequestVerificationToken"] = token });
            response.Status.ShouldBe(HttpStatusCode.Forbidden, $"{name}: {response.Decoded}");
        }
        foreach (var page in new[] { $"/manage/{Ns}/quota", $"/audit?namespace={Ns}", $"/usage/{Ns}" })
            (await session.GetAsync(page)).Status.ShouldBe(HttpStatusCode.Forbidden, page);
        var audit = await session.GetAsync("/audit");
        audit.Status.ShouldBe(HttpStatusCode.Forbidden, "a guest administers nothing, so there is no audit log to pick from");
        audit.Text.ShouldNotContain(Ns);
        var shown = await session.GetAsync(detail);
        shown.Status.ShouldBe(HttpStatusCode.OK, "the directory entry is public");
        shown.Text.ShouldNotContain(federationForm);
        shown.Text.ShouldNotContain("id=\"members\"");
        shown.Text.ShouldNotContain("handler=Decide");
        shown.Text.ShouldNotContain("handler=Leave");
        shown.Decoded.ShouldContain("The member list is visible to members of this namespace.");

        (await AuditCountAsync()).ShouldBe(auditBefore);
        (await VersionAsync()).ShouldBe(versionBefore, "nothing the demoted person posted was saved");
        (await StoredNamespaceAsync()).ShouldBe(stored);
    }

    [Fact]
    public async Task Promote_DemotedAdminBack_RestoresDormantRoleAndBinding()
    {
        var erin = await _app.CreatePersonAsync("erin", Tier.Admin);
        var other = await _app.CreatePersonAsync("other", Tier.Admin);
        await _app.CreateNamespaceAsync(Ns, other);
        using var platform = await _app.ClientForAsync(await _app.AdminAsync());
        using var owner = await _app.ClientForAsync(other);
        (await owner.PutAsJsonAsync($"/api/v1/namespaces/{Ns}/members/erin@example.edu", new { role = "admin" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var token = await _app.ClientForAsync(erin);
        (await platform.PutAsJsonAsync($"/api/v1/people/{erin.Id}/tier", new { tier = "guest", reason = "paused" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => !(await AdminSubjectsAsync()).Contains("oidc:erin@example.edu"), "erin's binding was never withdrawn");

        (await platform.PutAsJsonAsync($"/api/v1/people/{erin.Id}/tier", new { tier = "admin", reason = "back" })).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => (await AdminSubjectsAsync()).Contains("oidc:erin@example.edu"), "erin's binding never came back");
        var members = await token.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/members");
        members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("email").GetString() == "erin@example.edu").GetProperty("role").GetString().ShouldBe("admin");
        var mine = await token.GetFromJsonAsync<JsonElement>("/api/v1/me/memberships");
        mine.GetProperty("items")[0].GetProperty("role").GetString().ShouldBe("admin");
    }

    private static IEnumerable<(string Name, HttpRequestMessage Request)> Operations(Person member, Person extra, Guid joinId)
    {
        var body = new { name = Ns, institution = "Elsewhere", pis = new[] { "Mallory" }, grants = Array.Empty<string>(), software = Array.Empty<string>(),
            description = "taken over", publications = Array.Empty<string>() };
        yield return ("PUT namespace", Send(HttpMethod.Put, $"/api/v1/namespaces/{Ns}", body));
        yield return ("DELETE namespace", Send(HttpMethod.Delete, $"/api/v1/namespaces/{Ns}?confirm={Ns}"));
        yield return ("GET members", Send(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/members"));
        yield return ("PUT member admin", Send(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/members/{extra.Email}", new { role = "admin" }));
        yield return ("PUT member role", Send(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/members/{member.Email}", new { role = "admin" }));
        yield return ("DELETE member", Send(HttpMethod.Delete, $"/api/v1/namespaces/{Ns}/members/{member.Email}"));
        yield return ("GET join requests", Send(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/join-requests"));
        yield return ("POST approve join", Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/join-requests/{joinId}/approve", new { reason = "ok" }));
        yield return ("POST deny join", Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/join-requests/{joinId}/deny", new { reason = "no" }));
        yield return ("POST join request", Send(HttpMethod.Post, $"/api/v1/namespaces/{Ns}/join-requests", new { message = "let me back" }));
        yield return ("GET namespace audit", Send(HttpMethod.Get, $"/api/v1/audit?namespace={Ns}"));
        yield return ("GET namespace diff", Send(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/diff"));
        yield return ("GET quota", Send(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/quota"));
        yield return ("GET usage", Send(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/usage"));
        yield return ("GET usage series", Send(HttpMethod.Get, $"/api/v1/usage/namespaces/{Ns}?step=1h"));
        yield return ("GET institution usage", Send(HttpMethod.Get, "/api/v1/usage/institutions/UC%20San%20Diego"));
        yield return ("GET kubeconfig", Send(HttpMethod.Get, $"/api/v1/clusters/{ClusterAppFactory.ClusterName}/kubeconfig"));
    }

    // Every form of the namespace's admin pages, filled as a real one would be (handlers and field names from the pages).
    private static IEnumerable<(string Name, string Url, Dictionary<string, string> Fields)> FormPosts(int version, Person member, Person extra, Guid joinId)
    {
        var edit = PageTestData.NamespaceFields(Ns, institution: "Elsewhere", description: "taken over");
        edit.Remove("Input.Name");
        edit["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return ("POST edit form", $"/manage/{Ns}/edit", edit);
        const string members = "/manage/" + Ns + "/members";
        yield return ("POST add member", members + "?handler=Add", new() { ["Input.Email"] = extra.Email, ["Input.Role"] = "admin" });
        yield return ("POST member role", members + "?handler=Role", new() { ["personId"] = member.Id.ToString(), ["role"] = "admin" });
        yield return ("POST remove member", members + "?handler=Remove", new() { ["personId"] = member.Id.ToString() });
        yield return ("POST delete form", $"/manage/{Ns}/delete", new() { ["Confirm"] = Ns });
        yield return ("POST quota form", $"/manage/{Ns}/quota", new() { ["Input.Overrides"] = "requests.cpu = 999", ["Input.Version"] = edit["Input.Version"] });
        yield return ("POST federation switch", $"/namespaces/{Ns}/federation", new() { ["federated"] = "true", ["version"] = edit["Input.Version"] });
        yield return ("POST approve join", $"/namespaces/{Ns}?handler=Decide", new() { ["requestId"] = joinId.ToString(), ["decision"] = "approve", ["reason"] = "ok" });
    }

    private static HttpRequestMessage Send(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };

    private async Task<Guid> RequestJoinAsync(Person requester)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        return (await namespaces.RequestJoinAsync(new Actor(requester.Id, requester.DisplayName, requester.Tier), Ns, "please", default)).Id;
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents.CountAsync();
    }

    private async Task<(int Version, int Members, int PendingJoins)> VersionAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var ns = await db.Namespaces.AsNoTracking().SingleAsync(n => n.Name == Ns);
        return (ns.Version, await db.Memberships.CountAsync(m => m.NamespaceId == ns.Id),
            await db.JoinRequests.CountAsync(r => r.NamespaceId == ns.Id && r.State == Domain.Requests.RequestState.Pending));
    }

    // Quota and federation changes move the version too (the domain touches the row), so these cover every form posted.
    private async Task<(int Version, string Institution, string Description, NamespaceState State)> StoredNamespaceAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var ns = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().Namespaces.AsNoTracking().SingleAsync(n => n.Name == Ns);
        return (ns.Version, ns.Institution, ns.Description, ns.State);
    }

    private async Task<List<string>> AdminSubjectsAsync() => Names((await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-admins"))?.Subjects);

    private async Task<List<string>> MemberSubjectsAsync() => Names((await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-members"))?.Subjects);

    private async Task<List<string>> ClusterUserSubjectsAsync() => Names((await _app.Admin.GetAsync<ClusterRoleBinding>(null, "nereid-cluster-user"))?.Subjects);

    private static List<string> Names(List<Subject>? subjects) => subjects?.Select(s => s.Name ?? "").ToList() ?? [];
}
