using System.Text.Json.Nodes;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Paths;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>
/// The manifests agree with each other: every Service's targetPort is a port the Deployment's container declares, and the
/// webhook's HTTPS endpoint reads its certificate from where the Deployment mounts the Secret the Certificate fills.
/// </summary>
public sealed class WebhookManifestTests
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy");
    private static readonly JsonNode Container = Pod()["containers"]![0]!;

    [Theory]
    [InlineData("service.yaml", "nereid")]
    [InlineData("admission-webhook.yaml", "nereid-webhook")]
    public void Service_TargetPort_IsAContainerPortOfTheDeployment(string file, string service)
    {
        var ports = Container["ports"]!.AsArray().Select(p => (Name: p!["name"]!.GetValue<string>(), Port: p["containerPort"]!.GetValue<long>())).ToList();
        var svc = Documents(file).Single(d => Kind(d) == "Service" && d["metadata"]!["name"]!.GetValue<string>() == service);

        foreach (var port in svc["spec"]!["ports"]!.AsArray())
        {
            var target = port!["targetPort"]!.AsValue();
            var matched = target.TryGetValue<string>(out var name) ? ports.Any(p => p.Name == name) : ports.Any(p => p.Port == target.GetValue<long>());
            matched.ShouldBeTrue($"{file}: Service {service} targets {target.ToJsonString()}, which deployment.yaml's container does not declare");
        }
    }

    [Fact]
    public void WebhookEndpoint_ServesHttpsOnTheWebhookPortFromTheMountedCertificateSecret()
    {
        var webhook = Documents("admission-webhook.yaml");
        var secretName = webhook.Single(d => Kind(d) == "Certificate")["spec"]!["secretName"]!.GetValue<string>();
        var targetPort = webhook.Single(d => Kind(d) == "Service")["spec"]!["ports"]![0]!["targetPort"]!.GetValue<long>();
        var volume = Pod()["volumes"]!.AsArray().Single(v => v!["secret"]?["secretName"]?.GetValue<string>() == secretName)!["name"]!.GetValue<string>();
        var mount = Container["volumeMounts"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == volume)!["mountPath"]!.GetValue<string>();
        var env = Container["env"]!.AsArray().Where(e => e!["value"] is not null)
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>(), StringComparer.Ordinal);

        new Uri(env["Kestrel__Endpoints__Webhook__Url"].Replace("*", "host", StringComparison.Ordinal)).ShouldSatisfyAllConditions(
            u => u.Scheme.ShouldBe("https"), u => u.Port.ShouldBe((int)targetPort));
        // cert-manager writes a kubernetes.io/tls Secret: the certificate as tls.crt, the key as tls.key.
        env["Kestrel__Endpoints__Webhook__Certificate__Path"].ShouldBe(mount.TrimEnd('/') + "/tls.crt");
        env["Kestrel__Endpoints__Webhook__Certificate__KeyPath"].ShouldBe(mount.TrimEnd('/') + "/tls.key");
        // Listing endpoints replaces ASPNETCORE_HTTP_PORTS, so plain HTTP must be listed too, on the port the probes use.
        var http = Container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "http")!["containerPort"]!.GetValue<long>();
        env["Kestrel__Endpoints__Http__Url"].ShouldBe($"http://*:{http}");
    }

    private static JsonNode Pod() => Documents("deployment.yaml").Single()["spec"]!["template"]!["spec"]!;

    private static List<JsonNode> Documents(string file) => [.. YamlJson.Documents(Path.Combine(Deploy, file))];

    private static string Kind(JsonNode doc) => doc["kind"]!.GetValue<string>();
}
