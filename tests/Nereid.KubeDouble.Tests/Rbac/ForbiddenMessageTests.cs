using Nereid.KubeDouble.Rbac;

namespace Nereid.KubeDouble.Tests.Rbac;

public sealed class ForbiddenMessageTests
{
    [Theory]
    [InlineData("system:serviceaccount:default:default", "list", "", "pods", "default", null,
        "pods is forbidden: User \"system:serviceaccount:default:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"")]
    [InlineData("jane", "get", "", "namespaces", null, "x",
        "namespaces \"x\" is forbidden: User \"jane\" cannot get resource \"namespaces\" in API group \"\" at the cluster scope")]
    [InlineData("jane", "get", "", "pods/log", "team-a", "web-0",
        "pods \"web-0\" is forbidden: User \"jane\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"team-a\"")]
    [InlineData("jane", "create", "rbac.authorization.k8s.io", "roles", "team-a", null,
        "roles.rbac.authorization.k8s.io is forbidden: User \"jane\" cannot create resource \"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"team-a\"")]
    [InlineData("bob", "impersonate", "", "users", null, "jane",
        "users \"jane\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope")]
    [InlineData("jane", "get", "", "/metrics", null, null,
        "forbidden: User \"jane\" cannot get path \"/metrics\"")]
    public void For_Request_UsesApiserverWording(string user, string verb, string group, string target, string? ns, string? name, string expected)
    {
        var message = ForbiddenMessage.For(RbacAuthorizerTests.User(user, ""), RbacAuthorizerTests.Request(verb, group, target, ns, name));

        message.ShouldBe(expected);
    }

    [Fact]
    public void For_NullUser_Throws()
    {
        Should.Throw<ArgumentNullException>(() => ForbiddenMessage.For(null!, RbacAuthorizerTests.Request("get", "", "pods", null, null)));
    }
}
