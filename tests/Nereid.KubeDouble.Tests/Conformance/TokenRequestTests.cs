using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>The TokenRequest subresource of ServiceAccounts and the tokens it issues (in-cluster credentials, SEMANTICS.md §14).</summary>
[Collection("conformance")]
public sealed class TokenRequestTests(ConformanceTarget target)
{
    private static JsonObject ServiceAccount(string ns, string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } };

    private static JsonObject TokenRequest(long? seconds = null)
    {
        var spec = new JsonObject();
        if (seconds is { } s)
        {
            spec["expirationSeconds"] = s;
        }
        return new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
    }

    private HttpClient ClientWith(string token)
    {
        var client = target.IsDouble ? target.Double!.CreateClient(null) : throw new InvalidOperationException("double only");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact, Trait("Rule", "§14 service-account token (TokenRequest) 201")]
    public async Task CreateToken_ExistingServiceAccount_Returns201WithTokenAndExpiry()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", ServiceAccount(ns, "robot"));
        var before = DateTimeOffset.UtcNow;

        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/robot/token", TokenRequest(600));

        status.ShouldBe(HttpStatusCode.Created);
        body["kind"]!.GetValue<string>().ShouldBe("TokenRequest");
        body["apiVersion"]!.GetValue<string>().ShouldBe("authentication.k8s.io/v1");
        body["spec"]!["expirationSeconds"]!.GetValue<long>().ShouldBe(600);
        body["spec"]!["audiences"]!.AsArray().Count.ShouldBeGreaterThan(0);
        body["status"]!["token"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var expires = DateTimeOffset.Parse(body["status"]!["expirationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        expires.ShouldBeInRange(before.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));
    }

    [Fact, Trait("Rule", "§14 TokenRequest: missing ServiceAccount 404")]
    public async Task CreateToken_MissingServiceAccount_Returns404()
    {
        var ns = await target.NewNamespaceAsync();

        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/ghost/token", TokenRequest());

        status.ShouldBe(HttpStatusCode.NotFound);
        body["message"]!.GetValue<string>().ShouldBe("serviceaccounts \"ghost\" not found");
    }

    [Fact, Trait("Rule", "§14 TokenRequest: expirationSeconds below 10 minutes 422")]
    public async Task CreateToken_ShorterThanTenMinutes_Returns422Invalid()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", ServiceAccount(ns, "robot"));

        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/robot/token", TokenRequest(599));

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body["reason"]!.GetValue<string>().ShouldBe("Invalid");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("spec.expirationSeconds");
    }

    [Fact, Trait("Rule", "§14 bearer token authenticates as system:serviceaccount:<ns>:<name>; §3 Forbidden message")]
    public async Task Token_UsedAsBearer_AuthenticatesAsServiceAccountAndRbacAppliesToIt()
    {
        if (!target.IsDouble)
        {
            return;
        }
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", ServiceAccount(ns, "robot"));
        var (_, issued) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/robot/token", TokenRequest());
        using var robot = ClientWith(issued["status"]!["token"]!.GetValue<string>());

        var denied = await robot.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var deniedBody = JsonNode.Parse(await denied.Content.ReadAsStringAsync())!;
        await target.SendAsync(HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles", new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "Role", ["metadata"] = new JsonObject { ["name"] = "read-cm", ["namespace"] = ns },
            ["rules"] = new JsonArray(new JsonObject { ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("configmaps"), ["verbs"] = new JsonArray("list") }),
        });
        await target.SendAsync(HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings", new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "RoleBinding", ["metadata"] = new JsonObject { ["name"] = "robot-read", ["namespace"] = ns },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = "read-cm" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "robot", ["namespace"] = ns }),
        });
        var allowed = await robot.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var otherVerb = await robot.PostAsync($"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.Json(ConformanceTarget.ConfigMap(ns, "x")));

        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        deniedBody["message"]!.GetValue<string>().ShouldBe(
            $"configmaps is forbidden: User \"system:serviceaccount:{ns}:robot\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"{ns}\"");
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        otherVerb.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
