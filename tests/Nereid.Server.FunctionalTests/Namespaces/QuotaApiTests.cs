using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Namespaces;

/// <summary>GET/PUT /api/v1/namespaces/{name}/quota: merge, validation, concurrency and audit.</summary>
public sealed class QuotaApiTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    private async Task<(string Name, HttpClient Admin)> NamespaceAsync()
    {
        var name = "q-" + Guid.NewGuid().ToString("N")[..8];
        var owner = await app.CreatePersonAsync("owner-" + name, Tier.Admin);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NamespaceService>().CreateAsync(MatrixWorld.ActorOf(owner),
                new NamespaceInput(name, "UC San Diego", ["Prof. Example"], [], [], "", []), default);
        }
        return (name, await app.ClientForAsync(await app.AdminAsync()));
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string ns, object overrides, string? ifMatch = null, bool allowUnknown = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/namespaces/{ns}/quota")
        {
            Content = allowUnknown ? JsonContent.Create(new { overrides, allowUnknown }) : JsonContent.Create(new { overrides }),
        };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return http.SendAsync(request);
    }

    private async Task<List<NamespaceQuotaOverride>> StoredAsync(string ns)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var id = await db.Set<NereidNamespace>().Where(n => n.Name == ns).Select(n => n.Id).SingleAsync();
        return await db.Set<NamespaceQuotaOverride>().Where(q => q.NamespaceId == id).OrderBy(q => q.Resource).ToListAsync();
    }

    [Fact]
    public async Task Get_NoOverrides_EffectiveIsTheDefaults()
    {
        var (ns, admin) = await NamespaceAsync();

        var response = await admin.GetAsync($"/api/v1/namespaces/{ns}/quota");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("overrides").EnumerateObject().ShouldBeEmpty();
        body.GetProperty("effective").GetProperty("requests.cpu").GetString().ShouldBe("64");
        body.GetProperty("effective").GetProperty("requests.nvidia.com/gpu").GetString().ShouldBe("8");
        body.GetProperty("defaults").GetProperty("requests.memory").GetString().ShouldBe("256Gi");
    }

    [Fact]
    public async Task Put_ValidOverrides_StoredCanonicalMergedAuditedAndVersionMoves()
    {
        var (ns, admin) = await NamespaceAsync();
        var etag = (await admin.GetAsync($"/api/v1/namespaces/{ns}/quota")).Headers.ETag!.Tag;

        var response = await PutAsync(admin, ns, new Dictionary<string, string>
        {
            ["requests.nvidia.com/gpu"] = "16", ["requests.memory"] = "524288Mi", ["requests.nvidia.com/a100"] = "2",
        }, etag, allowUnknown: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("effective").GetProperty("requests.memory").GetString().ShouldBe("512Gi");
        body.GetProperty("effective").GetProperty("requests.nvidia.com/gpu").GetString().ShouldBe("16");
        body.GetProperty("effective").GetProperty("requests.cpu").GetString().ShouldBe("64");
        (await StoredAsync(ns)).Select(q => $"{q.Resource}={q.Quantity}")
            .ShouldBe(["requests.memory=512Gi", "requests.nvidia.com/a100=2", "requests.nvidia.com/gpu=16"]);
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<NereidDbContext>().AuditEvents
            .Where(a => a.NamespaceName == ns && a.Action == "namespace.quota").SingleAsync();
        audit.After!.ShouldContain("requests.nvidia.com/a100");
    }

    [Fact]
    public async Task Put_TypoInExtendedResource_400SuggestsNearestKnownKeyAndNothingSaved()
    {
        var (ns, admin) = await NamespaceAsync();

        var response = await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.nvidia.com/gpus"] = "4" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("overrides[requests.nvidia.com/gpus]")[0].GetString();
        message.ShouldBe("'requests.nvidia.com/gpus' is not a resource any node advertises. Did you mean 'requests.nvidia.com/gpu'? "
            + "To set a quota for an extended resource no node offers yet, confirm it with allowUnknown.");
        (await StoredAsync(ns)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Put_UnknownExtendedResourceConfirmed_Stored()
    {
        var (ns, admin) = await NamespaceAsync();

        var response = await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.example.org/widget"] = "3" }, allowUnknown: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredAsync(ns)).Select(q => $"{q.Resource}={q.Quantity}").ShouldBe(["requests.example.org/widget=3"]);
    }

    [Fact]
    public async Task Put_UnknownCoreNameEvenConfirmed_400SuggestsNearest()
    {
        var (ns, admin) = await NamespaceAsync();

        var response = await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.cpus"] = "3", ["count/deployments.apps"] = "5" }, allowUnknown: true);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["overrides[requests.cpus]"]);
        errors.GetProperty("overrides[requests.cpus]")[0].GetString().ShouldBe("'requests.cpus' is not a ResourceQuota resource name. Did you mean 'requests.cpu'?");
    }

    [Fact]
    public async Task Put_OneBadResourceAndOneBadQuantity_400NamingBothAndNothingSaved()
    {
        var (ns, admin) = await NamespaceAsync();
        await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.cpu"] = "100" });

        var response = await PutAsync(admin, ns, new Dictionary<string, string>
        {
            ["requests.cpu"] = "200", ["Bad Name!"] = "1", ["requests.memory"] = "lots", ["limits.cpu"] = "-1",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["overrides[Bad Name!]", "overrides[limits.cpu]", "overrides[requests.memory]"]);
        (await StoredAsync(ns)).Select(q => $"{q.Resource}={q.Quantity}").ShouldBe(["requests.cpu=100"]);
    }

    [Fact]
    public async Task Put_StaleIfMatch_412AndNothingSaved()
    {
        var (ns, admin) = await NamespaceAsync();
        var etag = (await admin.GetAsync($"/api/v1/namespaces/{ns}/quota")).Headers.ETag!.Tag;
        (await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.cpu"] = "1" }, etag)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.cpu"] = "2" }, etag);

        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await StoredAsync(ns)).Single().Quantity.ShouldBe("1");
    }

    [Fact]
    public async Task Put_EmptyObject_RemovesEveryOverride()
    {
        var (ns, admin) = await NamespaceAsync();
        await PutAsync(admin, ns, new Dictionary<string, string> { ["requests.cpu"] = "1", ["requests.memory"] = "1Gi" });

        var response = await PutAsync(admin, ns, new Dictionary<string, string>());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredAsync(ns)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Put_MissingOverridesOrUnknownNamespace_400And404()
    {
        var (ns, admin) = await NamespaceAsync();

        var missing = await admin.PutAsJsonAsync($"/api/v1/namespaces/{ns}/quota", new { });
        var unknown = await PutAsync(admin, "no-such-namespace", new Dictionary<string, string> { ["requests.cpu"] = "1" });

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
