using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

[Collection("conformance")]
public sealed class CrudTests(ConformanceTarget target)
{
    [Fact, Trait("Rule", "§2 create 201, get 200")]
    public async Task Create_NewConfigMap_Returns201AndServerFields()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "one"));
        status.ShouldBe(HttpStatusCode.Created);
        body["metadata"]!["uid"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["metadata"]!["creationTimestamp"].ShouldNotBeNull();
        var (getStatus, got) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/one");
        getStatus.ShouldBe(HttpStatusCode.OK);
        got["data"]!["k"]!.GetValue<string>().ShouldBe("v");
    }

    [Fact, Trait("Rule", "§3 AlreadyExists 409")]
    public async Task Create_Duplicate_Returns409AlreadyExistsStatus()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "dup"));
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "dup"));
        status.ShouldBe(HttpStatusCode.Conflict);
        body["kind"]!.GetValue<string>().ShouldBe("Status");
        body["reason"]!.GetValue<string>().ShouldBe("AlreadyExists");
        body["message"]!.GetValue<string>().ShouldBe("configmaps \"dup\" already exists");
        body["details"]!["kind"]!.GetValue<string>().ShouldBe("configmaps");
        body["code"]!.GetValue<int>().ShouldBe(409);
    }

    [Fact, Trait("Rule", "§3 NotFound 404 grouped message")]
    public async Task Get_MissingRole_Returns404WithGroupedMessage()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendAsync(HttpMethod.Get, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles/x");
        status.ShouldBe(HttpStatusCode.NotFound);
        body["message"]!.GetValue<string>().ShouldBe("roles.rbac.authorization.k8s.io \"x\" not found");
        body["details"]!["group"]!.GetValue<string>().ShouldBe("rbac.authorization.k8s.io");
        body["details"]!["kind"]!.GetValue<string>().ShouldBe("roles");
    }

    [Fact, Trait("Rule", "§4 stale resourceVersion 409 Conflict")]
    public async Task Update_StaleResourceVersion_Returns409Conflict()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var first = created.DeepClone().AsObject();
        first["data"]!["k"] = "v2";
        var (okStatus, updated) = await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm", first);
        okStatus.ShouldBe(HttpStatusCode.OK);
        updated["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldNotBe(created["metadata"]!["resourceVersion"]!.GetValue<string>());
        var stale = created.DeepClone().AsObject();
        stale["data"]!["k"] = "v3";
        var (status, body) = await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm", stale);
        status.ShouldBe(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().ShouldBe("Conflict");
        body["message"]!.GetValue<string>().ShouldBe("Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact, Trait("Rule", "§2 body name mismatch 400")]
    public async Task Update_NameMismatch_Returns400BadRequest()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "a"));
        var (status, body) = await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/a", ConformanceTarget.ConfigMap(ns, "b"));
        status.ShouldBe(HttpStatusCode.BadRequest);
        body["reason"]!.GetValue<string>().ShouldBe("BadRequest");
    }

    [Fact, Trait("Rule", "§5 generateName")]
    public async Task Create_GenerateName_AppendsFiveCharacters()
    {
        var ns = await target.NewNamespaceAsync();
        var cm = ConformanceTarget.ConfigMap(ns, "");
        cm["metadata"]!.AsObject().Remove("name");
        cm["metadata"]!["generateName"] = "gen-";
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", cm);
        status.ShouldBe(HttpStatusCode.Created);
        var name = body["metadata"]!["name"]!.GetValue<string>();
        name.ShouldStartWith("gen-");
        name.Length.ShouldBe(9);
        name[4..].ShouldAllBe(c => "bcdfghjklmnpqrstvwxz2456789".Contains(c));
    }

    [Fact, Trait("Rule", "§6 namespace name RFC 1123 label → 422")]
    public async Task Create_InvalidNamespaceName_Returns422WithCause()
    {
        var (status, body) = await target.SendAsync(HttpMethod.Post, "/api/v1/namespaces",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "Bad_Name" } });
        status.ShouldBe((HttpStatusCode)422);
        body["reason"]!.GetValue<string>().ShouldBe("Invalid");
        body["details"]!["kind"]!.GetValue<string>().ShouldBe("Namespace");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("metadata.name");
        body["details"]!["causes"]![0]!["reason"]!.GetValue<string>().ShouldBe("FieldValueInvalid");
        body["message"]!.GetValue<string>().ShouldStartWith("Namespace \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"");
    }

    [Fact, Trait("Rule", "§7 create in missing namespace → 404")]
    public async Task Create_InMissingNamespace_Returns404Namespace()
    {
        var (status, body) = await target.SendAsync(HttpMethod.Post, "/api/v1/namespaces/does-not-exist-x/configmaps", ConformanceTarget.ConfigMap("does-not-exist-x", "a"));
        status.ShouldBe(HttpStatusCode.NotFound);
        body["message"]!.GetValue<string>().ShouldBe("namespaces \"does-not-exist-x\" not found");
    }

    [Fact, Trait("Rule", "§2 delete returns Status Success")]
    public async Task Delete_ConfigMap_ReturnsSuccessStatusThenGone()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "d"));
        var (status, body) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/d");
        status.ShouldBe(HttpStatusCode.OK);
        body["kind"]!.GetValue<string>().ShouldBe("Status");
        body["status"]!.GetValue<string>().ShouldBe("Success");
        body["details"]!["name"]!.GetValue<string>().ShouldBe("d");
        (await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/d")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "§7 finalizers keep the object")]
    public async Task Delete_WithFinalizer_KeepsObjectUntilFinalizerRemoved()
    {
        var ns = await target.NewNamespaceAsync();
        var cm = ConformanceTarget.ConfigMap(ns, "f");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/keep");
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", cm);
        var (status, deleted) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/f");
        status.ShouldBe(HttpStatusCode.OK);
        deleted["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        var (getStatus, still) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/f");
        getStatus.ShouldBe(HttpStatusCode.OK);
        still["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        var (patchStatus, _) = await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/f",
            new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, "application/merge-patch+json");
        patchStatus.ShouldBe(HttpStatusCode.OK);
        (await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/f")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "§11 json-patch and strategic merge")]
    public async Task Patch_JsonPatchAndStrategicMerge_Apply()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "p"));
        var ops = JsonNode.Parse("""[{"op":"add","path":"/data/x","value":"1"},{"op":"remove","path":"/data/k"}]""")!;
        var (s1, b1) = await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/p", ops, "application/json-patch+json");
        s1.ShouldBe(HttpStatusCode.OK, b1.ToJsonString());
        b1["data"]!.AsObject().Select(kv => kv.Key).ShouldBe(["x"]);
        var smp = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["a"] = "b" } } };
        var (s2, b2) = await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/p", smp, "application/strategic-merge-patch+json");
        s2.ShouldBe(HttpStatusCode.OK);
        b2["metadata"]!["labels"]!["a"]!.GetValue<string>().ShouldBe("b");
        var (s3, _) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/p", "{}", "text/plain");
        s3.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact, Trait("Rule", "§3 Unauthorized 401")]
    public async Task Get_WithoutToken_Returns401Status()
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = target.Client.BaseAddress };
        var response = await anonymous.GetAsync("/api/v1/namespaces");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["reason"]!.GetValue<string>().ShouldBe("Unauthorized");
    }

    [Fact, Trait("Rule", "§4 generation increments on spec change")]
    public async Task Patch_DeploymentReplicas_BumpsGeneration()
    {
        var ns = await target.NewNamespaceAsync();
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """)!;
        deployment["metadata"]!["namespace"] = ns;
        var (created, body) = await target.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", deployment);
        created.ShouldBe(HttpStatusCode.Created);
        body["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        var (status, patched) = await target.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web",
            JsonNode.Parse("""{"spec":{"replicas":0}}"""), "application/merge-patch+json");
        status.ShouldBe(HttpStatusCode.OK);
        patched["spec"]!["replicas"]!.GetValue<int>().ShouldBe(0);
        patched["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
    }
}
