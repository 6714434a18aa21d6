using System.Text.Json.Nodes;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

/// <summary>
/// The order of a cold pass's writes. slurmdbd 22.05 reads every user and their coordinator accounts again after each
/// request that adds an account association, so account associations must reach it while it knows few users.
/// </summary>
public sealed class SlurmProjectorWriteOrderTests
{
    // An association as account/user (an account's own: the account), a user as name[their associations].
    private static string Record(JsonNode? r) =>
        r!["name"] is { } name ? name.GetValue<string>() + (r["associations"] is JsonArray own ? $"[{string.Join(",", own.Select(Record))}]" : "")
        : r["account"]!.GetValue<string>() + (r["user"]?.GetValue<string>() is { } user ? "/" + user : "");

    [Fact]
    public async Task PassAsync_EmptyCluster_AccountAssociationsFirstThenUsersWithTheirs()
    {
        var handler = new FakeSlurmRest();
        var projector = new SlurmProjector(handler.Client(batch: 2), TimeProvider.System, TimeSpan.FromDays(1));
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
        var handler = new FakeSlurmRest { Users = ["alice"] };
        var projector = new SlurmProjector(handler.Client(), TimeProvider.System, TimeSpan.FromDays(1));

        await projector.PassAsync([new SlurmDesiredNamespace("physics", "UC San Diego", "physics", [("alice", false), ("bob", false)],
            new Dictionary<string, long>(), [])], default);

        var users = handler.Writes.Single(w => w.Path.EndsWith("/users", StringComparison.Ordinal)).Body["users"]!.AsArray();
        users.Select(Record).ShouldBe(["bob[physics/bob]"]);
        handler.Writes.Last().Body["associations"]!.AsArray().Select(Record).ShouldBe(["physics/alice"]);
    }
}
