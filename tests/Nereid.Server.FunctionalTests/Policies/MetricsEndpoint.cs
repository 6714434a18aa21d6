using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>A tiny Kestrel <c>/metrics</c> endpoint serving DCGM and cAdvisor series for Prometheus to scrape.</summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    private MetricsEndpoint(WebApplication app) => _app = app;

    public Uri MetricsUri { get; private set; } = null!;

    /// <summary>GPU utilisation per (namespace, pod, old-style labels?), CPU cores and memory bytes per pod.</summary>
    public List<(string Ns, string Pod, double GpuPercent, bool OldLabels)> Gpus { get; } = [];
    public List<(string Ns, string Pod, double Cores, double MemoryBytes)> Containers { get; } = [];

    public static async Task<MetricsEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new MetricsEndpoint(app);
        app.MapGet("/metrics", () => Results.Text(endpoint.Render(), "text/plain; version=0.0.4"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.MetricsUri = new Uri(new Uri(address), "metrics");
        return endpoint;
    }

    private string Render()
    {
        var text = new StringBuilder("# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n");
        var i = 0;
        foreach (var (ns, pod, pct, old) in Gpus)
        {
            var podLabels = old ? $"pod_namespace=\"{ns}\",pod_name=\"{pod}\",container_name=\"main\"" : $"namespace=\"{ns}\",pod=\"{pod}\",container=\"main\"";
            text.Append(CultureInfo.InvariantCulture, $"DCGM_FI_DEV_GPU_UTIL{{gpu=\"{i}\",UUID=\"GPU-{i}\",device=\"nvidia{i}\",modelName=\"NVIDIA A10\",Hostname=\"node-{i}\",{podLabels}}} {pct}\n");
            i++;
        }
        var elapsed = (DateTimeOffset.UtcNow - _start).TotalSeconds;
        text.Append("# TYPE container_cpu_usage_seconds_total counter\n");
        foreach (var (ns, pod, cores, _) in Containers)
            text.Append(CultureInfo.InvariantCulture, $"container_cpu_usage_seconds_total{{namespace=\"{ns}\",pod=\"{pod}\",container=\"main\"}} {1000 + cores * elapsed}\n");
        text.Append("# TYPE container_memory_working_set_bytes gauge\n");
        foreach (var (ns, pod, _, bytes) in Containers)
            text.Append(CultureInfo.InvariantCulture, $"container_memory_working_set_bytes{{namespace=\"{ns}\",pod=\"{pod}\",container=\"main\"}} {bytes}\n");
        return text.ToString();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
