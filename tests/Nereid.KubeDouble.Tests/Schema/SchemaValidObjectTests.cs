using System.Text.Json;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Schema;

namespace Nereid.KubeDouble.Tests.Schema;

/// <summary>Objects shaped like the ones Nereid's reconcilers write must pass strict validation.</summary>
public sealed class SchemaValidObjectTests
{
    private readonly OpenApiSchemaValidator _validator = OpenApiSchemaValidator.LoadDefault();

    public static TheoryData<string, string> NereidObjects => new()
    {
        { "Namespace", """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"nereid.io/managed":"true","kubernetes.io/metadata.name":"team-a"},
             "annotations":{"nereid.io/owner":"jane@example.edu"},"creationTimestamp":"2025-03-19T23:13:21Z","resourceVersion":"12","uid":"0c7a3f1e-1111-2222-3333-444455556666"},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """ },
        { "RoleBinding", """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"nereid-admins","namespace":"team-a"},
             "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"jane@example.edu"},
                         {"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"oidc:team-a"},
                         {"kind":"ServiceAccount","name":"builder","namespace":"team-a"}],
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"}}
            """ },
        { "ClusterRole", """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"nereid-gpu-viewer","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},
             "rules":[{"apiGroups":[""],"resources":["nodes"],"verbs":["get","list","watch"]},{"nonResourceURLs":["/metrics"],"verbs":["get"]}],
             "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"nereid.io/aggregate":"true"}},{"matchExpressions":[{"key":"tier","operator":"In","values":["gpu"]}]}]}}
            """ },
        { "ResourceQuota", """
            {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"nereid-quota","namespace":"team-a"},
             "spec":{"hard":{"requests.cpu":"64","requests.memory":"256Gi","limits.memory":"512Gi","requests.nvidia.com/gpu":"8","pods":100,"requests.storage":"1.5Ti"}},
             "status":{"hard":{"requests.nvidia.com/gpu":"8"},"used":{"requests.nvidia.com/gpu":"0"}}}
            """ },
        { "LimitRange", """
            {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"nereid-defaults","namespace":"team-a"},
             "spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"1Gi"},"defaultRequest":{"cpu":"100m","memory":"256Mi"},"max":{"nvidia.com/gpu":"4"}}]}}
            """ },
        { "NetworkPolicy", """
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"nereid-isolate","namespace":"team-a"},
             "spec":{"podSelector":{},"policyTypes":["Ingress","Egress"],
                     "ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"team-a"}}},{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}],
                                 "ports":[{"protocol":"TCP","port":8080},{"port":"https","endPort":null}]}],
                     "egress":[{}]}}
            """ },
        { "Lease", """
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"nereid-reconciler","namespace":"nereid-system"},
             "spec":{"holderIdentity":"nereid-7d9f-abcde","leaseDurationSeconds":15,"acquireTime":"2025-03-19T23:13:21.000000Z","renewTime":"2025-03-19T23:13:36.123456Z","leaseTransitions":3}}
            """ },
        { "SelfSubjectAccessReview", """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{},
             "spec":{"resourceAttributes":{"namespace":"team-a","verb":"create","group":"","resource":"pods","subresource":"exec","name":"web-0"}}}
            """ },
        { "Secret", """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"team-a"},"type":"Opaque","data":{"token":"aGVsbG8gd29ybGQ="},"stringData":{"plain":"x"}}
            """ },
    };

    [Theory]
    [MemberData(nameof(NereidObjects))]
    public void Validate_TypicalNereidObject_HasNoErrors(string kind, string json)
    {
        var obj = FixtureFiles.Parse(json);

        var errors = _validator.Validate(obj);

        obj.GetProperty("kind").GetString().ShouldBe(kind);
        errors.ShouldBeEmpty(string.Join("; ", errors.Select(e => e.FullMessage)));
    }

    [Fact]
    public void Validate_BootstrapPolicyObjects_HaveNoErrors()
    {
        var objects = BootstrapPolicy.ClusterRoles().Concat(BootstrapPolicy.ClusterRoleBindings()).ToList();

        objects.Count.ShouldBe(14);
        foreach (var obj in objects)
        {
            var errors = _validator.Validate(JsonSerializer.SerializeToElement(obj));
            errors.ShouldBeEmpty($"{obj["metadata"]!["name"]}: " + string.Join("; ", errors.Select(e => e.FullMessage)));
        }
    }
}
