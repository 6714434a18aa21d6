using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Admission;

/// <summary>
/// The double calls registered MutatingWebhookConfigurations on create as kube-apiserver's MutatingAdmissionWebhook
/// plugin does. SEMANTICS.md has no section on admission webhooks yet; the rules cited are from
/// https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/ ([ADM]).
/// </summary>
public sealed class MutatingWebhookTests
{
    private const string StampPatch = """[{"op":"add","path":"/metadata/annotations","value":{"example.org/stamped":"yes"}}]""";

    [Fact, Trait("Rule", "[ADM] request userInfo is the authenticated (impersonated) user; JSONPatch response applied")]
    public async Task Create_MatchingWebhook_SendsImpersonatedUserAndAppliesPatch()
    {
        await using var hook = await TestWebhook.StartAsync();
        hook.Answer = _ => TestWebhook.Patch(StampPatch);
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        await RegisterAsync(http, Webhook(hook, "Fail"));
        await CreateNamespaceAsync(http, "team", managed: true);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/team/pods") { Content = PodBody("p1") };
        request.Headers.Add("Impersonate-User", "alice");
        request.Headers.Add("Impersonate-Group", "system:masters");
        using var created = await http.SendAsync(request);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var review = hook.Reviews.ShouldHaveSingleItem();
        review["apiVersion"]!.GetValue<string>().ShouldBe("admission.k8s.io/v1");
        var req = review["request"]!;
        req["operation"]!.GetValue<string>().ShouldBe("CREATE");
        req["namespace"]!.GetValue<string>().ShouldBe("team");
        req["resource"]!["resource"]!.GetValue<string>().ShouldBe("pods");
        req["userInfo"]!["username"]!.GetValue<string>().ShouldBe("alice");
        req["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()).ShouldContain("system:masters");
        req["object"]!["metadata"]!["name"]!.GetValue<string>().ShouldBe("p1");
        var stored = await http.GetFromJsonAsync<JsonObject>("/api/v1/namespaces/team/pods/p1");
        stored!["metadata"]!["annotations"]!["example.org/stamped"]!.GetValue<string>().ShouldBe("yes");
    }

    [Fact, Trait("Rule", "[ADM] namespaceSelector and rules decide which requests are sent")]
    public async Task Create_OutsideSelectorOrRules_WebhookNotCalled()
    {
        await using var hook = await TestWebhook.StartAsync();
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        await RegisterAsync(http, Webhook(hook, "Fail"));
        await CreateNamespaceAsync(http, "other", managed: false);
        await CreateNamespaceAsync(http, "team", managed: true);

        (await http.PostAsync("/api/v1/namespaces/other/pods", PodBody("p1"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await http.PostAsync("/api/v1/namespaces/team/configmaps", Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"""))).StatusCode.ShouldBe(HttpStatusCode.Created);

        hook.Reviews.ShouldBeEmpty();
    }

    [Theory, Trait("Rule", "[ADM] failurePolicy: Ignore admits unchanged, Fail refuses with 500 when the call fails")]
    [InlineData("Ignore", HttpStatusCode.Created)]
    [InlineData("Fail", HttpStatusCode.InternalServerError)]
    public async Task Create_WebhookTimesOut_FollowsFailurePolicy(string policy, HttpStatusCode expected)
    {
        await using var hook = await TestWebhook.StartAsync();
        hook.Delay = TimeSpan.FromSeconds(30);
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        await RegisterAsync(http, Webhook(hook, policy, timeoutSeconds: 1));
        await CreateNamespaceAsync(http, "team", managed: true);

        using var created = await http.PostAsync("/api/v1/namespaces/team/pods", PodBody("p1"));

        created.StatusCode.ShouldBe(expected);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        if (expected == HttpStatusCode.Created)
        {
            body["metadata"]!["annotations"].ShouldBeNull();
        }
        else
        {
            body["reason"]!.GetValue<string>().ShouldBe("InternalError");
            body["message"]!.GetValue<string>().ShouldContain("failed calling webhook \"stamp.example.org\"");
            (await http.GetAsync("/api/v1/namespaces/team/pods/p1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
    }

    [Fact, Trait("Rule", "[ADM] the webhook's certificate must chain to caBundle")]
    public async Task Create_CertificateNotFromCaBundle_CallFails()
    {
        await using var hook = await TestWebhook.StartAsync();
        await using var other = await TestWebhook.StartAsync();
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        var webhook = Webhook(hook, "Fail");
        webhook["webhooks"]![0]!["clientConfig"]!["caBundle"] = other.CaBundle;
        await RegisterAsync(http, webhook);
        await CreateNamespaceAsync(http, "team", managed: true);

        using var created = await http.PostAsync("/api/v1/namespaces/team/pods", PodBody("p1"));

        created.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        hook.Reviews.ShouldBeEmpty();
    }

    [Fact, Trait("Rule", "[ADM] allowed: false refuses the request with the webhook's status and message")]
    public async Task Create_WebhookDenies_RefusedWithItsMessage()
    {
        await using var hook = await TestWebhook.StartAsync();
        hook.Answer = _ => new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "no pods today" } };
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        await RegisterAsync(http, Webhook(hook, "Ignore"));
        await CreateNamespaceAsync(http, "team", managed: true);

        using var created = await http.PostAsync("/api/v1/namespaces/team/pods", PodBody("p1"));

        created.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        body["message"]!.GetValue<string>().ShouldBe("admission webhook \"stamp.example.org\" denied the request: no pods today");
    }

    internal static JsonObject Webhook(TestWebhook hook, string failurePolicy, int timeoutSeconds = 10) => JsonNode.Parse($$$"""
        {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"stamp"},
         "webhooks":[{"name":"stamp.example.org","admissionReviewVersions":["v1"],"sideEffects":"None","timeoutSeconds":{{{timeoutSeconds}}},
           "failurePolicy":"{{{failurePolicy}}}","clientConfig":{"url":"{{{hook.Url}}}","caBundle":"{{{hook.CaBundle}}}"},
           "namespaceSelector":{"matchLabels":{"app.kubernetes.io/managed-by":"nereid"}},
           "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}
        """)!.AsObject();

    private static async Task RegisterAsync(HttpClient http, JsonObject configuration)
    {
        using var response = await http.PostAsync("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", Json(configuration.ToJsonString()));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task CreateNamespaceAsync(HttpClient http, string name, bool managed)
    {
        var labels = managed ? """{"app.kubernetes.io/managed-by":"nereid"}""" : "{}";
        using var response = await http.PostAsync("/api/v1/namespaces", Json($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}","labels":{{{labels}}}}}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static StringContent PodBody(string name) =>
        Json($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
