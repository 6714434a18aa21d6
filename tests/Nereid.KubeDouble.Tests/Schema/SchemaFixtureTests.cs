using System.Text.Json;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Tests.Schema;

public sealed class SchemaFixtureTests
{
    private readonly OpenApiSchemaValidator _validator = OpenApiSchemaValidator.LoadDefault();

    [Theory]
    [InlineData("node-gpu-gfd.json")]
    [InlineData("pod-gpu-request.json")]
    public void Validate_RealFixtureObject_HasNoErrors(string file)
    {
        var errors = _validator.Validate(FixtureFiles.Read(file));

        errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => e.FullMessage)));
    }

    [Fact]
    public void Validate_EachItemOfRealNodeList_HasNoErrors()
    {
        var list = FixtureFiles.Read("node-list-gpu-gfd.json");
        var items = list.GetProperty("items").EnumerateArray().ToList();

        items.ShouldNotBeEmpty();
        foreach (var item in items)
        {
            var errors = _validator.Validate(item);
            errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => e.FullMessage)));
        }
    }

    [Fact]
    public void Validate_NodeFixtureWithOneUnknownField_ReportsExactlyThatField()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(FixtureFiles.Read("node-gpu-gfd.json").GetRawText())!;
        node["status"]!["nodeInfo"]!["gpuVendor"] = "nvidia";

        var errors = _validator.Validate(JsonSerializer.SerializeToElement(node));

        errors.Count.ShouldBe(1);
        errors[0].ShouldBe(new SchemaError("status.nodeInfo.gpuVendor", "UnknownField", "unknown field \"status.nodeInfo.gpuVendor\""));
    }

    [Theory]
    [InlineData("v1", "Pod", true)]
    [InlineData("v1", "Namespace", true)]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", true)]
    [InlineData("coordination.k8s.io/v1", "Lease", true)]
    [InlineData("authorization.k8s.io/v1", "SelfSubjectAccessReview", true)]
    [InlineData("v1", "RoleBinding", false)]
    [InlineData("rbac.authorization.k8s.io/v1beta1", "Role", false)]
    [InlineData("v1", "Pods", false)]
    public void Knows_GroupVersionKind_MatchesLoadedSchemas(string apiVersion, string kind, bool expected)
    {
        _validator.Knows(apiVersion, kind).ShouldBe(expected);
    }

    [Fact]
    public void LoadDefault_CalledTwice_ReturnsCachedInstance()
    {
        OpenApiSchemaValidator.LoadDefault().ShouldBeSameAs(OpenApiSchemaValidator.LoadDefault());
    }

    [Fact]
    public void Load_FolderWithoutDocuments_Throws()
    {
        var empty = Directory.CreateTempSubdirectory("nereid-schema-");
        try
        {
            Should.Throw<InvalidOperationException>(() => OpenApiSchemaValidator.Load(empty.FullName));
        }
        finally
        {
            empty.Delete();
        }
    }
}
