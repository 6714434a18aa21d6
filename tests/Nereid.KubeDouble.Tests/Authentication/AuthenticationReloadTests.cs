using System.Net;
using System.Net.Http.Headers;

namespace Nereid.KubeDouble.Tests.Authentication;

/// <summary>The apiserver reloads <c>--authentication-config</c> when the file changes, keeping the last good one on an invalid edit.</summary>
public sealed class AuthenticationReloadTests
{
    private static string Config(string issuer) => $"""
        apiVersion: apiserver.config.k8s.io/v1
        kind: AuthenticationConfiguration
        jwt:
        - issuer:
            url: {issuer}
            audiences: [k8s]
          claimMappings:
            username:
              claim: email
              prefix: ""
        """;

    private static async Task<HttpStatusCode> ListNamespacesAsync(KubeApiDouble kube, string token)
    {
        using var client = kube.CreateClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/v1/namespaces");
        return response.StatusCode;
    }

    [Fact, Trait("Rule", "[AN] structured authentication configuration reloaded at run time")]
    public async Task ConfigureAuthentication_AddedThenInvalidThenRemoved_TokensFollowTheLastGoodConfiguration()
    {
        await using var issuer = await TestIssuer.StartAsync();
        await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { EnforceRbac = false }, CancellationToken.None);
        var token = issuer.Sign(issuer.Claims("k8s"));

        var before = await ListNamespacesAsync(kube, token);
        kube.ConfigureAuthentication(Config(issuer.Url));
        var configured = await ListNamespacesAsync(kube, token);
        Should.Throw<FormatException>(() => kube.ConfigureAuthentication(Config("http://nereid.example.edu")));
        var afterInvalidEdit = await ListNamespacesAsync(kube, token);
        kube.ConfigureAuthentication(null);
        var removed = await ListNamespacesAsync(kube, token);

        (before, configured, afterInvalidEdit, removed).ShouldBe((HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized));
    }
}
