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

        public string[] Users { get; init; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var answer = """{"errors":[]}""";
            if (request.Method == HttpMethod.Get)
            {
                var kind = path.Split('/')[^1];
                var items = kind == "users" ? string.Join(",", Users.Select(u => $$"""{"name":"{{u}}"}""")) : "";
                answer = $$"""{"{{kind}}":[{{items}}],"errors":[]}""";
            }
            else
                Writes.Add((path, JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer) };
        }
    }

    // An association as account/user (an account's own: the account), a user as name[their associations].
    private static string Record(JsonNode? r) =>
        r!["name"] is { } name ? name.GetValue<string>() + (r["associations"] is JsonArray own ? $"[{string.Join(",", own.Select(Record))}]" : "")
        : r["account"]!.GetValue<string>() + (r["user"]?.GetValue<string>() is { } user ? "/" + user : "");

    [Fact]
    public async Task PassAsync_EmptyCluster_AccountAssociationsFirstThenUsersWithTheirs()
    {
        var handler = new EmptyClusterHandler();
        var options = new SlurmClusterOptions { Name = "c", RestUrl = "http://127.0.0.1:1/", ClusterName = "c", UserName = "nereid", Token = "t", Namespaces = ["*"] };
        var client = new SlurmRestClient(new HttpClient(handler) { BaseAddress = new Uri(options.RestUrl) }, options, batchSize: 2);
        var projector = new SlurmProjector(client, TimeProvider.System, TimeSpan.FromDays(1));
        SlurmDesiredNamespace Namespace(string name, params string[] members) => new(name, "UC San Diego", name, [.. members.Select(m => (m, m == members[0]))],
            new Dictionary<string, long> { ["cpu"] = 8 }, []);

        var pass = await projector.PassAsync([Namespace("physics", "alice", "bob"), Namespace("chemistry", "carol")], default);

        var steps = handler.Writes.Select(w => w.Path.Split('/')[^1] + ":" + string.Join(",", w.Body[w.Path.Split('/')[^1]]!.AsArray().Select(Record))).ToList();
        steps.ShouldBe([
            "accounts:inst-uc-san-diego,chemistry", "accounts:physics",
            "associations:inst-uc-san-diego",
            "associations:chemistry,physics",
            // New users carry their associations: no association request of their own.
            "users:alice[physics/alice],bob[physics/bob]", "users:carol[chemistry/carol]",
            // Coordinators.
            "users:alice,carol",
        ]);
        pass.Writes.ShouldBe(handler.Writes.Count);
    }

    [Fact]
    public async Task PassAsync_ExistingUserJoinsNamespace_AssociationPostedOnItsOwn()
    {
        var handler = new EmptyClusterHandler { Users = ["alice"] };
        var options = new SlurmClusterOptions { Name = "c", RestUrl = "http://127.0.0.1:1/", ClusterName = "c", UserName = "nereid", Token = "t", Namespaces = ["*"] };
        var client = new SlurmRestClient(new HttpClient(handler) { BaseAddress = new Uri(options.RestUrl) }, options);
        var projector = new SlurmProjector(client, TimeProvider.System, TimeSpan.FromDays(1));

        await projector.PassAsync([new SlurmDesiredNamespace("physics", "UC San Diego", "physics", [("alice", false), ("bob", false)],
            new Dictionary<string, long>(), [])], default);

        var users = handler.Writes.Single(w => w.Path.EndsWith("/users", StringComparison.Ordinal)).Body["users"]!.AsArray();
        users.Select(Record).ShouldBe(["bob[physics/bob]"]);
        handler.Writes.Last().Body["associations"]!.AsArray().Select(Record).ShouldBe(["physics/alice"]);
    }
}
