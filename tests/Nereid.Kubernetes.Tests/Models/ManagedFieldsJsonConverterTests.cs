using System.Text.Json;
using Nereid.Kubernetes.Models;

namespace Nereid.Kubernetes.Tests.Models;

public class ManagedFieldsJsonConverterTests
{
    private const string Stored = """
        {"metadata":{"name":"team-a","managedFields":[
          {"manager":"nereid","operation":"Apply","apiVersion":"v1","time":"2026-01-02T03:04:05Z","fieldsType":"FieldsV1",
           "fieldsV1":{"f:metadata":{"f:labels":{"f:nereid.io/managed-by":{}}},"f:spec":{"f:hard":{"f:pods":{}}}}},
          {"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-01-02T03:04:06Z","fieldsType":"FieldsV1",
           "fieldsV1":{"f:status":{"f:used":{}}},"subresource":"status"}
        ],"labels":{"a":"b"}}}
        """;

    [Fact]
    public void Deserialize_StoredObject_KeepsWhoWroteItWithoutFieldSets()
    {
        var ns = JsonSerializer.Deserialize(Stored, KubeJson.TypeInfo<Namespace>())!;

        var entries = ns.Metadata.ManagedFields!.Value.EnumerateArray().ToList();
        entries.Count.ShouldBe(2);
        entries[0].GetProperty("manager").GetString().ShouldBe("nereid");
        entries[0].GetProperty("operation").GetString().ShouldBe("Apply");
        entries[0].GetProperty("apiVersion").GetString().ShouldBe("v1");
        entries[0].GetProperty("time").GetString().ShouldBe("2026-01-02T03:04:05Z");
        entries[0].GetProperty("fieldsType").GetString().ShouldBe("FieldsV1");
        entries[1].GetProperty("subresource").GetString().ShouldBe("status");
        entries.Count(e => e.TryGetProperty("fieldsV1", out var fields)).ShouldBe(0);
        ns.Metadata.Labels!["a"].ShouldBe("b");
    }

    [Fact]
    public void Deserialize_EscapedAndLongText_KeepsTheTextExactly()
    {
        var manager = "kubectl \"client\" \u00e9 " + new string('m', 400);
        var json = JsonSerializer.Serialize(new { metadata = new { managedFields = new object[] { new { manager, operation = "Update", extra = 3 } } } });

        var ns = JsonSerializer.Deserialize(json, KubeJson.TypeInfo<Namespace>())!;

        var entry = ns.Metadata.ManagedFields!.Value.EnumerateArray().Single();
        entry.GetProperty("manager").GetString().ShouldBe(manager);
        entry.GetProperty("extra").GetInt32().ShouldBe(3);
    }

    [Fact]
    public void Deserialize_NullOrAbsent_Null()
    {
        JsonSerializer.Deserialize("""{"metadata":{"managedFields":null}}""", KubeJson.TypeInfo<Namespace>())!.Metadata.ManagedFields.ShouldBeNull();
        JsonSerializer.Deserialize("""{"metadata":{}}""", KubeJson.TypeInfo<Namespace>())!.Metadata.ManagedFields.ShouldBeNull();
    }

    [Fact]
    public void Serialize_ReadObject_WritesTheEntriesItKept()
    {
        var ns = JsonSerializer.Deserialize(Stored, KubeJson.TypeInfo<Namespace>())!;

        var json = JsonSerializer.Serialize(ns, KubeJson.TypeInfo<Namespace>());

        json.ShouldContain("\"managedFields\":[{\"manager\":\"nereid\",\"operation\":\"Apply\"");
        json.ShouldNotContain("\"fieldsV1\":", Case.Sensitive);
    }
}
