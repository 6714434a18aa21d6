using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Nereid.KubeDouble;
using Nereid.KubeDouble.Auth;
using YamlDotNet.RepresentationModel;

namespace Nereid.KubeDouble.Tests.Conformance;

/// <summary>
/// The server under test: an in-process double by default, or a real cluster when
/// <c>NEREID_CONFORMANCE_KUBECONFIG</c> names a kubeconfig (server, certificate-authority-data and token are read).
/// </summary>
public sealed class ConformanceTarget : IAsyncLifetime
{
    public KubeApiDouble? Double { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public bool IsDouble => Double is not null;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("NEREID_CONFORMANCE_KUBECONFIG");
        if (string.IsNullOrEmpty(path))
        {
            Double = await KubeApiDouble.StartAsync(new KubeDoubleOptions { WatchHistorySize = 100_000 }, CancellationToken.None);
            Client = Double.CreateClient();
            return;
        }
        var yaml = new YamlStream();
        yaml.Load(new StringReader(await File.ReadAllTextAsync(path)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var cluster = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)root["clusters"])[0])["cluster"];
        var user = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)root["users"])[0])["user"];
        var server = ((YamlScalarNode)cluster["server"]).Value!;
        var handler = new SocketsHttpHandler();
        if (cluster.Children.TryGetValue("certificate-authority-data", out var caNode))
        {
            var pem = Encoding.UTF8.GetString(Convert.FromBase64String(((YamlScalarNode)caNode).Value!));
            var ca = X509Certificate2.CreateFromPem(pem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && CaTrust.Verify(ca, cert);
        }
        Client = new HttpClient(handler) { BaseAddress = new Uri(server) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ((YamlScalarNode)user["token"]).Value);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (Double is not null)
        {
            await Double.DisposeAsync();
        }
    }

    /// <summary>Creates a fresh namespace with a unique name.</summary>
    public async Task<string> NewNamespaceAsync()
    {
        var name = "conf-" + Guid.NewGuid().ToString("N")[..10];
        var response = await Client.PostAsync("/api/v1/namespaces", Json(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return name;
    }

    public static StringContent Json(JsonNode node, string contentType = "application/json") =>
        new(node.ToJsonString(), new MediaTypeHeaderValue(contentType));

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string url, JsonNode? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = Json(body, contentType);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SendTextAsync(HttpMethod method, string url, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, new MediaTypeHeaderValue(contentType)) };
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public static JsonObject ConfigMap(string ns, string name, Dictionary<string, string>? labels = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            var l = new JsonObject();
            foreach (var (k, v) in labels)
            {
                l[k] = v;
            }
            meta["labels"] = l;
        }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta, ["data"] = new JsonObject { ["k"] = "v" } };
    }
}

[CollectionDefinition("conformance")]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceTarget>;
