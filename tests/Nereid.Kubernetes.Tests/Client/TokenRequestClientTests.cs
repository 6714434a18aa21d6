using System.Net;
using System.Text.Json.Nodes;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

public class TokenRequestClientTests
{
    [Fact]
    public async Task RequestServiceAccountTokenAsync_PostsTokenRequestToSubresource_ReturnsTokenAndGrantedExpiry()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Created,
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{"name":"robot","namespace":"astro"},"spec":{"expirationSeconds":600},"status":{"token":"abc.def","expirationTimestamp":"2026-12-03T18:10:00Z"}}"""));
        using var client = TestClients.Create(handler);

        var status = await client.RequestServiceAccountTokenAsync("astro", "robot", TimeSpan.FromHours(1));

        status.Token.ShouldBe("abc.def");
        status.ExpirationTimestamp.ShouldBe(new DateTimeOffset(2026, 12, 3, 18, 10, 0, TimeSpan.Zero));
        var seen = handler.Requests.ShouldHaveSingleItem();
        seen.Method.ShouldBe(HttpMethod.Post);
        seen.PathAndQuery.ShouldBe("/api/v1/namespaces/astro/serviceaccounts/robot/token");
        var body = JsonNode.Parse(seen.Body!)!;
        body["apiVersion"]!.GetValue<string>().ShouldBe("authentication.k8s.io/v1");
        body["kind"]!.GetValue<string>().ShouldBe("TokenRequest");
        body["spec"]!["expirationSeconds"]!.GetValue<long>().ShouldBe(3600);
    }

    [Fact]
    public async Task RequestServiceAccountTokenAsync_AnswerWithoutToken_Throws()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Created,
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{},"status":{}}"""));
        using var client = TestClients.Create(handler);

        await Should.ThrowAsync<InvalidOperationException>(() => client.RequestServiceAccountTokenAsync("astro", "robot", TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task RequestServiceAccountTokenAsync_MissingServiceAccount_ThrowsNotFound()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.NotFound, Fixture.Read("status-404-notfound.json")));
        using var client = TestClients.Create(handler);

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.RequestServiceAccountTokenAsync("astro", "robot", TimeSpan.FromHours(1)));
        ex.IsNotFound.ShouldBeTrue();
    }
}
