using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Validation;

/// <summary>Named regressions for the defects of the 2018 portal (anchors/nautilus.md §12).</summary>
public sealed class LegacyDefectRegressionTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Regression2018_GuestCannotPromoteThemself()
    {
        var guest = await app.CreatePersonAsync("selfpromoter", Tier.Guest);
        var client = await app.ClientForAsync(guest);

        var direct = await client.PutAsJsonAsync($"/api/v1/people/{guest.Id}/tier", new { tier = "platform-admin", reason = "me" });
        direct.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var request = await client.PostAsJsonAsync("/api/v1/tier-requests", new { tier = "user", reason = "please" });
        request.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var approve = await client.PostAsJsonAsync($"/api/v1/tier-requests/{id}/approve", new { reason = "self" });
        approve.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        me.GetProperty("tier").GetString().ShouldBe("guest");
    }

    [Fact]
    public async Task Regression2018_GuestsCannotListPeople()
    {
        var guest = await app.CreatePersonAsync("curious", Tier.Guest);
        var client = await app.ClientForAsync(guest);
        (await client.GetAsync("/api/v1/people")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/people?q=admin")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Regression2018_NoStateChangeOverGet()
    {
        // The 2018 portal created and deleted namespaces with GET ?mkns= / ?delns=. Every API route that changes state
        // must refuse GET; this walks the whole route table and tries GET on each non-GET route.
        var admin = await app.ClientForAsync(await app.AdminAsync());
        var sources = app.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        var routes = sources.SelectMany(s => s.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal)).ToList();
        var reads = routes.Where(r => r.Methods.Contains("GET")).Select(r => r.Pattern).ToHashSet();
        // Routes that share their URL with a GET (e.g. POST /namespaces beside the listing) are covered by the audit check below.
        var writes = routes.Where(r => !r.Methods.Contains("GET") && !reads.Contains(r.Pattern)).Select(r => r.Pattern).Distinct().ToList();
        writes.Count.ShouldBeGreaterThan(5);
        var before = await admin.GetStringAsync("/api/v1/audit?limit=500");
        foreach (var pattern in writes)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", m => m.Value.Contains("guid") ? Guid.NewGuid().ToString() : "x");
            var response = await admin.GetAsync(url);
            ((int)response.StatusCode).ShouldBeOneOf([404, 405], url);
        }
        (await admin.GetStringAsync("/api/v1/audit?limit=500")).ShouldBe(before);
    }
}
