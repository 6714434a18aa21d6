using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Nereid.KubeDouble;
using Nereid.Server.Admission;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Paths;

namespace Nereid.Server.FunctionalTests.Admission;

/// <summary>
/// The set-up of the tests that create pods through Nereid's deployed admission webhook: the server and the API double,
/// the double's clock 8 hours behind (so a new pod is already older than the bare-pod limit), policy scans left to the
/// test (no background scan, no Prometheus), the double calling the webhook through the in-memory test server as
/// kube-apiserver would, and a kubeconfig for real kubectl as the double's admin.
/// </summary>
internal sealed class DeployedWebhookWorld : IAsyncDisposable
{
    private DeployedWebhookWorld(ClusterAppFactory app, string kubeconfig)
    {
        App = app;
        Kubeconfig = kubeconfig;
    }

    public ClusterAppFactory App { get; }

    /// <summary>A kubeconfig file for kubectl (deleted on dispose).</summary>
    public string Kubeconfig { get; }

    /// <summary>Starts the world; <paramref name="configure"/> adds the test's own settings before the server starts.</summary>
    public static async Task<DeployedWebhookWorld> StartAsync(Action<ClusterAppFactory>? configure = null)
    {
        KubeDoubleOptions doubleOptions = null!;
        var app = await ClusterAppFactory.StartAsync(o =>
        {
            o.TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-8));
            doubleOptions = o;
        });
        app.With("Nereid:Policies:Enabled", "false").With("Nereid:Policies:PrometheusUrl", "http://127.0.0.1:9/");
        configure?.Invoke(app);
        _ = app.Services;
        // The webhook is called through the in-memory test server (the URL stays https, as the apiserver requires).
        doubleOptions.WebhookTransport = app.Server.CreateHandler();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"nereid-webhook-{Guid.NewGuid():N}.yaml");
        app.Kube.WriteKubeconfig(kubeconfig, KubeDoubleOptions.DefaultAdminToken);
        return new DeployedWebhookWorld(app, kubeconfig);
    }

    /// <summary>
    /// Registers the MutatingWebhookConfiguration of deploy/admission-webhook.yaml in the double, with
    /// <paramref name="failurePolicy"/> instead of the deployed one when given.
    /// </summary>
    public async Task RegisterDeployedWebhookAsync(string? failurePolicy = null)
    {
        var config = YamlJson.Documents(Path.Combine(RepoPaths.Root, "deploy", "admission-webhook.yaml"))
            .Single(d => d["kind"]!.GetValue<string>() == "MutatingWebhookConfiguration");
        // The in-cluster Service and cert-manager's CA injection stand in as a URL reached through the test server.
        config["webhooks"]![0]!["clientConfig"] = new JsonObject { ["url"] = "https://nereid.test" + AdmissionEndpoints.CreatedByPath };
        // The longest timeout the apiserver allows: a cold test server on a loaded machine can take longer than the deployed 5 s.
        config["webhooks"]![0]!["timeoutSeconds"] = 30;
        if (failurePolicy is not null)
            config["webhooks"]![0]!["failurePolicy"] = failurePolicy;
        using var http = App.Kube.CreateClient();
        using var response = await http.PostAsync("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
            new StringContent(config.ToJsonString(), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(Kubeconfig);
        await App.DisposeAsync();
    }
}
