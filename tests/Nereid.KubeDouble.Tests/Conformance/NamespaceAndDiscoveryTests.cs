using System.Net;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.Conformance;

[Collection("conformance")]
public sealed class NamespaceAndDiscoveryTests(ConformanceTarget target)
{
    [Fact, Trait("Rule", "§7 namespace defaults")]
    public async Task CreateNamespace_Defaults_FinalizerPhaseAndNameLabel()
    {
        var ns = await target.NewNamespaceAsync();
        var (_, body) = await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}");
        body["spec"]!["finalizers"]![0]!.GetValue<string>().ShouldBe("kubernetes");
        body["status"]!["phase"]!.GetValue<string>().ShouldBe("Active");
        body["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>().ShouldBe(ns);
    }

    [Fact, Trait("Rule", "§7 namespace termination")]
    public async Task DeleteNamespace_Terminating_RejectsCreatesThenDisappearsWithContents()
    {
        var ns = await target.NewNamespaceAsync();
        await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "c"));
        var (status, body) = await target.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}");
        status.ShouldBe(HttpStatusCode.OK);
        body["status"]!["phase"]!.GetValue<string>().ShouldBe("Terminating");
        var (createStatus, forbidden) = await target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", ConformanceTarget.ConfigMap(ns, "late"));
        if (createStatus != HttpStatusCode.NotFound)
        {
            createStatus.ShouldBe(HttpStatusCode.Forbidden);
            forbidden["message"]!.GetValue<string>().ShouldContain($"unable to create new content in namespace {ns} because it is being terminated");
            forbidden["details"]!["causes"]![0]!["reason"]!.GetValue<string>().ShouldBe("NamespaceTerminating");
        }
        // Eventually gone: poll (no timing assertion beyond a generous bound).
        for (var i = 0; i < 300 && (await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}")).Status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
        }
        (await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "§16 discovery documents")]
    public async Task Discovery_CoreAndGroups_ListResourcesWithShortNames()
    {
        var (_, version) = await target.SendAsync(HttpMethod.Get, "/version");
        version["major"]!.GetValue<string>().ShouldBe("1");
        var (_, api) = await target.SendAsync(HttpMethod.Get, "/api");
        api["versions"]![0]!.GetValue<string>().ShouldBe("v1");
        var (_, groups) = await target.SendAsync(HttpMethod.Get, "/apis");
        groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ShouldContain("rbac.authorization.k8s.io");
        var (_, core) = await target.SendAsync(HttpMethod.Get, "/api/v1");
        var ns = core["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "namespaces")!;
        ns["namespaced"]!.GetValue<bool>().ShouldBeFalse();
        ns["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldContain("ns");
        core["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ShouldContain("namespaces/finalize");
    }

    [Fact, Trait("Rule", "§16 /openapi/v3 index and documents")]
    public async Task OpenApi_Index_PointsAtServedDocuments()
    {
        var (status, index) = await target.SendAsync(HttpMethod.Get, "/openapi/v3");
        status.ShouldBe(HttpStatusCode.OK);
        var url = index["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var (docStatus, doc) = await target.SendAsync(HttpMethod.Get, url);
        docStatus.ShouldBe(HttpStatusCode.OK);
        doc["openapi"]!.GetValue<string>().ShouldStartWith("3.");
    }

    [Fact, Trait("Rule", "§12 selfsubjectaccessreviews 201")]
    public async Task SelfSubjectAccessReview_Admin_AllowedAnd201()
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1", ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = "create", ["resource"] = "pods", ["namespace"] = "default" } },
        };
        var (status, body) = await target.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
        status.ShouldBe(HttpStatusCode.Created);
        body["status"]!["allowed"]!.GetValue<bool>().ShouldBeTrue();
    }
}
