using System.Net;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Config;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

public class KubeClientResilienceTests
{
    private const string NamespaceJson = """{"metadata":{"name":"a"}}""";

    [Fact]
    public async Task CreateAsync_Conflict_ThrowsWithParsedStatus()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.Conflict, Fixture.Read("status-409-conflict.json")));
        using var client = TestClients.Create(handler);

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(new ResourceQuota { Metadata = new() { Name = "quota", Namespace = "a" } }));

        ex.IsConflict.ShouldBeTrue();
        ex.IsAlreadyExists.ShouldBeFalse();
        ex.Reason.ShouldBe("Conflict");
        ex.Status.Details!.Kind.ShouldBe("resourcequotas");
        ex.Status.Message.ShouldStartWith("Operation cannot be fulfilled on resourcequotas \"quota\"");
        handler.Count.ShouldBe(1);
    }

    [Fact]
    public async Task UpdateAsync_NotFoundFixture_ThrowsNotFound()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.NotFound, Fixture.Read("status-404-notfound.json")));
        using var client = TestClients.Create(handler);

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.UpdateAsync(new Pod { Metadata = new() { Name = "grafana", Namespace = "a" } }));

        ex.IsNotFound.ShouldBeTrue();
        ex.Status.Details!.Name.ShouldBe("grafana");
    }

    [Fact]
    public async Task ApplyAsync_Invalid_ExposesCauses()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.UnprocessableEntity,
            """{"kind":"Status","status":"Failure","reason":"Invalid","message":"bad","code":422,"details":{"kind":"Namespace","causes":[{"reason":"FieldValueInvalid","message":"x","field":"metadata.name"}]}}"""));
        using var client = TestClients.Create(handler);

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.ApplyAsync(new Namespace { Metadata = new() { Name = "A_" } }, "nereid"));

        ex.IsInvalid.ShouldBeTrue();
        ex.Causes.Single().Field.ShouldBe("metadata.name");
        handler.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(409, "AlreadyExists")]
    [InlineData(410, "Expired")]
    public async Task Errors_ByReason_HaveHelpers(int code, string reason)
    {
        using var client = TestClients.Create(new FakeHandler(_ => FakeHandler.Status(code, reason)));

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.ListAsync<Pod>("a"));

        ex.IsForbidden.ShouldBe(code == 403);
        ex.IsAlreadyExists.ShouldBe(reason == "AlreadyExists");
        ex.IsGone.ShouldBe(code == 410);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(429)]
    public async Task GetAsync_TransientThenOk_Retries(int code)
    {
        var handler = new FakeHandler((_, n) => Task.FromResult(n < 3 ? FakeHandler.Status(code, "x") : FakeHandler.Json(HttpStatusCode.OK, NamespaceJson)));
        using var client = TestClients.Create(handler);

        (await client.GetAsync<Namespace>(null, "a"))!.Metadata.Name.ShouldBe("a");
        handler.Count.ShouldBe(3);
    }

    [Fact]
    public async Task GetAsync_AlwaysFailing_StopsAtMaxAttempts()
    {
        var handler = new FakeHandler(_ => FakeHandler.Status(503, "ServiceUnavailable"));
        using var client = TestClients.Create(handler, new KubernetesClientOptions { MaxAttempts = 4, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var ex = await Should.ThrowAsync<KubeApiException>(() => client.GetAsync<Namespace>(null, "a"));

        ex.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        handler.Count.ShouldBe(4);
    }

    [Fact]
    public async Task GetAsync_ConnectionError_Retries()
    {
        var handler = new FakeHandler((_, n) => n == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "refused")
            : Task.FromResult(FakeHandler.Json(HttpStatusCode.OK, NamespaceJson)));
        using var client = TestClients.Create(handler);

        (await client.GetAsync<Namespace>(null, "a")).ShouldNotBeNull();
        handler.Count.ShouldBe(2);
    }

    [Fact]
    public async Task CreateAsync_ServerError_IsNotRetriedButTooManyRequestsIs()
    {
        var failing = new FakeHandler(_ => FakeHandler.Status(503, "x"));
        using (var client = TestClients.Create(failing))
        {
            await Should.ThrowAsync<KubeApiException>(() => client.CreateAsync(new Namespace { Metadata = new() { Name = "a" } }));
        }
        failing.Count.ShouldBe(1);

        var throttled = new FakeHandler((_, n) => Task.FromResult(n == 1 ? FakeHandler.Status(429, "TooManyRequests") : FakeHandler.Json(HttpStatusCode.Created, NamespaceJson)));
        using (var client = TestClients.Create(throttled))
        {
            await client.CreateAsync(new Namespace { Metadata = new() { Name = "a" } });
        }
        throttled.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_RetryAfterHeader_WaitsThatLong()
    {
        var time = new TimerRecordingTimeProvider();
        var handler = new FakeHandler((_, n) =>
        {
            if (n > 1)
            {
                return Task.FromResult(FakeHandler.Json(HttpStatusCode.OK, NamespaceJson));
            }
            var response = FakeHandler.Status(429, "TooManyRequests");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return Task.FromResult(response);
        });
        using var client = TestClients.Create(handler, time: time);

        var get = client.GetAsync<Namespace>(null, "a");
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7));
        handler.Count.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(7));

        (await get).ShouldNotBeNull();
        handler.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetAsync_RetryAfterSecondsInStatus_IsHonoured()
    {
        var time = new TimerRecordingTimeProvider();
        var handler = new FakeHandler((_, n) => Task.FromResult(n > 1
            ? FakeHandler.Json(HttpStatusCode.OK, NamespaceJson)
            : FakeHandler.Json((HttpStatusCode)504, """{"kind":"Status","reason":"Timeout","code":504,"details":{"retryAfterSeconds":3}}""")));
        using var client = TestClients.Create(handler, time: time);

        var get = client.GetAsync<Namespace>(null, "a");
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3));
        time.Advance(TimeSpan.FromSeconds(3));

        (await get).ShouldNotBeNull();
        handler.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Requests_ManyInParallel_NeverExceedConcurrencyLimit()
    {
        int inFlight = 0, peak = 0;
        var handler = new FakeHandler(async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }
            await Task.Delay(2);
            Interlocked.Decrement(ref inFlight);
            return FakeHandler.Json(HttpStatusCode.OK, NamespaceJson);
        });
        using var client = TestClients.Create(handler, new KubernetesClientOptions { MaxConcurrentRequests = 4 });

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => client.GetAsync<Namespace>(null, $"n{i}")));

        handler.Count.ShouldBe(64);
        peak.ShouldBeLessThanOrEqualTo(4);
        peak.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task GetAsync_Unauthorized_RefreshesCredentialsOnce()
    {
        var credentials = new CountingCredentials();
        var handler = new FakeHandler(r => r.Authorization == "Bearer token-2"
            ? FakeHandler.Json(HttpStatusCode.OK, NamespaceJson)
            : FakeHandler.Status(401, "Unauthorized"));
        using var client = TestClients.Create(handler, credentials: credentials);

        (await client.GetAsync<Namespace>(null, "a")).ShouldNotBeNull();
        handler.Requests.Select(r => r.Authorization).ShouldBe(["Bearer token-1", "Bearer token-2"]);

        credentials.Invalidate();
        credentials.Invalidate();
        await Should.ThrowAsync<KubeApiException>(() => client.GetAsync<Namespace>(null, "b"));
        handler.Count.ShouldBe(4);
    }

    private sealed class CountingCredentials : IKubeCredentialProvider
    {
        private int _version = 1;

        public ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new KubeCredential($"token-{_version}"));

        public void Invalidate() => _version++;
    }
}
