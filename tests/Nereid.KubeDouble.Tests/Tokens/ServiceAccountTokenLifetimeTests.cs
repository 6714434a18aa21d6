using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Nereid.KubeDouble.Tests.Conformance;

namespace Nereid.KubeDouble.Tests.Tokens;

/// <summary>When a TokenRequest token stops authenticating: expiry (on the double's clock), a deleted ServiceAccount, a foreign audience.</summary>
public sealed class ServiceAccountTokenLifetimeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private KubeApiDouble _kube = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { TimeProvider = _clock, NamespaceFinalizeDelay = TimeSpan.Zero }, CancellationToken.None);
        _admin = _kube.CreateClient();
        await PostAsync("/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "lab" } });
        await PostAsync("/api/v1/namespaces/lab/serviceaccounts",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "robot", ["namespace"] = "lab" } });
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _kube.DisposeAsync();
    }

    private async Task<JsonObject> PostAsync(string url, JsonObject body)
    {
        using var response = await _admin.PostAsync(url, ConformanceTarget.Json(body));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<string> TokenAsync(long seconds = 600, params string[] audiences)
    {
        var spec = new JsonObject { ["expirationSeconds"] = seconds };
        if (audiences.Length > 0)
        {
            spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        }
        var issued = await PostAsync("/api/v1/namespaces/lab/serviceaccounts/robot/token",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec });
        return issued["status"]!["token"]!.GetValue<string>();
    }

    private async Task<HttpStatusCode> WhoAmIAsync(string token)
    {
        using var client = _kube.CreateClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", ConformanceTarget.Json(new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1", ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = "get", ["resource"] = "pods", ["namespace"] = "lab" } },
        }));
        return response.StatusCode;
    }

    [Fact]
    public async Task Token_BeforeAndAfterExpiry_AuthenticatesThen401()
    {
        var token = await TokenAsync(600);

        var fresh = await WhoAmIAsync(token);
        _clock.Advance(TimeSpan.FromSeconds(599));
        var lastSecond = await WhoAmIAsync(token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await WhoAmIAsync(token);

        (fresh, lastSecond, expired).ShouldBe((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Token_ServiceAccountDeletedAndRecreated_401()
    {
        var token = await TokenAsync();
        (await _admin.DeleteAsync("/api/v1/namespaces/lab/serviceaccounts/robot")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await PostAsync("/api/v1/namespaces/lab/serviceaccounts",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = "robot", ["namespace"] = "lab" } });

        (await WhoAmIAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await WhoAmIAsync(await TokenAsync())).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Token_ForAnotherAudience_NotAcceptedByTheApi()
    {
        var vault = await TokenAsync(600, "vault");
        var both = await TokenAsync(600, "vault", global::Nereid.KubeDouble.Auth.ServiceAccountTokens.ApiAudience);

        (await WhoAmIAsync(vault)).ShouldBe(HttpStatusCode.Unauthorized);
        (await WhoAmIAsync(both)).ShouldBe(HttpStatusCode.Created);
    }
}
