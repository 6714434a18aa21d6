using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Nereid.KubeDouble.Tests.CustomResources;

/// <summary>
/// Custom resources served from CustomResourceDefinitions: the SEMANTICS.md rules of built-ins (§1 URLs, §2 verbs,
/// §3 errors, §11 apply, §16 discovery) hold for them, validated by the definition's structural schema.
/// </summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private const string Apply = "application/apply-patch+yaml";
    private const string UsersUrl = "/apis/ceph.rook.io/v1/namespaces/rook-ceph/cephobjectstoreusers";
    private KubeApiDouble _kube = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { CustomResourceDefinitions = [RookExamples.Folder] }, CancellationToken.None);
        _client = _kube.CreateClient();
        (await SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"rook-ceph"}}""")).Status.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _kube.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, string? Warning)> SendAsync(HttpMethod method, string url, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, new MediaTypeHeaderValue(contentType));
        }
        using var response = await _client.SendAsync(request);
        var warning = response.Headers.TryGetValues("Warning", out var values) ? string.Join("\n", values) : null;
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), warning);
    }

    [Fact, Trait("Rule", "§16 discovery lists custom resources with their names and subresources")]
    public async Task Discovery_PreloadedRookDefinitions_ListedLikeBuiltIns()
    {
        var (status, list, _) = await SendAsync(HttpMethod.Get, "/apis/ceph.rook.io/v1");
        status.ShouldBe(HttpStatusCode.OK);
        var users = list["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "cephobjectstoreusers")!;
        users["kind"]!.GetValue<string>().ShouldBe("CephObjectStoreUser");
        users["namespaced"]!.GetValue<bool>().ShouldBeTrue();
        users["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["rcou", "objectuser", "cephosu"]);
        list["resources"]!.AsArray().ShouldContain(r => r!["name"]!.GetValue<string>() == "cephobjectstoreusers/status");
        var (_, groups, _) = await SendAsync(HttpMethod.Get, "/apis");
        groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ShouldContain("objectbucket.io");
        var (_, crd, _) = await SendAsync(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/cephobjectstoreusers.ceph.rook.io");
        crd["status"]!["conditions"]!.AsArray().ShouldContain(c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "True");
    }

    [Fact, Trait("Rule", "§11 apply creates a custom resource (201), generation 1, managedFields")]
    public async Task Apply_RookObjectUserExample_Created()
    {
        var (status, user, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user?fieldManager=kubectl&fieldValidation=Strict", RookExamples.ObjectUser, Apply);
        status.ShouldBe(HttpStatusCode.Created, user.ToJsonString());
        user["metadata"]!["generation"]!.GetValue<long>().ShouldBe(1);
        user["spec"]!["quotas"]!["maxSize"]!.GetValue<string>().ShouldBe("10G");
        user["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>().ShouldBe("kubectl");
        var (again, same, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user?fieldManager=kubectl", RookExamples.ObjectUser, Apply);
        again.ShouldBe(HttpStatusCode.OK);
        same["metadata"]!["resourceVersion"]!.GetValue<string>().ShouldBe(user["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact, Trait("Rule", "§3 apply of an undeclared field: 500, no reason, structured-merge-diff message")]
    public async Task Apply_UnknownField_RejectedAsTypedPatchFailure()
    {
        var body = RookExamples.ObjectUser.Replace("  store: my-store", "  store: my-store\n  storeClass: fast", StringComparison.Ordinal);
        var (status, error, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user?fieldManager=kubectl&fieldValidation=Strict", body, Apply);
        ((int)status).ShouldBe(500);
        error.ContainsKey("reason").ShouldBeFalse();
        error["message"]!.GetValue<string>().ShouldBe("failed to create typed patch object (rook-ceph/my-user; ceph.rook.io/v1, Kind=CephObjectStoreUser): .spec.storeClass: field not declared in schema");
        _kube.Store.Get(_kube.Catalog.Find("ceph.rook.io", "v1", "cephobjectstoreusers")!, "rook-ceph", "my-user").ShouldBeNull();
        var violation = _kube.SchemaViolations.ShouldHaveSingleItem();
        violation.Kind.ShouldBe("CephObjectStoreUser");
        violation.Errors.ShouldHaveSingleItem().Path.ShouldBe("spec.storeClass");
    }

    [Fact, Trait("Rule", "§3 apply of a wrongly typed field: structured-merge-diff type error")]
    public async Task Apply_WrongType_RejectedWithExpectedNumeric()
    {
        var body = RookExamples.ObjectUser.Replace("maxBuckets: 100", "maxBuckets: lots", StringComparison.Ordinal);
        var (status, error, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user?fieldManager=kubectl", body, Apply);
        ((int)status).ShouldBe(500);
        error["message"]!.GetValue<string>().ShouldEndWith("): .spec.quotas.maxBuckets: expected numeric (int or float), got string");
    }

    [Fact, Trait("Rule", "§3 create: strict unknown field 400; otherwise pruned with a warning")]
    public async Task Create_UnknownField_StrictRefusedElsePruned()
    {
        const string body = """{"apiVersion":"ceph.rook.io/v1","kind":"CephObjectStoreUser","metadata":{"name":"u1"},"spec":{"store":"s","bogus":1}}""";
        var (strict, error, _) = await SendAsync(HttpMethod.Post, UsersUrl + "?fieldValidation=Strict", body);
        strict.ShouldBe(HttpStatusCode.BadRequest);
        error["message"]!.GetValue<string>().ShouldContain("unknown field \"spec.bogus\"");
        var (created, user, warning) = await SendAsync(HttpMethod.Post, UsersUrl, body);
        created.ShouldBe(HttpStatusCode.Created);
        user["spec"]!.AsObject().ContainsKey("bogus").ShouldBeFalse();
        warning.ShouldNotBeNull().ShouldContain("unknown field \\\"spec.bogus\\\"");
    }

    [Fact, Trait("Rule", "§3 create: a value of the wrong type is 422 Invalid naming the field")]
    public async Task Create_WrongType_Invalid()
    {
        const string body = """{"apiVersion":"ceph.rook.io/v1","kind":"CephObjectStoreUser","metadata":{"name":"u2"},"spec":{"store":"s","quotas":{"maxObjects":1.5}}}""";
        var (status, error, _) = await SendAsync(HttpMethod.Post, UsersUrl, body);
        ((int)status).ShouldBe(422);
        error["reason"]!.GetValue<string>().ShouldBe("Invalid");
        error["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("spec.quotas.maxObjects");
        error["message"]!.GetValue<string>().ShouldStartWith("CephObjectStoreUser.ceph.rook.io \"u2\" is invalid: spec.quotas.maxObjects: Invalid value");
    }

    [Fact, Trait("Rule", "status subresource: main writes keep status, /status writes only status")]
    public async Task StatusSubresource_CustomResource_SeparatesSpecAndStatus()
    {
        await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user?fieldManager=kubectl", RookExamples.ObjectUser, Apply);
        var (status, updated, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user/status", """{"status":{"phase":"Ready"},"spec":{"store":"other"}}""", "application/merge-patch+json");
        status.ShouldBe(HttpStatusCode.OK, updated.ToJsonString());
        updated["status"]!["phase"]!.GetValue<string>().ShouldBe("Ready");
        updated["spec"]!["store"]!.GetValue<string>().ShouldBe("my-store");
        var (_, main, _) = await SendAsync(HttpMethod.Patch, UsersUrl + "/my-user", """{"status":{"phase":"Failed"},"spec":{"displayName":"x"}}""", "application/merge-patch+json");
        main["status"]!["phase"]!.GetValue<string>().ShouldBe("Ready");
        main["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
    }

    [Fact, Trait("Rule", "x-kubernetes-preserve-unknown-fields keeps arbitrary content")]
    public async Task Apply_BucketClaimAdditionalConfig_Preserved()
    {
        var (status, claim, _) = await SendAsync(HttpMethod.Patch, "/apis/objectbucket.io/v1alpha1/namespaces/rook-ceph/objectbucketclaims/ceph-delete-bucket?fieldManager=kubectl", RookExamples.BucketClaim, Apply);
        status.ShouldBe(HttpStatusCode.Created, claim.ToJsonString());
        claim["spec"]!["additionalConfig"]!["maxSize"]!.GetValue<string>().ShouldBe("2G");
        var (_, list, _) = await SendAsync(HttpMethod.Get, "/apis/objectbucket.io/v1alpha1/objectbucketclaims");
        list["kind"]!.GetValue<string>().ShouldBe("ObjectBucketClaimList");
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact, Trait("Rule", "§2 a definition created over the API serves its resource at once, with defaults; deleting it removes it")]
    public async Task CreateDefinition_ThenResource_ServedWithDefaultsUntilDeleted()
    {
        var (created, _, _) = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetDefinition);
        created.ShouldBe(HttpStatusCode.Created);
        var (status, widget, _) = await SendAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/rook-ceph/widgets",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"parts":[{"name":"a"}]}}""");
        status.ShouldBe(HttpStatusCode.Created, widget.ToJsonString());
        widget["spec"]!["size"]!.GetValue<long>().ShouldBe(3);
        widget["spec"]!["parts"]![0]!["count"]!.GetValue<long>().ShouldBe(1);
        (await SendAsync(HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")).Status.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/apis/example.com/v1/namespaces/rook-ceph/widgets/w")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact, Trait("Rule", "§3 a definition whose name is not plural.group is 422")]
    public async Task CreateDefinition_WrongName_Invalid()
    {
        var (status, error, _) = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WidgetDefinition.Replace("\"widgets.example.com\"", "\"gadgets.example.com\"", StringComparison.Ordinal));
        ((int)status).ShouldBe(422);
        error["details"]!["causes"]![0]!["field"]!.GetValue<string>().ShouldBe("metadata.name");
    }

    private const string WidgetDefinition = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","properties":{
              "spec":{"type":"object","properties":{
                "size":{"type":"integer","default":3},
                "parts":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"count":{"type":"integer","default":1}}}}}},
              "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;
}
