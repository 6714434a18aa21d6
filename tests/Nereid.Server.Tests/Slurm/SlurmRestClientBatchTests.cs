using System.Net;
using System.Text.Json.Nodes;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmRestClientBatchTests
{
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<JsonNode> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"errors":[]}""") };
        }
    }

    private static (SlurmRestClient Client, RecordingHandler Handler) Client(int batch)
    {
        var handler = new RecordingHandler();
        var options = new SlurmClusterOptions { Name = "c", RestUrl = "http://127.0.0.1:1/", ClusterName = "c", UserName = "nereid", Token = "t", Namespaces = ["*"] };
        return (new SlurmRestClient(new HttpClient(handler) { BaseAddress = new Uri(options.RestUrl) }, options, batch), handler);
    }

    [Fact]
    public async Task PostAssociationsAsync_MoreThanABatch_OneRequestPerBatchInOrder()
    {
        var (client, handler) = Client(batch: 500);
        var associations = Enumerable.Range(0, 1201).Select(i => new SlurmAssociation($"a{i:D4}", "", "inst-x", new Dictionary<string, long>(), [])).ToList();

        await client.PostAssociationsAsync(associations, default);

        client.Writes.ShouldBe(3);
        handler.Bodies.Select(b => b["associations"]!.AsArray().Count).ShouldBe([500, 500, 201]);
        handler.Bodies.SelectMany(b => b["associations"]!.AsArray().Select(a => a!["account"]!.GetValue<string>()))
            .ShouldBe(associations.Select(a => a.Account));
    }

    [Fact]
    public async Task PostUsersAsync_Nothing_SendsNothing()
    {
        var (client, handler) = Client(batch: 2);

        await client.PostUsersAsync([], null, default);

        client.Requests.ShouldBe(0);
        handler.Bodies.ShouldBeEmpty();
    }
}
