using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Rbac;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Postgres;
using Nereid.TestSupport.Processes;
using Xunit.Abstractions;

namespace Nereid.Server.FunctionalTests.Deploy;

/// <summary>
/// Runs the publish output the way <c>deploy/Dockerfile</c> and <c>deploy/deployment.yaml</c> do. No container engine is
/// available where the tests run, so <see cref="ContainerProcess"/> reproduces what matters to the server: the image's
/// working directory and entrypoint, only the image's and the pod's environment (the port moved to a free one, the
/// database Secret pointing at the suite's PostgreSQL), the ConfigMap file where the pod mounts it, a read-only app
/// folder, the pod's non-root uid without capabilities, and in-cluster credentials of the <c>nereid</c> service account
/// against an API double holding <c>deploy/namespace.yaml</c> and <c>deploy/rbac.yaml</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContainerLayoutTests(ITestOutputHelper output)
{
    private const string ServiceAccountToken = "nereid-container-sa-token";
    private static readonly string DeployDirectory = Path.Combine(RepoPaths.Root, "deploy");

    [Fact]
    public async Task PublishedServer_RunAsManifestsSay_ServesProbesOnContainerPortAsNonRootWithoutWritingAppFolder()
    {
        SystemUser.IsRoot.ShouldBeTrue("the container-layout test needs root to unshare a mount namespace and drop to the pod's uid");
        var spec = ContainerSpec.Load(DeployDirectory);
        var published = await PublishedServer.OutputAsync();
        var root = Directory.CreateTempSubdirectory("nereid-container-").FullName;
        try
        {
            File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("755", 8));
            await using var kube = await StartClusterAsync();
            var app = Path.Combine(root, "app");
            CopyDirectory(published, app);
            WriteConfigMapFiles(spec, app, kube);
            var serviceAccount = WriteServiceAccount(root, kube);
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            File.SetUnixFileMode(home, (UnixFileMode)Convert.ToInt32("555", 8));
            var before = Snapshot(app);
            var ports = FreePort.Get(2);
            var (port, webhookPort) = (ports[0], ports[1]);
            var (webhookTls, webhookCertificate) = WriteWebhookSecret(root);
            var database = await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync();
            var environment = ContainerEnvironment(spec, port, (webhookPort, webhookTls), database, kube, home);

            await using (var server = ContainerProcess.Start(app, serviceAccount, spec.Entrypoint, environment, spec.RunAsUser, spec.RunAsGroup))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var clock = System.Diagnostics.Stopwatch.StartNew();
                // The startup probe's budget (periodSeconds × failureThreshold) must cover a first start: it migrates before listening.
                await WaitForAsync(server, http, new Uri($"http://127.0.0.1:{port}{spec.StartupPath}"), spec.StartupBudget);
                var started = clock.Elapsed;
                await WaitForAsync(server, http, new Uri($"http://127.0.0.1:{port}{spec.LivenessPath}"), TimeSpan.FromSeconds(30));
                var ready = await WaitForAsync(server, http, new Uri($"http://127.0.0.1:{port}{spec.ReadinessPath}"), TimeSpan.FromMinutes(2));
                ready.ShouldStartWith("ready", customMessage: server.Log);
                output.WriteLine($"first start to {spec.StartupPath}: {started.TotalSeconds:F1} s, to {spec.ReadinessPath}: {clock.Elapsed.TotalSeconds:F1} s (startup budget {spec.StartupBudget.TotalSeconds} s)");

                // The kubelet probes the pod's address, not loopback: the server must listen on every interface.
                server.Log.ShouldContain($"Now listening on: http://[::]:{port}", customMessage: server.Log);
                server.Log.ShouldNotContain("Overriding HTTP_PORTS", customMessage: server.Log);
                if (NonLoopbackAddress() is { } podAddress)
                {
                    (await http.GetAsync(new Uri($"http://{podAddress}:{port}{spec.LivenessPath}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
                }
                server.UserIds().ShouldBe((spec.RunAsUser, spec.RunAsUser));

                // The admission webhook answers over HTTPS on its own port, with the certificate from the mounted Secret.
                server.Log.ShouldContain($"Now listening on: https://[::]:{webhookPort}", customMessage: server.Log);
                await AssertWebhookServedAsync(webhookPort, webhookCertificate);

                // In-cluster credentials and deploy/rbac.yaml were enough to take the leader Lease in the lease namespace.
                using var admin = kube.CreateClient();
                await Eventually.TrueAsync(async () =>
                    (await admin.GetAsync(new Uri("apis/coordination.k8s.io/v1/namespaces/nereid-system/leases/nereid-reconciler", UriKind.Relative)))
                        .IsSuccessStatusCode, "the server never took the reconciler Lease with its in-cluster credentials\n" + server.Log);
                (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}{spec.ReadinessPath}"))).ShouldContain("[+]cluster local: preflight ok");

                // The kubelet sends SIGTERM and waits terminationGracePeriodSeconds (30 s by default) before SIGKILL.
                clock.Restart();
                (await server.StopAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the server did not stop within 30 s of SIGTERM\n" + server.Log);
                output.WriteLine($"SIGTERM to exit: {clock.Elapsed.TotalSeconds:F1} s");
                server.Log.ShouldNotContain("Read-only file system", customMessage: server.Log);
            }
            Snapshot(app).ShouldBe(before, "the server wrote into its application folder");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<KubeApiDouble> StartClusterAsync()
    {
        var options = new KubeDoubleOptions();
        options.Users[ServiceAccountToken] = new UserInfo("system:serviceaccount:nereid-system:nereid",
            ["system:serviceaccounts", "system:serviceaccounts:nereid-system", "system:authenticated"]);
        foreach (var file in new[] { "namespace.yaml", "rbac.yaml" })
        {
            options.SeedObjects.AddRange(YamlJson.Documents(Path.Combine(DeployDirectory, file)));
        }
        return await KubeApiDouble.StartAsync(options, CancellationToken.None);
    }

    /// <summary>The ConfigMap's files where the pod mounts them, with the placeholders an operator replaces filled in for the double.</summary>
    private static void WriteConfigMapFiles(ContainerSpec spec, string app, KubeApiDouble kube)
    {
        var data = YamlJson.Documents(Path.Combine(DeployDirectory, "configmap.yaml")).Single()["data"]!.AsObject();
        foreach (var mount in spec.Mounts.Where(m => m.ConfigMapKey is not null))
        {
            mount.MountPath.ShouldStartWith(spec.WorkingDirectory + "/", customMessage: "a ConfigMap file outside the working directory is never read");
            var text = data[mount.ConfigMapKey!]!.GetValue<string>();
            var settings = JsonNode.Parse(text)!;
            foreach (var cluster in settings["Nereid"]!["Clusters"]!.AsArray())
            {
                cluster!["ApiServerUrl"] = kube.BaseAddress.ToString();
                cluster["CertificateAuthority"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(kube.CaCertificatePem));
            }
            File.WriteAllText(Path.Combine(app, mount.MountPath[(spec.WorkingDirectory.Length + 1)..]), settings.ToJsonString());
        }
        spec.Mounts.Where(m => m.EmptyDir).Select(m => m.MountPath).ShouldBe(["/tmp"],
            "the test emulates only an emptyDir at /tmp (world-writable on the host too)");
    }

    /// <summary>What the kubelet mounts for the pod's service account.</summary>
    private static string WriteServiceAccount(string root, KubeApiDouble kube)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(dir, "token"), ServiceAccountToken);
        File.WriteAllText(Path.Combine(dir, "ca.crt"), kube.CaCertificatePem);
        File.WriteAllText(Path.Combine(dir, "namespace"), "nereid-system");
        return dir;
    }

    /// <summary>
    /// What cert-manager writes into the Secret the pod mounts for the webhook: <c>tls.crt</c> and <c>tls.key</c> (PEM),
    /// readable by the pod's user as the kubelet's Secret volume makes them.
    /// </summary>
    private static (string Directory, X509Certificate2 Certificate) WriteWebhookSecret(string root)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, "webhook-tls")).FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=nereid-webhook.nereid-system.svc", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(dir, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        foreach (var path in Directory.GetFiles(dir).Append(dir))
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(Directory.Exists(path) ? "755" : "644", 8));
        return (dir, certificate);
    }

    /// <summary>Sends the webhook an AdmissionReview over HTTPS, trusting only the Secret's certificate, and reads the patch.</summary>
    private static async Task AssertWebhookServedAsync(int port, X509Certificate2 certificate)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "container-layout", ["operation"] = "CREATE", ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["userInfo"] = new JsonObject { ["username"] = "oidc:ada@example.edu" },
                ["object"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "p" } },
            },
        };
        using var answer = await https.PostAsync(new Uri($"https://127.0.0.1:{port}/admission/created-by"),
            new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["response"]!;
        response["allowed"]!.GetValue<bool>().ShouldBeTrue();
        Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>())).ShouldContain("oidc:ada@example.edu");
    }

    private static Dictionary<string, string> ContainerEnvironment(ContainerSpec spec, int port, (int Port, string Directory) webhook, string connectionString,
        KubeApiDouble kube, string home)
    {
        var env = new Dictionary<string, string>(spec.ImageEnvironment, StringComparer.Ordinal);
        foreach (var (name, value, secret, key) in spec.PodEnvironment)
        {
            env[name] = value ?? (secret, key) switch
            {
                ("nereid-database", "connectionString") => connectionString,
                _ => throw new InvalidOperationException($"the test does not know Secret {secret}/{key} (env {name})"),
            };
        }
        // Kestrel's endpoints, as the pod lists them, moved to free ports; the webhook's certificate read from where the Secret is mounted.
        env["Kestrel__Endpoints__Http__Url"].ShouldBe($"http://*:{spec.ContainerPort}", "the server must listen on the containerPort the probes use");
        env["Kestrel__Endpoints__Http__Url"] = $"http://*:{port}";
        env["Kestrel__Endpoints__Webhook__Url"].ShouldBe($"https://*:{spec.WebhookPort}", "the webhook must listen on its containerPort, over HTTPS");
        env["Kestrel__Endpoints__Webhook__Url"] = $"https://*:{webhook.Port}";
        var tlsMount = spec.Mounts.Single(m => m.SecretName == "nereid-webhook-tls").MountPath;
        foreach (var key in new[] { "Kestrel__Endpoints__Webhook__Certificate__Path", "Kestrel__Endpoints__Webhook__Certificate__KeyPath" })
        {
            env[key].ShouldStartWith(tlsMount + "/", customMessage: $"{key} must read the mounted Secret");
            env[key] = Path.Combine(webhook.Directory, env[key][(tlsMount.Length + 1)..]);
        }
        // What the kubelet adds to every container.
        env["KUBERNETES_SERVICE_HOST"] = kube.BaseAddress.Host;
        env["KUBERNETES_SERVICE_PORT"] = kube.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);
        env["HOSTNAME"] = "nereid-0";
        env["HOME"] = home;
        return env;
    }

    private static async Task<string> WaitForAsync(ContainerProcess server, HttpClient http, Uri url, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            server.HasExited.ShouldBeFalse("the server exited\n" + server.Log);
            try
            {
                using var response = await http.GetAsync(url);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        throw new ShouldAssertException($"{url} never answered 200 (last: {last})\n{server.Log}");
    }

    private static string? NonLoopbackAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))?.ToString();

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static List<string> Snapshot(string dir) =>
    [
        .. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p)
                ? $"{Path.GetRelativePath(dir, p)} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}"
                : Path.GetRelativePath(dir, p) + "/"),
    ];
}
