using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

[Collection("conformance")]
public sealed class ApplyTests(ConformanceTarget target)
{
    private const string Apply = "application/apply-patch+yaml";

    private static string Cm(string ns, string name, string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
        {data}
        """;

    [Fact, Trait("Rule", "§11 apply creates (201) and records managedFields")]
    public async Task Apply_MissingObject_Creates201WithManagedFields()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=nereid", Cm(ns, "a", "  x: \"1\""), Apply);
        status.ShouldBe(HttpStatusCode.Created);
        var entry = body["metadata"]!["managedFields"]![0]!;
        entry["manager"]!.GetValue<string>().ShouldBe("nereid");
        entry["operation"]!.GetValue<string>().ShouldBe("Apply");
        entry["fieldsV1"]!["f:data"]!["f:x"].ShouldNotBeNull();
    }

    [Fact, Trait("Rule", "§11 no-op apply keeps resourceVersion")]
    public async Task Apply_SameConfigTwice_DoesNotChangeResourceVersion()
    {
        var ns = await target.NewNamespaceAsync();
        var url = $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=nereid";
        var (_, first) = await target.SendTextAsync(HttpMethod.Patch, url, Cm(ns, "a", "  x: \"1\""), Apply);
        var (status, second) = await target.SendTextAsync(HttpMethod.Patch, url, Cm(ns, "a", "  x: \"1\""), Apply);
        status.ShouldBe(HttpStatusCode.OK);
        second["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(first["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact, Trait("Rule", "§11 conflicts 409 and force")]
    public async Task Apply_FieldOwnedByOtherManager_ConflictsUnlessForced()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=one", Cm(ns, "a", "  x: \"1\""), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=two", Cm(ns, "a", "  x: \"2\""), Apply);
        status.ShouldBe(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().ShouldBe("Conflict");
        body["message"]!.GetValue<string>().ShouldBe("Apply failed with 1 conflict: conflict with \"one\": .data.x");
        body["details"]!["causes"]![0]!["reason"]!.GetValue<string>().ShouldBe("FieldManagerConflict");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe(".data.x");
        var (forced, result) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=two&force=true", Cm(ns, "a", "  x: \"2\""), Apply);
        forced.ShouldBe(HttpStatusCode.OK);
        result["data"]!["x"]!.GetValue<string>().ShouldBe("2");
        var managers = result["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).ToList();
        managers.ShouldBe(["two"]);
    }

    [Fact, Trait("Rule", "§11 same value is shared, not a conflict")]
    public async Task Apply_SameValueByTwoManagers_SharesOwnership()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=one", Cm(ns, "a", "  x: \"1\""), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=two", Cm(ns, "a", "  x: \"1\""), Apply);
        status.ShouldBe(HttpStatusCode.OK);
        body["metadata"]!["managedFields"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact, Trait("Rule", "§11 fields no longer applied are removed")]
    public async Task Apply_DroppedField_IsRemoved()
    {
        var ns = await target.NewNamespaceAsync();
        var url = $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=nereid";
        await target.SendTextAsync(HttpMethod.Patch, url, Cm(ns, "a", "  x: \"1\"\n  y: \"2\""), Apply);
        var (_, body) = await target.SendTextAsync(HttpMethod.Patch, url, Cm(ns, "a", "  x: \"1\""), Apply);
        body["data"]!.AsObject().ContainsKey("y").ShouldBeFalse();
        body["data"]!["x"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact, Trait("Rule", "§11 fieldManager required → 422 PatchOptions")]
    public async Task Apply_WithoutFieldManager_Returns422()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a", Cm(ns, "a", "  x: \"1\""), Apply);
        status.ShouldBe((HttpStatusCode)422);
        body["details"]!["kind"]!.GetValue<string>().ShouldBe("PatchOptions");
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("fieldManager");
    }

    [Fact, Trait("Rule", "§11 atomic lists (rbac subjects) owned whole")]
    public async Task Apply_RoleBindingSubjects_ReplacedAsAtomicList()
    {
        var ns = await target.NewNamespaceAsync();
        string Rb(string user) => $$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"{{ns}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"{{user}}"}]}
            """;
        var url = $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings/rb?fieldManager=nereid";
        await target.SendTextAsync(HttpMethod.Patch, url, Rb("alice"), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, url, Rb("bob"), Apply);
        status.ShouldBe(HttpStatusCode.OK);
        body["subjects"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldBe(["bob"]);
        body["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:subjects"]!.AsObject().Count.ShouldBe(0);
    }

    private static string Sa(string ns, string list, string name) => $$"""
        {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa","namespace":"{{ns}}"},"{{list}}":[{"name":"{{name}}"}]}
        """;

    [Fact, Trait("Rule", "§11 list semantics come from the schema: a list without x-kubernetes-list-type is atomic")]
    public async Task Apply_ServiceAccountImagePullSecretsByTwoManagers_ConflictsAsOneAtomicField()
    {
        // ServiceAccount.imagePullSecrets carries no list type in the OpenAPI schema (unlike PodSpec's, a map by name).
        var ns = await target.NewNamespaceAsync();
        var url = $"/api/v1/namespaces/{ns}/serviceaccounts/sa?fieldManager=";
        await target.SendTextAsync(HttpMethod.Patch, url + "one", Sa(ns, "imagePullSecrets", "a"), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, url + "two", Sa(ns, "imagePullSecrets", "b"), Apply);
        status.ShouldBe(HttpStatusCode.Conflict);
        body["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe(".imagePullSecrets");
    }

    [Fact, Trait("Rule", "§11 list semantics come from the schema: x-kubernetes-list-type map merges elements by key")]
    public async Task Apply_ServiceAccountSecretsByTwoManagers_KeepsBothElements()
    {
        // ServiceAccount.secrets is list-type map keyed by name: each manager owns its own element.
        var ns = await target.NewNamespaceAsync();
        var url = $"/api/v1/namespaces/{ns}/serviceaccounts/sa?fieldManager=";
        await target.SendTextAsync(HttpMethod.Patch, url + "one", Sa(ns, "secrets", "s1"), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, url + "two", Sa(ns, "secrets", "s2"), Apply);
        status.ShouldBe(HttpStatusCode.OK);
        body["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Order().ShouldBe(["s1", "s2"]);
        var two = body["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "two");
        two!["fieldsV1"]!["f:secrets"]!["k:{\"name\":\"s2\"}"].ShouldNotBeNull();
    }
}
