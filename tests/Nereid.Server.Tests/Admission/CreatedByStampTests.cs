using System.Text;
using System.Text.Json.Nodes;
using Nereid.Server.Admission;
using Nereid.Server.Policies;

namespace Nereid.Server.Tests.Admission;

public sealed class CreatedByStampTests
{
    [Fact]
    public void Decide_PodWithoutAnnotations_AddsTheMapWithTheCaller()
    {
        var response = CreatedByStamp.Decide(Request("CREATE", "", "Pod", """{"name":"p"}"""));

        response["uid"]!.GetValue<string>().ShouldBe("u-1");
        response["allowed"]!.GetValue<bool>().ShouldBeTrue();
        Patch(response).ShouldBe("""[{"op":"add","path":"/metadata/annotations","value":{"nereid.io/created-by":"oidc:ada@example.edu"}}]""");
    }

    [Fact]
    public void Decide_DeploymentWithForgedCreator_ReplacesOnlyThatAnnotation()
    {
        var response = CreatedByStamp.Decide(Request("CREATE", "apps", "Deployment", """{"name":"d","annotations":{"a":"b","nereid.io/created-by":"someone@example.edu"}}"""));

        Patch(response).ShouldBe("""[{"op":"add","path":"/metadata/annotations/nereid.io~1created-by","value":"oidc:ada@example.edu"}]""");
    }

    [Fact]
    public void Decide_PodOwnedByController_RemovesCopiedCreatorAndAddsNone()
    {
        var owned = """{"name":"p","ownerReferences":[{"kind":"ReplicaSet","name":"rs","controller":true}],"annotations":{"nereid.io/created-by":"x"}}""";
        var clean = """{"name":"p","ownerReferences":[{"kind":"Job","name":"j","controller":true}]}""";

        Patch(CreatedByStamp.Decide(Request("CREATE", "", "Pod", owned))).ShouldBe("""[{"op":"remove","path":"/metadata/annotations/nereid.io~1created-by"}]""");
        CreatedByStamp.Decide(Request("CREATE", "", "Pod", clean)).ContainsKey("patch").ShouldBeFalse();
    }

    [Theory]
    [InlineData("UPDATE", "", "Pod")]
    [InlineData("CREATE", "", "ConfigMap")]
    [InlineData("CREATE", "apps", "ReplicaSet")]
    public void Decide_NotAStampedCreate_AllowsWithoutPatch(string operation, string group, string kind)
    {
        var response = CreatedByStamp.Decide(Request(operation, group, kind, """{"name":"x"}"""));

        response["allowed"]!.GetValue<bool>().ShouldBeTrue();
        response.ContainsKey("patch").ShouldBeFalse();
    }

    [Fact]
    public void Key_ClusterUserName_DropsThePrefixAndCase()
    {
        OwnerHints.Key("oidc:Ada@Example.edu", "oidc:").ShouldBe("ada@example.edu");
        OwnerHints.Key("ada@example.edu", "oidc:").ShouldBe("ada@example.edu");
    }

    private static JsonObject Request(string operation, string group, string kind, string metadata) => JsonNode.Parse($$$"""
        {"uid":"u-1","operation":"{{{operation}}}","kind":{"group":"{{{group}}}","version":"v1","kind":"{{{kind}}}"},
         "userInfo":{"username":"oidc:ada@example.edu","groups":["system:authenticated"]},
         "object":{"metadata":{{{metadata}}}}}
        """)!.AsObject();

    private static string Patch(JsonObject response)
    {
        response["patchType"]!.GetValue<string>().ShouldBe("JSONPatch");
        return Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>()));
    }
}
