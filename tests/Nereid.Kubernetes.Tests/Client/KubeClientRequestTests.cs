using System.Net;
using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

public class KubeClientRequestTests
{
    private static FakeHandler Ok(string json = """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p1","namespace":"ns1"}}""") =>
        new(_ => FakeHandler.Json(HttpStatusCode.OK, json));

    [Fact]
    public async Task GetAsync_CoreNamespaced_UsesApiV1NamespacePath()
    {
        var handler = Ok();
        using var client = TestClients.Create(handler);

        var pod = await client.GetAsync<Pod>("ns1", "p1");

        pod!.Metadata.Name.ShouldBe("p1");
        var seen = handler.Requests.Single();
        seen.Method.ShouldBe(HttpMethod.Get);
        seen.PathAndQuery.ShouldBe("/api/v1/namespaces/ns1/pods/p1");
        seen.UserAgent.ShouldStartWith("nereid/");
    }

    [Fact]
    public async Task GetAsync_NotFound_ReturnsNull()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.NotFound, Fixture.Read("status-404-notfound.json")));
        using var client = TestClients.Create(handler);

        (await client.GetAsync<Pod>("ns1", "grafana")).ShouldBeNull();
        handler.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(typeof(Namespace), null, "/api/v1/namespaces/team-a")]
    [InlineData(typeof(Node), null, "/api/v1/nodes/team-a")]
    [InlineData(typeof(RoleBinding), "ns", "/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/team-a")]
    [InlineData(typeof(ClusterRole), null, "/apis/rbac.authorization.k8s.io/v1/clusterroles/team-a")]
    [InlineData(typeof(NetworkPolicy), "ns", "/apis/networking.k8s.io/v1/namespaces/ns/networkpolicies/team-a")]
    [InlineData(typeof(Lease), "kube-system", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/team-a")]
    [InlineData(typeof(Deployment), "ns", "/apis/apps/v1/namespaces/ns/deployments/team-a")]
    [InlineData(typeof(Job), "ns", "/apis/batch/v1/namespaces/ns/jobs/team-a")]
    [InlineData(typeof(StorageClass), null, "/apis/storage.k8s.io/v1/storageclasses/team-a")]
    public void ItemPath_RegisteredKinds_MatchApiLayout(Type kind, string? ns, string expected)
    {
        ResourceType.Of(kind).ItemPath(ns, "team-a").ShouldBe(expected);
    }

    [Fact]
    public async Task NamespacedKind_WithoutNamespace_ThrowsBeforeSending()
    {
        var handler = Ok();
        using var client = TestClients.Create(handler);

        Should.Throw<ArgumentException>(() => ResourceType.Of<Pod>().ItemPath(null, "p"));
        await Should.ThrowAsync<ArgumentException>(() => client.CreateAsync(new Pod { Metadata = new ObjectMeta { Name = "p" } }));
        handler.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ListAsync_GroupedWithSelectorsAndPaging_EncodesQuery()
    {
        var handler = Ok("""{"kind":"RoleBindingList","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"resourceVersion":"42","continue":"next"},"items":[{"metadata":{"name":"rb"}}]}""");
        using var client = TestClients.Create(handler);

        var list = await client.ListAsync<RoleBinding>("team-a", new ListOptions
        {
            LabelSelector = "app=web,tier!=db",
            FieldSelector = "metadata.name=rb",
            Limit = 10,
            Continue = "tok/1",
        });

        list.Metadata.ResourceVersion.ShouldBe("42");
        list.Metadata.Continue.ShouldBe("next");
        list.Items.Single().Metadata.Name.ShouldBe("rb");
        handler.Requests.Single().PathAndQuery.ShouldBe(
            "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings?labelSelector=app%3Dweb%2Ctier%21%3Ddb&fieldSelector=metadata.name%3Drb&limit=10&continue=tok%2F1");
    }

    [Fact]
    public async Task ListAsync_AllNamespacesAndClusterScoped_UseCollectionRoot()
    {
        var handler = Ok("""{"metadata":{},"items":[]}""");
        using var client = TestClients.Create(handler);

        (await client.ListAsync<Pod>(null)).Items.ShouldBeEmpty();
        await client.ListAsync<Node>(null, new ListOptions { ResourceVersion = "0" });

        handler.Requests.Select(r => r.PathAndQuery).ShouldBe(["/api/v1/pods", "/api/v1/nodes?resourceVersion=0"]);
    }

    [Fact]
    public async Task ListAllAsync_ManyPages_FollowsContinueAndKeepsFirstVersion()
    {
        var handler = new FakeHandler(r =>
        {
            var query = r.Uri.Query;
            var (cont, rv, name) = query.Contains("continue=c2") ? ("", "99", "c") : query.Contains("continue=c1") ? ("c2", "98", "b") : ("c1", "7", "a");
            return FakeHandler.Json(HttpStatusCode.OK, $$$"""{"metadata":{"resourceVersion":"{{{rv}}}","continue":"{{{cont}}}"},"items":[{"metadata":{"name":"{{{name}}}"}}]}""");
        });
        using var client = TestClients.Create(handler);

        var all = await client.ListAllAsync<Namespace>(null, new ListOptions { LabelSelector = "x=y" });

        all.Items.Select(i => i.Metadata.Name).ShouldBe(["a", "b", "c"]);
        all.Metadata.ResourceVersion.ShouldBe("7");
        handler.Requests.Select(r => r.PathAndQuery).ShouldBe([
            "/api/v1/namespaces?labelSelector=x%3Dy&limit=500",
            "/api/v1/namespaces?labelSelector=x%3Dy&limit=500&continue=c1",
            "/api/v1/namespaces?labelSelector=x%3Dy&limit=500&continue=c2",
        ]);
    }

    [Fact]
    public async Task ApplyAsync_Object_SendsApplyPatchWithFieldManagerForceAndStrict()
    {
        var handler = Ok("""{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"quota","namespace":"team-a","resourceVersion":"5"}}""");
        using var client = TestClients.Create(handler);
        var quota = new ResourceQuota
        {
            Metadata = new ObjectMeta { Name = "quota", Namespace = "team-a", Labels = new() { ["nereid.io/managed"] = "true" } },
            Spec = new ResourceQuotaSpec { Hard = new() { ["requests.nvidia.com/gpu"] = "4", ["limits.memory"] = "64Gi" } },
        };

        var stored = await client.ApplyAsync(quota, "nereid");

        stored.Metadata.ResourceVersion.ShouldBe("5");
        var seen = handler.Requests.Single();
        seen.Method.ShouldBe(HttpMethod.Patch);
        seen.ContentType.ShouldBe("application/apply-patch+yaml");
        seen.PathAndQuery.ShouldBe("/api/v1/namespaces/team-a/resourcequotas/quota?fieldManager=nereid&fieldValidation=Strict&force=true");
        seen.Body.ShouldBe("""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"quota","namespace":"team-a","labels":{"nereid.io/managed":"true"}},"spec":{"hard":{"requests.nvidia.com/gpu":"4","limits.memory":"64Gi"}}}""");
    }

    [Fact]
    public async Task ApplyAsync_PreSerializedJson_SendsTheBytesAsGivenAndReadsTheStoredObject()
    {
        var handler = Ok("""{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb","namespace":"team-a","resourceVersion":"9"}}""");
        using var client = TestClients.Create(handler);
        const string body = """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"team-a"}}""";

        var stored = await client.ApplyAsync<RoleBinding>(ResourceType.Of<RoleBinding>(), "team-a", "rb", System.Text.Encoding.UTF8.GetBytes(body),
            new ApplyOptions("nereid", Force: true));

        stored.Metadata.ResourceVersion.ShouldBe("9");
        var seen = handler.Requests.Single();
        seen.Method.ShouldBe(HttpMethod.Patch);
        seen.ContentType.ShouldBe("application/apply-patch+yaml");
        seen.PathAndQuery.ShouldBe("/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings/rb?fieldManager=nereid&fieldValidation=Strict&force=true");
        seen.Body.ShouldBe(body);
    }

    [Fact]
    public async Task ApplyAsync_DryRun_SendsDryRunAll()
    {
        var handler = Ok("""{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","resourceVersion":"5"}}""");
        using var client = TestClients.Create(handler);
        var ns = new Namespace { Metadata = new ObjectMeta { Name = "team-a" } };

        await client.ApplyAsync(ResourceType.Of<Namespace>(), ns, new ApplyOptions("nereid", DryRun: true));

        handler.Requests.Single().PathAndQuery.ShouldBe("/api/v1/namespaces/team-a?fieldManager=nereid&fieldValidation=Strict&force=true&dryRun=All");
    }

    [Fact]
    public async Task ApplyAsync_ObjectReadBack_DropsManagedFields()
    {
        var handler = Ok("""{"metadata":{"name":"a"}}""");
        using var client = TestClients.Create(handler);
        var read = JsonSerializer.Deserialize("""{"metadata":{"name":"a","managedFields":[{"manager":"x"}]}}""", KubeJson.TypeInfo<Namespace>())!;

        await client.ApplyAsync(read, "nereid");

        handler.Requests.Single().Body.ShouldBe("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}""");
        read.Metadata.ManagedFields.ShouldNotBeNull();
    }

    [Fact]
    public async Task UpdateAndPatch_Object_SendPutWithVersionAndMergePatch()
    {
        var handler = Ok("""{"metadata":{"name":"team-a"}}""");
        using var client = TestClients.Create(handler);

        await client.UpdateAsync(new Namespace { Metadata = new ObjectMeta { Name = "team-a", ResourceVersion = "12" } });
        await client.PatchAsync<Namespace>(null, "team-a", """{"metadata":{"labels":{"a":null}}}""");

        var seen = handler.Requests.ToArray();
        seen[0].Method.ShouldBe(HttpMethod.Put);
        seen[0].PathAndQuery.ShouldBe("/api/v1/namespaces/team-a");
        JsonDocument.Parse(seen[0].Body!).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString().ShouldBe("12");
        seen[1].Method.ShouldBe(HttpMethod.Patch);
        seen[1].ContentType.ShouldBe("application/merge-patch+json");
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(202, true)]
    [InlineData(404, false)]
    public async Task DeleteAsync_StatusCode_ReportsWhetherItExisted(int code, bool expected)
    {
        var handler = new FakeHandler(_ => code == 404
            ? FakeHandler.Status(404, "NotFound")
            : FakeHandler.Json((HttpStatusCode)code, """{"kind":"Status","status":"Success"}"""));
        using var client = TestClients.Create(handler);

        var existed = await client.DeleteAsync<Deployment>("ns", "web", new DeleteOptions { PropagationPolicy = "Foreground", PreconditionResourceVersion = "3" });

        existed.ShouldBe(expected);
        var seen = handler.Requests.Single();
        seen.Method.ShouldBe(HttpMethod.Delete);
        seen.Body.ShouldBe("""{"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Foreground","preconditions":{"resourceVersion":"3"}}""");
    }

    [Fact]
    public async Task CreateAsync_SelfSubjectAccessReview_PostsAndReadsAnswer()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Created,
            """{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{},"status":{"allowed":true,"reason":"RBAC"}}"""));
        using var client = TestClients.Create(handler);

        var review = await client.CreateAsync(new SelfSubjectAccessReview
        {
            Spec = new SubjectAccessReviewSpec { ResourceAttributes = new ResourceAttributes { Namespace = "a", Verb = "list", Resource = "pods" } },
        });

        review.Status!.Allowed.ShouldBeTrue();
        (await client.CanIAsync(new ResourceAttributes { Verb = "create", Resource = "namespaces" })).ShouldBeTrue();
        var seen = handler.Requests.First();
        handler.Count.ShouldBe(2);
        seen.Method.ShouldBe(HttpMethod.Post);
        seen.PathAndQuery.ShouldBe("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
        seen.Body.ShouldBe("""{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{},"spec":{"resourceAttributes":{"namespace":"a","verb":"list","resource":"pods"}}}""");
    }
}
