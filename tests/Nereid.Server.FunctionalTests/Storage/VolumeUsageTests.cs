using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Prometheus;

namespace Nereid.Server.FunctionalTests.Storage;

/// <summary>
/// Volume usage from a real Prometheus holding backfilled <c>kubelet_volume_stats_*</c> series: the API's <c>usedBytes</c>
/// and the /storage page's Used column, and "not reported" (null) for a volume without series.
/// </summary>
public sealed class VolumeUsageTests : IAsyncLifetime
{
    private const string Ns = "vol-usage";
    private readonly string _tsdb = Path.Combine(Path.GetTempPath(), "nereid-volume-usage-" + Guid.NewGuid().ToString("N")[..8]);
    private PrometheusServer _prometheus = null!;
    private ClusterAppFactory _app = null!;
    private HttpClient _member = null!;

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var history = new OpenMetricsBuilder();
        Dictionary<string, string> Labels(string ns, string claim) => new() { ["namespace"] = ns, ["persistentvolumeclaim"] = claim };
        history.Gauge("kubelet_volume_stats_used_bytes", Labels(Ns, "data"), now.AddMinutes(-30), now.AddMinutes(-1), TimeSpan.FromMinutes(1), _ => 1.5 * 1024 * 1024 * 1024);
        history.Gauge("kubelet_volume_stats_capacity_bytes", Labels(Ns, "data"), now.AddMinutes(-30), now.AddMinutes(-1), TimeSpan.FromMinutes(1), _ => 4.0 * 1024 * 1024 * 1024);
        // Same claim name in another namespace: must not leak into this one.
        history.Gauge("kubelet_volume_stats_used_bytes", Labels("elsewhere", "empty"), now.AddMinutes(-30), now.AddMinutes(-1), TimeSpan.FromMinutes(1), _ => 999);
        await PrometheusBlocks.CreateFromOpenMetricsAsync(history.ToString(), _tsdb);
        _prometheus = await PrometheusServer.StartAsync([], TimeSpan.FromSeconds(15), _tsdb);

        _app = await ClusterAppFactory.StartAsync(o => o.SeedObjects.Add(new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = new JsonObject { ["name"] = "rook-ceph-block" },
            ["provisioner"] = "rook-ceph.rbd.csi.ceph.com",
            ["allowVolumeExpansion"] = true,
        }));
        _app.With("Nereid:Policies:Enabled", "false").With("Nereid:Policies:PrometheusUrl", _prometheus.BaseAddress.ToString());
        var member = await StorageLab.SeedAsync(_app, Ns);
        _member = await _app.ClientForAsync(member);
        await Eventually.TrueAsync(async () =>
        {
            using var r = await _member.GetAsync("/api/v1/storage/classes");
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("classes").GetArrayLength() == 1;
        }, "the catalogue never listed the class");
    }

    public async Task DisposeAsync()
    {
        _member.Dispose();
        await _app.DisposeAsync();
        await _prometheus.DisposeAsync();
        Directory.Delete(_tsdb, recursive: true);
    }

    private async Task<JsonElement> CreateAndListAsync(string name)
    {
        using var created = await _member.PostAsJsonAsync($"/api/v1/namespaces/{Ns}/volumes", new { name, storageClass = "rook-ceph-block", size = "4Gi", accessMode = "ReadWriteOnce" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var list = await _member.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Ns}/volumes");
        return list.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
    }

    private async Task<string> PageAsync()
    {
        using var response = await _member.GetAsync("/storage");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task List_VolumeWithKubeletSeries_ShowsUsedBytesInApiAndPage()
    {
        var volume = await CreateAndListAsync("data");

        volume.GetProperty("usedBytes").GetInt64().ShouldBe(1610612736);
        volume.GetProperty("capacityBytes").GetInt64().ShouldBe(4294967296);
        (await PageAsync()).ShouldContain("<td>1.5 GiB of 4 GiB</td>");
    }

    [Fact]
    public async Task List_VolumeWithoutSeries_UsedBytesNullAndPageSaysNotReported()
    {
        var volume = await CreateAndListAsync("empty");

        volume.GetProperty("usedBytes").ValueKind.ShouldBe(JsonValueKind.Null);
        volume.GetProperty("capacityBytes").ValueKind.ShouldBe(JsonValueKind.Null);
        var page = await PageAsync();
        page.ShouldContain("<th scope=\"row\">empty</th>");
        page.ShouldContain("<td>not reported</td>");
    }
}
