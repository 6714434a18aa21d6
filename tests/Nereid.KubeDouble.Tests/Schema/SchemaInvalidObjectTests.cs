using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Tests.Schema;

public sealed class SchemaInvalidObjectTests
{
    private readonly OpenApiSchemaValidator _validator = OpenApiSchemaValidator.LoadDefault();

    private SchemaError Single(string json)
    {
        var errors = _validator.Validate(FixtureFiles.Parse(json));
        errors.Count.ShouldBe(1, string.Join("; ", errors.Select(e => e.FullMessage)));
        return errors[0];
    }

    [Fact]
    public void Validate_UnknownTopLevelField_ReportsUnknownField()
    {
        var error = Single("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"},"spec":{},"extra":1}""");

        error.ShouldBe(new SchemaError("extra", "UnknownField", "unknown field \"extra\""));
    }

    [Fact]
    public void Validate_UnknownNestedFieldInList_ReportsIndexedPath()
    {
        var error = Single("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"},{"name":"d","image":"i","resources":{"limit":{"cpu":"1"}}}]}}
            """);

        error.ShouldBe(new SchemaError("spec.containers[1].resources.limit", "UnknownField", "unknown field \"spec.containers[1].resources.limit\""));
    }

    [Fact]
    public void Validate_UnknownFieldInMetadata_ValidatesMetadataAsObjectMeta()
    {
        var error = Single("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","label":{"x":"y"}}}""");

        error.Path.ShouldBe("metadata.label");
        error.Reason.ShouldBe("UnknownField");
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":{"x":1}}}""", "metadata.labels[x]", "Invalid value: \"integer\": metadata.labels[x] in body must be of type string: \"integer\"")]
    [InlineData("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a"},"spec":{"leaseDurationSeconds":"15"}}""", "spec.leaseDurationSeconds", "Invalid value: \"string\": spec.leaseDurationSeconds in body must be of type integer: \"string\"")]
    [InlineData("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a"},"spec":{"leaseDurationSeconds":1.5}}""", "spec.leaseDurationSeconds", "Invalid value: \"number\": spec.leaseDurationSeconds in body must be of type integer: \"number\"")]
    [InlineData("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a"},"spec":{"leaseDurationSeconds":3000000000}}""", "spec.leaseDurationSeconds", "Invalid value: 3000000000: spec.leaseDurationSeconds in body must be of type int32: \"3000000000\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":{"name":"c"}}}""", "spec.containers", "Invalid value: \"object\": spec.containers in body must be of type array: \"object\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","stdin":"yes"}]}}""", "spec.containers[0].stdin", "Invalid value: \"string\": spec.containers[0].stdin in body must be of type boolean: \"string\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":true}]}}""", "spec.ports[0].targetPort", "Invalid value: \"boolean\": spec.ports[0].targetPort in body must be of type integer or string: \"boolean\"")]
    [InlineData("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"k":"not base64!"}}""", "data[k]", "Invalid value: \"not base64!\": data[k] in body must be of type byte: \"not base64!\"")]
    public void Validate_WrongType_ReportsFieldValueInvalid(string json, string path, string message)
    {
        Single(json).ShouldBe(new SchemaError(path, "FieldValueInvalid", message));
    }

    [Theory]
    [InlineData(8080)]
    [InlineData("\"http\"")]
    public void Validate_IntOrStringPort_AcceptsIntegerAndString(object port)
    {
        var json = $$$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":{{{{port}}}}}]}}""";

        _validator.Validate(FixtureFiles.Parse(json)).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_RoleBindingWithoutRoleRef_ReportsRequired()
    {
        var error = Single("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b","namespace":"a"},"subjects":[{"kind":"User","name":"jane"}]}""");

        error.ShouldBe(new SchemaError("roleRef", "FieldValueRequired", "Required value"));
        error.FullMessage.ShouldBe("roleRef: Required value");
    }

    [Fact]
    public void Validate_SubjectWithoutName_ReportsRequiredInsideList()
    {
        var error = Single("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},"subjects":[{"kind":"Group"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}}""");

        error.ShouldBe(new SchemaError("subjects[0].name", "FieldValueRequired", "Required value"));
    }

    [Theory]
    [InlineData("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Rol","name":"x"}}""", "roleRef.kind", "Unsupported value: \"Rol\": supported values: \"ClusterRole\", \"Role\"")]
    [InlineData("""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"n"},"spec":{"podSelector":{},"policyTypes":["Ingress","Outgress"]}}""", "spec.policyTypes[1]", "Unsupported value: \"Outgress\": supported values: \"Egress\", \"Ingress\"")]
    [InlineData("""{"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"l"},"spec":{"limits":[{"type":"Namespace"}]}}""", "spec.limits[0].type", "Unsupported value: \"Namespace\": supported values: \"Container\", \"PersistentVolumeClaim\", \"Pod\"")]
    public void Validate_BadEnumValue_ReportsNotSupported(string json, string path, string message)
    {
        Single(json).ShouldBe(new SchemaError(path, "FieldValueNotSupported", message));
    }

    [Theory]
    [InlineData("\"8 GPUs\"")]
    [InlineData("\"1.5Kb\"")]
    [InlineData("\"\"")]
    [InlineData("\"Gi\"")]
    [InlineData("\"1e\"")]
    [InlineData("true")]
    public void Validate_BadQuantity_ReportsFieldValueInvalid(string quantity)
    {
        var error = Single($$$$"""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{"requests.nvidia.com/gpu":{{{{quantity}}}}}}}""");

        error.Path.ShouldBe("spec.hard[requests.nvidia.com/gpu]");
        error.Reason.ShouldBe("FieldValueInvalid");
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"500m\"")]
    [InlineData("\"4Gi\"")]
    [InlineData("\"1e3\"")]
    [InlineData("\"+.5E-2\"")]
    [InlineData("2")]
    [InlineData("0.25")]
    public void Validate_GoodQuantity_HasNoErrors(string quantity)
    {
        var json = $$$$"""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{"cpu":{{{{quantity}}}}}}}""";

        _validator.Validate(FixtureFiles.Parse(json)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("2025-03-19 23:13:21Z")]
    [InlineData("2025-03-19T23:13:21")]
    [InlineData("yesterday")]
    public void Validate_BadDateTime_ReportsFieldValueInvalid(string time)
    {
        var error = Single($$$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l"},"spec":{"renewTime":"{{{{time}}}}"}}""");

        error.ShouldBe(new SchemaError("spec.renewTime", "FieldValueInvalid", $"Invalid value: \"{time}\": spec.renewTime in body must be of type date-time: \"{time}\""));
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"RoleBinding","metadata":{"name":"b"}}""", "kind", "FieldValueNotSupported")]
    [InlineData("""{"apiVersion":"apps/v2","kind":"Deployment","metadata":{"name":"d"}}""", "kind", "FieldValueNotSupported")]
    [InlineData("""{"kind":"Namespace","metadata":{"name":"a"}}""", "apiVersion", "FieldValueRequired")]
    [InlineData("""{"apiVersion":"v1","metadata":{"name":"a"}}""", "kind", "FieldValueRequired")]
    public void Validate_WrongOrMissingApiVersionOrKind_ReportsIt(string json, string path, string reason)
    {
        var error = Single(json);

        error.Path.ShouldBe(path);
        error.Reason.ShouldBe(reason);
    }

    [Fact]
    public void Validate_RoleBindingBodyUnderClusterRoleKind_ReportsUnknownFieldsOfWrongSchema()
    {
        var errors = _validator.Validate(FixtureFiles.Parse("""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"b"},"subjects":[],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"x"}}
            """));

        errors.Select(e => e.Path).ShouldBe(["subjects", "roleRef"]);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOnce()
    {
        var errors = _validator.Validate(FixtureFiles.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},"finalizer":[]},"spec":{"containers":[{"image":"i","ports":[{"containerPort":"80"}]}]}}
            """));

        errors.Select(e => (e.Path, e.Reason)).OrderBy(e => e.Path).ShouldBe(
        [
            ("metadata.finalizer", "UnknownField"),
            ("spec.containers[0].name", "FieldValueRequired"),
            ("spec.containers[0].ports[0].containerPort", "FieldValueInvalid"),
        ]);
    }
}
