using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Controllers;

/// <summary>
/// The double's simplified Deployment controller (kube-controller-manager's, without pods or rollout pacing): ReplicaSets
/// owned by their Deployment, named and labelled by the pod-template-hash, following its replicas, gone with it.
/// </summary>
public sealed class DeploymentControllerTests
{
    private const string Body = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
        """;

    [Fact, Trait("Rule", "Deployment controller: a ReplicaSet per template, owned by the Deployment")]
    public async Task CreateDeployment_ReplicaSetAppearsWithOwnerReferenceAndHash()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        using var created = await http.PostAsync("/apis/apps/v1/namespaces/default/deployments", new StringContent(Body, Encoding.UTF8, "application/json"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var uid = (await created.Content.ReadFromJsonAsync<JsonObject>())!["metadata"]!["uid"]!.GetValue<string>();

        var rs = await OnlyReplicaSetAsync(http, r => r["spec"]!["replicas"]!.GetValue<int>() == 2);

        var owner = rs["metadata"]!["ownerReferences"]![0]!;
        owner["kind"]!.GetValue<string>().ShouldBe("Deployment");
        owner["name"]!.GetValue<string>().ShouldBe("web");
        owner["uid"]!.GetValue<string>().ShouldBe(uid);
        owner["controller"]!.GetValue<bool>().ShouldBeTrue();
        var hash = rs["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();
        rs["metadata"]!["name"]!.GetValue<string>().ShouldBe("web-" + hash);
        rs["spec"]!["selector"]!["matchLabels"]!["pod-template-hash"]!.GetValue<string>().ShouldBe(hash);
        rs["spec"]!["template"]!["metadata"]!["labels"]!["app"]!.GetValue<string>().ShouldBe("web");
    }

    [Fact, Trait("Rule", "Deployment controller: replicas follow; the ReplicaSet goes with its Deployment")]
    public async Task ScaleThenDelete_ReplicaSetFollowsAndIsDeleted()
    {
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        using var http = kube.CreateClient();
        (await http.PostAsync("/apis/apps/v1/namespaces/default/deployments", new StringContent(Body, Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await OnlyReplicaSetAsync(http, r => r["spec"]!["replicas"]!.GetValue<int>() == 2);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web")
        {
            Content = new StringContent("""{"spec":{"replicas":0}}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        (await http.SendAsync(patch)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await OnlyReplicaSetAsync(http, r => r["spec"]!["replicas"]!.GetValue<int>() == 0);

        (await http.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await WaitAsync(async () => (await ListAsync(http)).Count == 0);
    }

    [Fact, Trait("Rule", "Deployment controller: seeded Deployments get their ReplicaSet at start")]
    public async Task SeededDeployment_GetsReplicaSet()
    {
        var options = new KubeDoubleOptions();
        var seed = JsonNode.Parse(Body)!.AsObject();
        seed["metadata"]!["namespace"] = "default";
        options.SeedObjects.Add(seed);
        await using var kube = await KubeApiDouble.StartAsync(options, CancellationToken.None);
        using var http = kube.CreateClient();

        await OnlyReplicaSetAsync(http, r => r["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>() == "web");
    }

    private static async Task<JsonObject> OnlyReplicaSetAsync(HttpClient http, Func<JsonObject, bool> condition)
    {
        JsonObject? found = null;
        await WaitAsync(async () =>
        {
            var items = await ListAsync(http);
            found = items.Count == 1 && condition(items[0]) ? items[0] : null;
            return found is not null;
        });
        return found!;
    }

    private static async Task<List<JsonObject>> ListAsync(HttpClient http)
    {
        var list = await http.GetFromJsonAsync<JsonObject>("/apis/apps/v1/namespaces/default/replicasets");
        return [.. list!["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>Polls until true (the controller works in the background); fails after a minute.</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1), "the controller never converged");
            await Task.Delay(20);
        }
    }
}
