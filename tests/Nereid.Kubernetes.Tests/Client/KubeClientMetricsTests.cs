using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Tests.Support;

namespace Nereid.Kubernetes.Tests.Client;

public class KubeClientMetricsTests
{
    [Fact]
    public async Task Requests_RetriedGet_CountsAttemptsByCodeAndRetries()
    {
        // The meter is process-wide and tests run in parallel, so count only status codes no other test produces.
        var measurements = new ConcurrentBag<(string Instrument, long Value, string? Code)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KubeClientMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? code = null, reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "code")
                {
                    code = tag.Value?.ToString();
                }
                if (tag.Key == "reason")
                {
                    reason = tag.Value?.ToString();
                }
            }
            measurements.Add((instrument.Name, value, code ?? reason));
        });
        listener.Start();
        var handler = new FakeHandler((_, n) => Task.FromResult(n == 1 ? FakeHandler.Status(507, "Odd") : FakeHandler.Status(599, "Odd")));
        using var client = TestClients.Create(handler, new KubernetesClientOptions { MaxAttempts = 3 });

        await Should.ThrowAsync<KubeApiException>(() => client.GetAsync<Namespace>(null, "a"));
        var handler2 = new FakeHandler((_, n) => Task.FromResult(n == 1 ? FakeHandler.Status(503, "x") : FakeHandler.Json(HttpStatusCode.OK, "{}")));
        using var client2 = TestClients.Create(handler2);
        await client2.GetAsync<Namespace>(null, "a");

        measurements.Count(m => m.Instrument == "nereid.kubernetes.requests" && m.Code == "507").ShouldBe(1);
        measurements.Count(m => m.Instrument == "nereid.kubernetes.requests" && m.Code == "599").ShouldBe(0);
        measurements.ShouldContain(m => m.Instrument == "nereid.kubernetes.retries" && m.Code == "503");
    }
}
