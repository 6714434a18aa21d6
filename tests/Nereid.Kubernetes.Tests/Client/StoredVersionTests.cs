using System.Net;
using System.Text;
using System.Text.Json;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

public class StoredVersionTests
{
    // An apply answer as the apiserver writes it: the whole stored object, managedFields included.
    private const string Applied = """
        {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1",
         "metadata":{"name":"nereid-admins","namespace":"team-a","uid":"6f1c1c62-0d7e-4b5e-9d7a-1b2c3d4e5f60",
           "resourceVersion":"48213","generation":3,"creationTimestamp":"2026-01-02T03:04:05Z",
           "labels":{"app.kubernetes.io/managed-by":"nereid"},
           "managedFields":[{"manager":"nereid","operation":"Apply","apiVersion":"rbac.authorization.k8s.io/v1",
             "time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app.kubernetes.io/managed-by":{}}},"f:subjects":{}}}]},
         "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
         "subjects":[{"kind":"User","name":"oidc:alice"}]}
        """;

    [Fact]
    public void Read_AppliedObject_ReturnsMetadataVersionUidAndGeneration()
    {
        var version = StoredVersion.Read(Encoding.UTF8.GetBytes(Applied));

        version.ShouldBe(new StoredVersion("48213", "6f1c1c62-0d7e-4b5e-9d7a-1b2c3d4e5f60", 3));
    }

    [Fact]
    public void Read_MetadataAfterOtherFieldsAndNestedLookalikes_ReadsOnlyTopLevelMetadata()
    {
        // A "resourceVersion" inside spec or a nested "metadata" (a template) must not be taken for the object's own.
        var body = """
            {"spec":{"resourceVersion":"1","template":{"metadata":{"resourceVersion":"2","uid":"nested"}}},
             "metadata":{"resourceVersion":"77","labels":{"uid":"label"}}}
            """;

        StoredVersion.Read(Encoding.UTF8.GetBytes(body)).ShouldBe(new StoredVersion("77", null, null));
    }

    [Fact]
    public void Read_NoMetadata_ReturnsEmptyVersion()
    {
        StoredVersion.Read("""{"kind":"Status","code":200}"""u8).ShouldBe(new StoredVersion(null, null, null));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public void Read_NotAnObject_ThrowsJsonException(string body)
    {
        Should.Throw<JsonException>(() => StoredVersion.Read(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Read_AnyAppliedObject_AgreesWithFullDecode()
    {
        var bytes = Encoding.UTF8.GetBytes(Applied);
        var full = JsonSerializer.Deserialize(bytes, KubeJson.TypeInfo<RoleBinding>())!.Metadata;

        var version = StoredVersion.Read(bytes);

        version.ResourceVersion.ShouldBe(full.ResourceVersion);
        version.Uid.ShouldBe(full.Uid);
        version.Generation.ShouldBe(full.Generation);
    }

    [Fact]
    public async Task ApplyVersionAsync_Object_SendsTheApplyAndReadsTheStoredVersion()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.OK, Applied));
        using var client = TestClients.Create(handler);
        var body = """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"nereid-admins","namespace":"team-a"}}"""u8.ToArray();

        var version = await client.ApplyVersionAsync(ResourceType.Of<RoleBinding>(), "team-a", "nereid-admins", body, new ApplyOptions("nereid", Force: true));

        version.ResourceVersion.ShouldBe("48213");
        var seen = handler.Requests.Single();
        seen.Method.ShouldBe(HttpMethod.Patch);
        seen.ContentType.ShouldBe("application/apply-patch+yaml");
        seen.PathAndQuery.ShouldBe("/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings/nereid-admins?fieldManager=nereid&fieldValidation=Strict&force=true");
        seen.Body.ShouldBe(Encoding.UTF8.GetString(body));
    }
}
