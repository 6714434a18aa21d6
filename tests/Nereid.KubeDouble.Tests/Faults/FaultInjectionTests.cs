using System.Net;
using Nereid.KubeDouble.Faults;
using Nereid.KubeDouble.Tests.Conformance;

namespace Nereid.KubeDouble.Tests.Faults;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private KubeApiDouble _kube = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions(), CancellationToken.None);
        _client = _kube.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _kube.DisposeAsync();
    }

    [Fact]
    public async Task VerbFault_TooManyRequests_Returns429WithRetryAfter()
    {
        _kube.Faults.SetVerbFault("list", new VerbFault(1.0, FaultKind.TooManyRequests));
        using var response = await _client.GetAsync("/api/v1/namespaces");
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"retryAfterSeconds\":1");
        using var get = await _client.GetAsync("/api/v1/namespaces/default");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task VerbFault_InternalErrorAtHalfRate_IsDeterministicForSeed()
    {
        async Task<string> PatternAsync()
        {
            await using var kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions { FaultSeed = 7 }, CancellationToken.None);
            kube.Faults.SetVerbFault("get", new VerbFault(0.5, FaultKind.InternalError));
            using var client = kube.CreateClient();
            var pattern = "";
            for (var i = 0; i < 12; i++)
            {
                using var r = await client.GetAsync("/api/v1/namespaces/default");
                pattern += r.StatusCode == HttpStatusCode.InternalServerError ? "x" : ".";
            }
            return pattern;
        }
        var first = await PatternAsync();
        (await PatternAsync()).ShouldBe(first);
        first.ShouldContain("x");
        first.ShouldContain(".");
    }

    [Fact]
    public async Task VerbFault_Timeout_AbortsConnection()
    {
        _kube.Faults.TimeoutHang = TimeSpan.FromMilliseconds(50);
        _kube.Faults.SetVerbFault("get", new VerbFault(1.0, FaultKind.Timeout));
        await Should.ThrowAsync<HttpRequestException>(() => _client.GetAsync("/api/v1/namespaces/default"));
    }

    [Fact]
    public async Task ForceNextWatchExpired_NextWatch_GetsError410Once()
    {
        _kube.Faults.ForceNextWatchExpired();
        using (var watch = await WatchStream.OpenAsync(_client, "/api/v1/namespaces?watch=1&resourceVersion=1"))
        {
            var e = await watch.NextAsync();
            e["type"]!.GetValue<string>().ShouldBe("ERROR");
            e["object"]!["code"]!.GetValue<int>().ShouldBe(410);
        }
        using var again = await WatchStream.OpenAsync(_client, "/api/v1/namespaces?watch=1&timeoutSeconds=1");
        (await again.NextAsync())["type"]!.GetValue<string>().ShouldBe("ADDED");
    }

    [Fact]
    public async Task DropWatchesEvery_EndsStreamEarly()
    {
        _kube.Faults.DropWatchesEvery = TimeSpan.FromMilliseconds(200);
        using var watch = await WatchStream.OpenAsync(_client, $"/api/v1/namespaces?watch=1&resourceVersion={_kube.Store.Revision}&timeoutSeconds=60");
        (await watch.TryNextAsync()).ShouldBeNull();
    }
}
