using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Institutions;

/// <summary>
/// Institutions as data on the demo data (its institutions carry short names such as "UCSD"): search on the overview,
/// the namespaces API and People matches every name of an institution; platform admins edit with If-Match and merge,
/// and a rename or merge reaches every person and namespace that refers to the institution; bad input is a
/// ProblemDetails naming the field; every change is audited.
/// </summary>
public sealed class InstitutionTests(InstitutionWorld world) : IClassFixture<InstitutionWorld>
{
    private readonly NereidAppFactory _app = world.App;
    private readonly HttpClient _admin = world.Admin;

    private async Task<List<string>> NamespaceNamesAsync(string search)
    {
        var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces?limit=500&q={Uri.EscapeDataString(search)}");
        return [.. page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> PeopleIdsAsync(string search)
    {
        var page = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/people?limit=500&q={Uri.EscapeDataString(search)}");
        return [.. page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<JsonElement> InstitutionAsync(string name)
    {
        var all = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/institutions");
        return all.EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);
    }

    private static HttpRequestMessage WithIfMatch(HttpMethod method, string url, object body, string etag)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    [Fact]
    public async Task Search_ShortName_FindsWhatTheFullNameFinds()
    {
        var byName = await NamespaceNamesAsync("UC San Diego");
        var byShortName = await NamespaceNamesAsync("UCSD");
        var peopleByName = await PeopleIdsAsync("UC San Diego");
        var peopleByShortName = await PeopleIdsAsync("ucsd");

        byName.ShouldNotBeEmpty();
        byShortName.ShouldBe(byName);
        peopleByName.ShouldNotBeEmpty();
        peopleByShortName.ShouldBe(peopleByName);
        var overview = await _admin.GetStringAsync("/?q=UCSD");
        overview.ShouldContain($"{byName.Count} namespace{(byName.Count == 1 ? "" : "s")} match");
        overview.ShouldContain(byName[0]);
    }

    [Fact]
    public async Task Put_RenameWithIfMatch_PeopleAndNamespacesFollowAndAudited()
    {
        var caltech = await InstitutionAsync("Caltech");
        var id = caltech.GetProperty("id").GetString();
        var namespacesBefore = await NamespaceNamesAsync("Caltech");
        namespacesBefore.ShouldNotBeEmpty();
        var body = new { name = "California Institute of Technology (Caltech)", shortNames = new[] { "Caltech" }, domain = "caltech.edu" };

        using (var stale = await _admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/institutions/{id}", body, "\"v999\"")))
            stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        using var response = await _admin.SendAsync(WithIfMatch(HttpMethod.Put, $"/api/v1/institutions/{id}", body,
            $"\"v{caltech.GetProperty("version").GetInt32()}\""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var ns = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{namespacesBefore[0]}");
        ns.GetProperty("institution").GetString().ShouldBe("California Institute of Technology (Caltech)");
        (await NamespaceNamesAsync("Caltech")).ShouldBe(namespacesBefore);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var guid = Guid.Parse(id!);
        (await db.People.Where(p => p.InstitutionId == guid).Select(p => p.Institution).Distinct().ToListAsync())
            .ShouldBe(["California Institute of Technology (Caltech)"]);
        (await db.AuditEvents.CountAsync(a => a.Action == "institution.update" && a.TargetId == id)).ShouldBe(1);
        var audit = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=institution.update");
        audit.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("targetId").GetString() == id)
            .GetProperty("targetName").GetString().ShouldBe("California Institute of Technology (Caltech)");
    }

    [Fact]
    public async Task Post_NameAlreadyUsedAndBadDomain_ProblemDetailsNamesEachField()
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/institutions",
            new { name = "Scripps", shortNames = new[] { "UCSD" }, domain = "not a domain", idpEntityId = "no uri" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.GetProperty("domain")[0].GetString()!.ShouldContain("not a domain name");
        errors.GetProperty("idpEntityId")[0].GetString()!.ShouldContain("not an entity ID");
        using var clash = await _admin.PostAsJsonAsync("/api/v1/institutions", new { name = "Scripps", shortNames = new[] { "ucsd" } });
        clash.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("shortNames")[0].GetString()!
            .ShouldContain("already names UC San Diego");
        (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/institutions")).EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("name").GetString() == "Scripps");
    }

    [Fact]
    public async Task Merge_TwoInstitutions_ReferrersMoveAndNamesBecomeShortNames()
    {
        var survivor = await InstitutionAsync("San Diego State University");
        var other = await InstitutionAsync("Cal Poly Humboldt");
        var id = survivor.GetProperty("id").GetString();
        var expectedNamespaces = (await NamespaceNamesAsync("San Diego State")).Concat(await NamespaceNamesAsync("Cal Poly Humboldt")).Order(StringComparer.Ordinal).ToList();
        var people = survivor.GetProperty("people").GetInt32() + other.GetProperty("people").GetInt32();

        using var response = await _admin.SendAsync(WithIfMatch(HttpMethod.Post, $"/api/v1/institutions/{id}/merge",
            new { from = other.GetProperty("id").GetString() }, $"\"v{survivor.GetProperty("version").GetInt32()}\""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        merged.GetProperty("shortNames").EnumerateArray().Select(s => s.GetString()).ShouldContain("Cal Poly Humboldt");
        merged.GetProperty("people").GetInt32().ShouldBe(people);
        (await NamespaceNamesAsync("Humboldt")).ShouldBe(expectedNamespaces);
        (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/institutions")).EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("name").GetString() == "Cal Poly Humboldt");
        using var again = await _admin.PostAsJsonAsync($"/api/v1/institutions/{id}/merge", new { from = id });
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateNamespace_ShortNameTyped_LinkedAndNamedCanonically()
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/namespaces", new
        {
            name = "inst-link", institution = "ucsd", pis = new[] { "Dr. PI" }, grants = Array.Empty<string>(), software = Array.Empty<string>(),
            description = "", publications = Array.Empty<string>(),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("institution").GetString().ShouldBe("UC San Diego");
        (await NamespaceNamesAsync("UCSD")).ShouldContain("inst-link");
    }

    private async Task<Person> SignInAsync(string subject, string? idp, string? idpName, string? affiliation = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var logins = scope.ServiceProvider.GetRequiredService<global::Nereid.Server.Identity.ExternalLoginService>();
        return await logins.SignInAsync(new global::Nereid.Identity.Oidc.ExternalIdentity("https://cilogon.example.org", subject, idpName, subject + "@example.org",
            "Signed " + subject, null, null, idp, affiliation, new Dictionary<string, string>()), default);
    }

    [Fact]
    public async Task SignIn_UnseenIdp_CreatesInstitutionNamedFromIdpNameOnceAndLinksEveryone()
    {
        const string Idp = "https://idp.scripps.example.edu/idp/shibboleth";

        var first = await SignInAsync("s1", Idp, "Scripps Research");
        var second = await SignInAsync("s2", Idp, "Scripps Research Institute (renamed upstream)");

        var scripps = await InstitutionAsync("Scripps Research");
        scripps.GetProperty("idpEntityId").GetString().ShouldBe(Idp);
        scripps.GetProperty("people").GetInt32().ShouldBe(2);
        first.InstitutionId.ShouldBe(Guid.Parse(scripps.GetProperty("id").GetString()!));
        second.Institution.ShouldBe("Scripps Research");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.CountAsync(a => a.Action == "institution.create" && a.TargetId == scripps.GetProperty("id").GetString())).ShouldBe(1);
    }

    [Fact]
    public async Task SignIn_KnownNameUnseenIdp_IdpGivenToTheListedInstitution()
    {
        const string Idp = "urn:mace:incommon:uci.edu";

        var person = await SignInAsync("i1", Idp, "uc irvine");

        var irvine = await InstitutionAsync("UC Irvine");
        irvine.GetProperty("idpEntityId").GetString().ShouldBe(Idp);
        person.InstitutionId.ShouldBe(Guid.Parse(irvine.GetProperty("id").GetString()!));
        person.Institution.ShouldBe("UC Irvine");
    }

    [Fact]
    public async Task ProfileEdit_PicksInstitution_LinkedToIt()
    {
        var person = await _app.CreatePersonAsync("picker", Tier.User);
        await using var scope = _app.Services.CreateAsyncScope();
        var profiles = scope.ServiceProvider.GetRequiredService<global::Nereid.Server.Accounts.ProfileEditService>();

        await profiles.UpdateAsync(new global::Nereid.Server.Auth.Actor(person.Id, person.DisplayName, person.Tier), "Picker", "UC Berkeley", default);

        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var stored = await db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id);
        var berkeley = await InstitutionAsync("UC Berkeley");
        stored.InstitutionId.ShouldBe(Guid.Parse(berkeley.GetProperty("id").GetString()!));
        (await PeopleIdsAsync("UCB")).ShouldContain(person.Id.ToString());
    }
}

/// <summary>One server with the demo data (40 namespaces) for the institution tests; each test changes different institutions.</summary>
public sealed class InstitutionWorld : IAsyncLifetime
{
    public NereidAppFactory App { get; } = new NereidAppFactory().With("Nereid:Demo:SeedNamespaces", "40");

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync() => Admin = await App.ClientForAsync(await App.AdminAsync());

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }
}
