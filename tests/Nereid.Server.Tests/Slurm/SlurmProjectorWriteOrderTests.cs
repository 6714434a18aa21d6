using System.Net;
using System.Text.Json.Nodes;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

/// <summary>
/// The order of a cold pass's writes. slurmdbd 22.05 reads every user and their coordinator accounts again after each
/// request that adds an account association, so account associations must reach it while it knows few users.
/// </summary>
public sealed class SlurmProjectorWriteOrderTests
{
    private sealed class EmptyClusterHandler : HttpMessageHandler
    {
        public List<(string Path, JsonNode Body)> Writes { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var answer = """{"errors":[]}""";
            if (request.Method == HttpMethod.Get)
                answer = $$"""{"{{path.Split('/')[^1]}}":[],"errors":[]}""";
            else
                Writes.Add((path, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer) };
        }
    }

    [Fact]
    public async Task PassAsync_EmptyCluster_AccountAssociationsBeforeUsersBeforeMemberAssociations()
    {
        var handler = new EmptyClusterHandler();
        var options = new SlurmClusterOptions { Name = "c", RestUrl = "http://127.0.0.1:1/", ClusterName = "c", UserName = "nereid", Token = "t", Namespaces = ["*"] };
        var client = new SlurmRestClient(new HttpClient(handler) { BaseAddress = new Uri(options.RestUrl) }, options, batchSize: 2);
        var projector = new SlurmProjector(client, TimeProvider.System, TimeSpan.FromDays(1));
        SlurmDesiredNamespace Namespace(string name, params string[] members) => new(name, "UC San Diego", name, [.. members.Select(m => (m, m == members[0]))],
            new Dictionary<string, long> { ["cpu"] = 8 }, []);

        var pass = await projector.PassAsync([Namespace("physics", "alice", "bob"), Namespace("chemistry", "carol")], default);

        var steps = handler.Writes.Select(w => w.Path.Split('/')[^1] + ":" + string.Join(",", w.Body[w.Path.Split('/')[^1]]!.AsArray()
            .Select(r => r!["user"]?.GetValue<string>() is { } user ? r["account"]!.GetValue<string>() + "/" + user
                : r!["account"]?.GetValue<string>() ?? r["name"]!.GetValue<string>()))).ToList();
        steps.ShouldBe([
            "accounts:inst-uc-san-diego,chemistry", "accounts:physics",
            "associations:inst-uc-san-diego",
            "associations:chemistry,physics",
            "users:alice,bob", "users:carol",
            "associations:chemistry/carol,physics/alice", "associations:physics/bob",
            "users:alice,carol",
        ]);
        pass.Writes.ShouldBe(handler.Writes.Count);
    }
}
