using System.Text.Json.Nodes;
using Nereid.Server.Slurm;

namespace Nereid.Server.Tests.Slurm;

public sealed class SlurmRestClientBatchTests
{
    [Fact]
    public async Task PostAssociationsAsync_MoreThanABatch_OneRequestPerBatchInOrder()
    {
        var handler = new FakeSlurmRest();
        var client = handler.Client(batch: 500);
        var associations = Enumerable.Range(0, 1201).Select(i => new SlurmAssociation($"a{i:D4}", "", "inst-x", new Dictionary<string, long>(), [])).ToList();

        await client.PostAssociationsAsync(associations, default);

        client.Writes.ShouldBe(3);
        handler.Writes.Select(w => w.Body["associations"]!.AsArray().Count).ShouldBe([500, 500, 201]);
        handler.Writes.SelectMany(w => w.Body["associations"]!.AsArray().Select(a => a!["account"]!.GetValue<string>()))
            .ShouldBe(associations.Select(a => a.Account));
    }

    [Fact]
    public async Task PostUsersAsync_Nothing_SendsNothing()
    {
        var handler = new FakeSlurmRest();
        var client = handler.Client(batch: 2);

        await client.PostUsersAsync([], null, default);

        client.Requests.ShouldBe(0);
        handler.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task PostUsersAsync_AssociationWithLimits_RefusedBeforeAnythingIsSent()
    {
        var handler = new FakeSlurmRest();
        var client = handler.Client();
        var limited = new SlurmAssociation("physics", "alice", "", new Dictionary<string, long> { ["cpu"] = 1 }, []);

        await Should.ThrowAsync<ArgumentException>(() => client.PostUsersAsync([("alice", "physics")], new[] { limited }.ToLookup(a => a.User), default));

        handler.Writes.ShouldBeEmpty();
    }
}
