using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Validation;

/// <summary>Bad input gets a ProblemDetails naming the rule, and the database is left exactly as it was.</summary>
public sealed class BadInputTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    private static object Body(string? name, string institution = "UCSD", string description = "d", string[]? pis = null, string[]? publications = null) => new
    {
        name, institution, pis = pis ?? ["Dr. PI"], grants = Array.Empty<string>(), software = Array.Empty<string>(), description,
        publications = publications ?? [],
    };

    public static TheoryData<string, string, string> BadNames() => new()
    {
        { "empty", "", "required" },
        { "64 characters", new string('a', 64), "at most 63" },
        { "uppercase", "MyLab", "lower case" },
        { "leading hyphen", "-lab", "start and end" },
        { "trailing hyphen", "lab-", "start and end" },
        { "dots", "my.lab", "dots" },
        { "unicode", "labö", "only a-z" },
        { "underscore", "my_lab", "only a-z" },
        { "reserved default", "default", "reserved" },
        { "reserved kube-", "kube-system", "reserved" },
        { "reserved nereid-", "nereid-system", "reserved" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task CreateNamespace_BadName_RejectedWithRuleAndNothingSaved(string why, string name, string ruleWords)
    {
        var admin = await app.AdminAsync();
        var client = await app.ClientForAsync(admin);
        var before = await CountsAsync();

        var response = await client.PostAsJsonAsync("/api/v1/namespaces", Body(name));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, why);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldContain(ruleWords, Case.Insensitive);
        (await CountsAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string> OversizedMetadata() => new()
    {
        { "institution", "institution" },
        { "description", "description" },
        { "pis", "pis" },
        { "publications", "publications" },
    };

    [Theory]
    [MemberData(nameof(OversizedMetadata))]
    public async Task CreateNamespace_MetadataOverLimit_RejectedAndNothingSaved(string field, string errorKey)
    {
        var client = await app.ClientForAsync(await app.AdminAsync());
        var before = await CountsAsync();
        var body = field switch
        {
            "institution" => Body("ok-name", institution: new string('x', 201)),
            "description" => Body("ok-name", description: new string('x', 20_001)),
            "pis" => Body("ok-name", pis: Enumerable.Range(0, 21).Select(i => "PI " + i).ToArray()),
            _ => Body("ok-name", publications: ["not a url or doi"]),
        };

        var response = await client.PostAsJsonAsync("/api/v1/namespaces", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").TryGetProperty(errorKey, out _).ShouldBeTrue();
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task CreateNamespace_MalformedJson_ProblemDetails400()
    {
        var client = await app.ClientForAsync(await app.AdminAsync());
        var response = await client.PostAsync("/api/v1/namespaces", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task CreateNamespace_FormPostToApi_RefusedAsUnsupportedMediaType()
    {
        // A cross-site HTML form can only send form encodings; the API accepts JSON only, so cookies cannot be abused by CSRF.
        var client = await app.ClientForAsync(await app.AdminAsync());
        var response = await client.PostAsync("/api/v1/namespaces", new FormUrlEncodedContent([new("name", "csrf-ns")]));
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UpdateNamespace_StaleETag_Gets412AndKeepsNewerData()
    {
        var client = await app.ClientForAsync(await app.AdminAsync());
        (await client.PostAsJsonAsync("/api/v1/namespaces", Body("etag-lab"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = await client.GetAsync("/api/v1/namespaces/etag-lab");
        var etag = first.Headers.ETag!.Tag;

        var ok = new HttpRequestMessage(HttpMethod.Put, "/api/v1/namespaces/etag-lab") { Content = JsonContent.Create(Body("etag-lab", institution: "UC Irvine")) };
        ok.Headers.TryAddWithoutValidation("If-Match", etag);
        (await client.SendAsync(ok)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/namespaces/etag-lab") { Content = JsonContent.Create(Body("etag-lab", institution: "UC Merced")) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await client.SendAsync(stale);

        response.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var current = await client.GetFromJsonAsync<JsonElement>("/api/v1/namespaces/etag-lab");
        current.GetProperty("institution").GetString().ShouldBe("UC Irvine");
    }

    [Fact]
    public async Task CreateNamespace_DuplicateName_Conflict()
    {
        var client = await app.ClientForAsync(await app.AdminAsync());
        (await client.PostAsJsonAsync("/api/v1/namespaces", Body("dup-lab"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var response = await client.PostAsJsonAsync("/api/v1/namespaces", Body("dup-lab"));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ListNamespaces_BadLimitOrContinue_ProblemDetails400()
    {
        var client = app.CreateClient();
        (await client.GetAsync("/api/v1/namespaces?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/namespaces?limit=100000")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/namespaces?continue=%%%")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/namespaces?sort=bogus")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SetMember_Guest_RefusedWithReason()
    {
        var client = await app.ClientForAsync(await app.AdminAsync());
        await client.PostAsJsonAsync("/api/v1/namespaces", Body("guest-lab"));
        var guest = await app.CreateBarePersonAsync("guesty", Tier.Guest);
        var response = await client.PutAsJsonAsync($"/api/v1/namespaces/guest-lab/members/{guest.Email}", new { role = "member" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("guest");
    }

    private async Task<(int, int, int)> CountsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return (await db.Namespaces.CountAsync(), await db.Memberships.CountAsync(), await db.AuditEvents.CountAsync());
    }
}
