using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>
/// dryRun=All on every write verb (§2 verbs, with the apiserver's dry-run rule: the full request is processed and the
/// would-be object answered, but nothing is stored, no resourceVersion is used and no watch event is sent).
/// </summary>
[Collection("conformance")]
public sealed class DryRunTests(ConformanceTarget target)
{
    private const string Apply = "application/apply-patch+yaml";

    [Fact, Trait("Rule", "§2 dryRun=All create")]
    public async Task Create_DryRunAll_ReturnsWouldBeObjectAndStoresNothing()
    {
        var ns = await target.NewNamespaceAsync();
        var before = target.Double?.Store.Revision;
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConformanceTarget.ConfigMap(ns, "dry"));
        status.ShouldBe(HttpStatusCode.Created);
        body["metadata"]!["uid"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["metadata"]!["creationTimestamp"].ShouldNotBeNull();
        body["metadata"]!["managedFields"]!.AsArray().Count.ShouldBe(1);
        body["metadata"]!["resourceVersion"].ShouldBeNull();
        body["data"]!["k"]!.GetValue<string>().ShouldBe("v");
        var (getStatus, _) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/dry");
        getStatus.ShouldBe(HttpStatusCode.NotFound);
        target.Double?.Store.Revision.ShouldBe(before!.Value);
    }

    [Fact, Trait("Rule", "§2 dryRun=All create meets name clashes")]
    public async Task Create_DryRunExistingName_Returns409AlreadyExists()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "taken"));
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConformanceTarget.ConfigMap(ns, "taken"));
        status.ShouldBe(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().ShouldBe("AlreadyExists");
    }

    [Fact, Trait("Rule", "§2 dryRun=All create still validates")]
    public async Task Create_DryRunInvalidName_Returns422()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConformanceTarget.ConfigMap(ns, "Not_Valid"));
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body["reason"]!.GetValue<string>().ShouldBe("Invalid");
    }

    [Fact, Trait("Rule", "§2 dryRun=All update")]
    public async Task Update_DryRunAll_ReturnsChangedObjectKeepsStoredOne()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var changed = created.DeepClone().AsObject();
        changed["data"]!["k"] = "changed";
        var (status, body) = await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All", changed);
        status.ShouldBe(HttpStatusCode.OK);
        body["data"]!["k"]!.GetValue<string>().ShouldBe("changed");
        body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(rv);
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm");
        stored["data"]!["k"]!.GetValue<string>().ShouldBe("v");
        stored["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(rv);
    }

    [Fact, Trait("Rule", "§2 dryRun=All update keeps optimistic concurrency")]
    public async Task Update_DryRunStaleResourceVersion_Returns409Conflict()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var next = created.DeepClone().AsObject();
        next["data"]!["k"] = "v2";
        await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm", next);
        var stale = created.DeepClone().AsObject();
        stale["data"]!["k"] = "v3";
        var (status, body) = await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All", stale);
        status.ShouldBe(HttpStatusCode.Conflict);
        body["reason"]!.GetValue<string>().ShouldBe("Conflict");
    }

    [Fact, Trait("Rule", "§11 dryRun=All merge patch")]
    public async Task Patch_DryRunAll_ReturnsPatchedObjectKeepsStoredOne()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var patch = new JsonObject { ["data"] = new JsonObject { ["extra"] = "1" } };
        var (status, body) = await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All", patch, "application/merge-patch+json");
        status.ShouldBe(HttpStatusCode.OK);
        body["data"]!["extra"]!.GetValue<string>().ShouldBe("1");
        body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(created["metadata"]!["resourceVersion"]!.GetValue<string>());
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm");
        stored["data"]!.AsObject().ContainsKey("extra").ShouldBeFalse();
    }

    [Fact, Trait("Rule", "§11 dryRun=All server-side apply computes managedFields")]
    public async Task Apply_DryRunAll_ReturnsManagedFieldsStoresNothing()
    {
        var ns = await target.NewNamespaceAsync();
        var url = $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=one";
        var (_, first) = await target.SendTextAsync(HttpMethod.Patch, url, Cm(ns, "a", "  x: \"1\""), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=two&dryRun=All", Cm(ns, "a", "  y: \"2\""), Apply);
        status.ShouldBe(HttpStatusCode.OK);
        body["data"]!["y"]!.GetValue<string>().ShouldBe("2");
        var managers = body["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).Order().ToList();
        managers.ShouldBe(["one", "two"]);
        body["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(first["metadata"]!["resourceVersion"]!.GetValue<string>());
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/a");
        stored["data"]!.AsObject().ContainsKey("y").ShouldBeFalse();
        stored["metadata"]!["managedFields"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact, Trait("Rule", "§11 dryRun=All server-side apply conflicts")]
    public async Task Apply_DryRunOtherManagersField_Returns409Conflict()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=one", Cm(ns, "a", "  x: \"1\""), Apply);
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/a?fieldManager=two&dryRun=All", Cm(ns, "a", "  x: \"2\""), Apply);
        status.ShouldBe(HttpStatusCode.Conflict);
        body["message"]!.GetValue<string>().ShouldBe("Apply failed with 1 conflict: conflict with \"one\": .data.x");
    }

    [Fact, Trait("Rule", "§11 dryRun=All server-side apply of a new object")]
    public async Task Apply_DryRunMissingObject_Returns201StoresNothing()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendTextAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/new?fieldManager=one&dryRun=All", Cm(ns, "new", "  x: \"1\""), Apply);
        status.ShouldBe(HttpStatusCode.Created);
        body["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>().ShouldBe("one");
        var (getStatus, _) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/new");
        getStatus.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "§2 dryRun=All delete")]
    public async Task Delete_DryRunAll_ReturnsSuccessObjectStays()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var (status, body) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All");
        status.ShouldBe(HttpStatusCode.OK);
        body["kind"]!.GetValue<string>().ShouldBe("Status");
        body["status"]!.GetValue<string>().ShouldBe("Success");
        var (getStatus, _) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm");
        getStatus.ShouldBe(HttpStatusCode.OK);
    }

    [Fact, Trait("Rule", "§7 dryRun in DeleteOptions marks without storing")]
    public async Task Delete_DryRunInBodyWithFinalizer_ReturnsMarkedObjectStoredUnmarked()
    {
        var ns = await target.NewNamespaceAsync();
        var cm = ConformanceTarget.ConfigMap(ns, "held");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", cm);
        var options = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions", ["dryRun"] = new JsonArray("All") };
        var (status, body) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/held", options);
        status.ShouldBe(HttpStatusCode.OK);
        body["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/held");
        stored["metadata"]!["deletionTimestamp"].ShouldBeNull();
        var release = new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } };
        await target.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/held", release, "application/merge-patch+json");
    }

    [Fact, Trait("Rule", "§7 dryRun=All namespace delete stays Active")]
    public async Task Delete_DryRunNamespace_ReturnsTerminatingNamespaceStaysActive()
    {
        var ns = await target.NewNamespaceAsync();
        var (status, body) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}?dryRun=All");
        status.ShouldBe(HttpStatusCode.OK);
        body["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}");
        stored["status"]!["phase"]!.GetValue<string>().ShouldBe("Active");
        stored["metadata"]!["deletionTimestamp"].ShouldBeNull();
    }

    [Fact, Trait("Rule", "§2 dryRun=All deletecollection")]
    public async Task DeleteCollection_DryRunAll_ListsMatchesDeletesNone()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "a"));
        var (status, _) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All");
        status.ShouldBe(HttpStatusCode.OK);
        var (getStatus, _) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/a");
        getStatus.ShouldBe(HttpStatusCode.OK);
    }

    [Fact, Trait("Rule", "§10 dryRun=All sends no watch event")]
    public async Task Watch_DryRunWrites_SendNoEvents()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var watch = await WatchStream.OpenAsync(target.Client, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}");
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=All", ConformanceTarget.ConfigMap(ns, "dry"));
        var changed = created.DeepClone().AsObject();
        changed["data"]!["k"] = "changed";
        await target.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All", changed);
        await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/cm?dryRun=All");
        // A real write last: the first event must be it, so nothing came before.
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "marker"));
        var first = await watch.NextAsync();
        first["type"]!.GetValue<string>().ShouldBe("ADDED");
        first["object"]!["metadata"]!["name"]!.GetValue<string>().ShouldBe("marker");
    }

    [Theory, Trait("Rule", "§3 unknown dryRun value 422 Invalid")]
    [InlineData("POST", "", "CreateOptions")]
    [InlineData("PUT", "/cm", "UpdateOptions")]
    [InlineData("PATCH", "/cm", "PatchOptions")]
    [InlineData("DELETE", "/cm", "DeleteOptions")]
    public async Task Write_UnknownDryRunValue_Returns422AndChangesNothing(string method, string suffix, string optionsKind)
    {
        var ns = await target.NewNamespaceAsync();
        var (_, created) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "cm"));
        var body = method == "PATCH" ? new JsonObject { ["data"] = new JsonObject { ["k"] = "p" } }
            : method == "DELETE" ? null
            : ConformanceTarget.ConfigMap(ns, method == "POST" ? "other" : "cm");
        var (status, result) = await target.SendAsync(new HttpMethod(method), $"/api/v1/namespaces/{ns}/configmaps{suffix}?dryRun=Maybe", body,
            method == "PATCH" ? "application/merge-patch+json" : "application/json");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        result["reason"]!.GetValue<string>().ShouldBe("Invalid");
        result["message"]!.GetValue<string>().ShouldBe($"{optionsKind}.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{{\"Maybe\"}}: supported values: \"All\"");
        result["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("dryRun");
        var (_, stored) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm");
        stored["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(created["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private static string Cm(string ns, string name, string data) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
        data:
        {data}
        """;
}
