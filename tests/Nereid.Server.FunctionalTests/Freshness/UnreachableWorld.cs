using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Domain.People;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.Server.Freshness;
using ClusterAppFactory = Nereid.Server.FunctionalTests.Clusters.ClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Freshness;

/// <summary>
/// A server whose cluster (the API double) was seen Ready, then stopped, and whose Prometheus never answered (nothing
/// listens on port 9): every page and API must say what is unreachable and since when, and show the last known state as such.
/// </summary>
public sealed class UnreachableWorld : IAsyncLifetime
{
    public const string Namespace = "fresh-lab";

    public ClusterAppFactory App { get; private set; } = null!;
    public Person Owner { get; private set; } = null!;
    public PageClient OwnerPages { get; private set; } = null!;
    public HttpClient OwnerApi { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ClusterAppFactory.StartAsync();
        App.With("Nereid:Freshness:ProbeInterval", "00:00:00.100")
            .With("Nereid:Freshness:ProbeTimeout", "00:00:01")
            .With("Nereid:Policies:PrometheusUrl", "http://127.0.0.1:9/");
        Owner = await App.CreatePersonAsync("freshowner", Tier.Admin);
        await App.CreateNamespaceAsync(Namespace, Owner);
        OwnerApi = await App.ClientForAsync(Owner);
        await Eventually.TrueAsync(async () => await ConditionAsync() == "Ready", "the namespace never became Ready");
        await Eventually.TrueAsync(() => Task.FromResult(Health.Cluster(ClusterAppFactory.ClusterName)?.State == Reachability.Reachable), "the cluster was never checked");

        await App.Kube.DisposeAsync();

        await Eventually.TrueAsync(() => Task.FromResult(Health.Cluster(ClusterAppFactory.ClusterName)?.Stale == true && Health.Prometheus?.Stale == true),
            "the stopped cluster and Prometheus were never found unreachable");
        OwnerPages = await PageClient.SignInAsync(App, "freshowner", "freshowner-password");
    }

    internal SourceHealth Health => App.Services.GetRequiredService<SourceHealth>();

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await OwnerApi.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string?> ConditionAsync()
    {
        var doc = await OwnerApi.GetFromJsonAsync<JsonElement>($"/api/v1/namespaces/{Namespace}/status");
        return doc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("condition").GetString()).FirstOrDefault();
    }

    public async Task DisposeAsync()
    {
        OwnerPages?.Dispose();
        OwnerApi?.Dispose();
        await App.DisposeAsync();
    }
}
