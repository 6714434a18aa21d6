using System.Net;
using System.Text.Json.Nodes;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

/// <summary>
/// slurmrestd as the unit tests need it: list reads answer an empty cluster (but for <see cref="Users"/> and
/// <see cref="Accounts"/>), writes are
/// recorded with their bodies and accepted.
/// </summary>
internal sealed class FakeSlurmRest : HttpMessageHandler
{
    /// <summary>Each write request's path and body, in the order sent.</summary>
    public List<(string Path, JsonNode Body)> Writes { get; } = [];

    /// <summary>Users the cluster already has.</summary>
    public string[] Users { get; init; } = [];

    /// <summary>Accounts the cluster already has, each as slurmrestd's JSON object.</summary>
    public string[] Accounts { get; init; } = [];

    /// <summary>A client of this fake for cluster <c>c</c>, writing <paramref name="batch"/> records per request.</summary>
    public SlurmRestClient Client(int batch = SlurmRestClient.DefaultBatchSize)
    {
        var options = new SlurmClusterOptions { Name = "c", RestUrl = "http://127.0.0.1:1/", ClusterName = "c", UserName = "nereid", Token = "t", Namespaces = ["*"] };
        return new SlurmRestClient(new HttpClient(this) { BaseAddress = new Uri(options.RestUrl) }, options, batch);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var answer = """{"errors":[]}""";
        if (request.Method == HttpMethod.Get)
        {
            var kind = path.Split('/')[^1];
            var items = kind switch
            {
                "users" => string.Join(",", Users.Select(u => $$"""{"name":"{{u}}"}""")),
                "accounts" => string.Join(",", Accounts),
                _ => "",
            };
            answer = $$"""{"{{kind}}":[{{items}}],"errors":[]}""";
        }
        else
        {
            Writes.Add((path, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!));
        }
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer) };
    }
}
