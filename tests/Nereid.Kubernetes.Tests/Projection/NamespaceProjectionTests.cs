using System.Text.Json;
using Nereid.KubeDouble.Schema;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;

namespace Nereid.Kubernetes.Tests.Projection;

public sealed class NamespaceProjectionTests
{
    private static readonly ProjectionOptions Options = new();

    private static MemberSnapshot Admin(string email) => new(email, true);

    private static MemberSnapshot Member(string email) => new(email, false);

    private static NamespaceSnapshot Snapshot(params MemberSnapshot[] members) =>
        new("genomics-lab", "University of California, San Diego", ["Ada Lovelace", "Alan Turing"], "Sequencing *at scale*.",
            ["NSF-123"], members);

    [Fact]
    public void Build_TypicalNamespace_EveryObjectValidatesAgainstOpenApi()
    {
        var desired = NamespaceProjection.Build(Snapshot(Admin("a@x.edu"), Member("m@x.edu")), Options);
        var validator = OpenApiSchemaValidator.LoadDefault();
        var objects = desired.Objects.Append(NamespaceProjection.ClusterUserRole())
            .Append(NamespaceProjection.ClusterUserBinding(["a@x.edu"], Options)).ToList();

        objects.Count.ShouldBe(8);
        foreach (var obj in objects)
        {
            var json = JsonSerializer.SerializeToElement(obj, obj.GetType(), KubeJson.Options);
            validator.Validate(json).Select(e => e.FullMessage).ShouldBeEmpty($"{obj.Kind} {obj.Metadata.Name}");
        }
    }

    [Fact]
    public void Build_Namespace_CarriesManagedByInstitutionAndPodSecurityLabels()
    {
        var ns = NamespaceProjection.Build(Snapshot(Admin("a@x.edu")), Options).Namespace;

        ns.Metadata.Name.ShouldBe("genomics-lab");
        ns.Metadata.Labels!["app.kubernetes.io/managed-by"].ShouldBe("nereid");
        ns.Metadata.Labels["nereid.io/institution"].ShouldBe("university-of-california-san-diego");
        ns.Metadata.Labels["pod-security.kubernetes.io/enforce"].ShouldBe("baseline");
        ns.Metadata.Labels["pod-security.kubernetes.io/warn"].ShouldBe("restricted");
        JsonSerializer.Deserialize<string[]>(ns.Metadata.Annotations!["nereid.io/pis"]).ShouldBe(["Ada Lovelace", "Alan Turing"]);
        ns.Metadata.Annotations["nereid.io/description"].ShouldBe("Sequencing *at scale*.");
    }

    [Fact]
    public void Build_LongDescription_IsTruncatedInTheAnnotation()
    {
        var snapshot = Snapshot(Admin("a@x.edu")) with { Description = new string('d', 20_000) };

        var annotation = NamespaceProjection.Build(snapshot, Options).Namespace.Metadata.Annotations!["nereid.io/description"];

        annotation.Length.ShouldBe(Options.MaxDescriptionAnnotationLength);
        annotation.ShouldEndWith("…");
    }

    [Fact]
    public void Build_AdminsAndMembers_BindToAdminAndEditWithPrefixedSortedUsers()
    {
        var desired = NamespaceProjection.Build(Snapshot(Member("Zed@x.edu"), Admin("bob@x.edu"), Member("amy@x.edu")), Options);

        var admins = desired.RoleBindings.Single(b => b.Metadata.Name == "nereid-admins");
        admins.RoleRef!.Name.ShouldBe("admin");
        admins.Subjects!.Select(s => s.Name).ShouldBe(["oidc:bob@x.edu"]);
        var members = desired.RoleBindings.Single(b => b.Metadata.Name == "nereid-members");
        members.RoleRef!.Name.ShouldBe("edit");
        members.Subjects!.Select(s => s.Name).ShouldBe(["oidc:amy@x.edu", "oidc:zed@x.edu"]);
        members.Subjects!.ShouldAllBe(s => s.Kind == "User");
        desired.AbsentRoleBindings.ShouldBeEmpty();
    }

    [Fact]
    public void Build_GroupsPrefix_BindsBothNamespaceGroupsSchemaValidWithNoPerson()
    {
        var snapshot = Snapshot(Admin("a@x.edu")) with { MemberGroupsPrefix = "nereid:" };
        var validator = OpenApiSchemaValidator.LoadDefault();

        var desired = NamespaceProjection.Build(snapshot, Options);

        desired.RoleBindings.Select(b => $"{b.Metadata.Name}>{b.RoleRef!.Name}:" + string.Join(",", b.Subjects!.Select(x => $"{x.Kind}/{x.ApiGroup}/{x.Name}")))
            .ShouldBe([
                "nereid-admins>admin:Group/rbac.authorization.k8s.io/nereid:ns:genomics-lab:admin",
                "nereid-members>edit:Group/rbac.authorization.k8s.io/nereid:ns:genomics-lab",
            ]);
        desired.AbsentRoleBindings.ShouldBeEmpty();
        foreach (var binding in desired.RoleBindings)
            validator.Validate(JsonSerializer.SerializeToElement(binding, KubeJson.Options)).Select(e => e.FullMessage).ShouldBeEmpty(binding.Metadata.Name);
    }

    [Fact]
    public void Build_NoPlainMembers_MembersBindingIsAbsent()
    {
        var desired = NamespaceProjection.Build(Snapshot(Admin("a@x.edu")), Options);

        desired.RoleBindings.Select(b => b.Metadata.Name).ShouldBe(["nereid-admins"]);
        desired.AbsentRoleBindings.ShouldBe(["nereid-members"]);
    }

    [Fact]
    public void Build_QuotaOverrides_ReplaceAndExtendDefaults()
    {
        var snapshot = Snapshot(Admin("a@x.edu")) with
        {
            QuotaOverrides = new Dictionary<string, string> { ["requests.cpu"] = "128", ["requests.nvidia.com/a100"] = "2" },
        };

        var hard = NamespaceProjection.Build(snapshot, Options).Quota.Spec!.Hard!;

        hard["requests.cpu"].ToString().ShouldBe("128");
        hard["requests.nvidia.com/a100"].ToString().ShouldBe("2");
        hard["requests.memory"].ToString().ShouldBe("256Gi");
    }

    [Fact]
    public void Build_LimitRange_UsesConfiguredContainerDefaults()
    {
        var item = NamespaceProjection.Build(Snapshot(Admin("a@x.edu")), Options).LimitRange.Spec!.Limits!.Single();

        item.Type.ShouldBe("Container");
        item.DefaultRequest!["memory"].ToString().ShouldBe("1Gi");
        item.Default!["memory"].ToString().ShouldBe("1Gi");
        item.DefaultRequest!["cpu"].ToString().ShouldBe("500m");
        item.Default!["cpu"].ToString().ShouldBe("600m");
    }

    [Fact]
    public void Build_NetworkPolicy_AllowsSameNamespaceAndConfiguredNamespacesIngressOnly()
    {
        var spec = NamespaceProjection.Build(Snapshot(Admin("a@x.edu")), Options).NetworkPolicy.Spec!;

        spec.PolicyTypes.ShouldBe(["Ingress"]);
        var peers = spec.Ingress!.Single().From!;
        peers[0].PodSelector.ShouldNotBeNull();
        peers.Skip(1).Select(p => p.NamespaceSelector!.MatchLabels!["kubernetes.io/metadata.name"]).ShouldBe(["ingress-nginx", "monitoring"]);
    }

    [Fact]
    public void Build_SameInput_SameJson()
    {
        string Json() => string.Join("\n", NamespaceProjection.Build(Snapshot(Member("b@x.edu"), Admin("a@x.edu")), Options)
            .Objects.Select(o => JsonSerializer.Serialize(o, o.GetType(), KubeJson.Options)));

        Json().ShouldBe(Json());
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("-lead")]
    public void Build_InvalidName_ThrowsProjectionException(string name)
    {
        Should.Throw<ProjectionException>(() => NamespaceProjection.Build(Snapshot() with { Name = name }, Options));
    }

    [Fact]
    public void Build_BadQuotaValue_ThrowsProjectionException()
    {
        var snapshot = Snapshot() with { QuotaOverrides = new Dictionary<string, string> { ["requests.cpu"] = "lots" } };

        Should.Throw<ProjectionException>(() => NamespaceProjection.Build(snapshot, Options)).Message.ShouldContain("lots");
    }

    [Theory]
    [InlineData("UC San Diego", "uc-san-diego")]
    [InlineData("  ---  ", "unknown")]
    [InlineData("École Polytechnique", "cole-polytechnique")]
    public void Slug_FreeText_IsValidLabelValue(string text, string expected)
    {
        Labels.Slug(text).ShouldBe(expected);
    }

    [Fact]
    public void ClusterUserBinding_DuplicateEmails_AreDeduplicatedAndSorted()
    {
        var binding = NamespaceProjection.ClusterUserBinding(["b@x.edu", "a@x.edu", "B@x.edu"], Options);

        binding.Subjects!.Select(s => s.Name).ShouldBe(["oidc:a@x.edu", "oidc:b@x.edu"]);
        binding.RoleRef!.Name.ShouldBe("nereid-cluster-user");
    }
}
