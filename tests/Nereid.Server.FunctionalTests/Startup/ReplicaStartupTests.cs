using System.Net;
using Nereid.TestSupport.Postgres;
using Npgsql;

namespace Nereid.Server.FunctionalTests.Startup;

/// <summary>Replicas that start together on one PostgreSQL database, and a replica that starts while the database is down.</summary>
public sealed class ReplicaStartupTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Start_TwoReplicasInTheSameSecondOnAnEmptyDatabase_BothReadyAndExactlyOneAdmin()
    {
        var server = await PostgresServer.GetSharedAsync();
        for (var round = 1; round <= 10; round++)
        {
            var connection = await server.CreateDatabaseAsync(Ct);
            await using var first = ReplicaHost.Create(connection);
            await using var second = ReplicaHost.Create(connection);

            // No password configured: each replica would print (and write) a generated one if it created the admin.
            await Task.WhenAll(Task.Run(() => first.StartAsync(Ct)),
                Task.Run(() => second.StartAsync(Ct)));

            foreach (var replica in new[] { first, second })
            {
                using var client = replica.Client();
                var ready = await client.GetAsync("/readyz", Ct);
                ready.StatusCode.ShouldBe(HttpStatusCode.OK, $"round {round}: {await ready.Content.ReadAsStringAsync(Ct)}");
            }
            (await CountAsync(connection, "SELECT count(*) FROM people WHERE \"Tier\" = 'PlatformAdmin'")).ShouldBe(1, $"round {round}");
            (await CountAsync(connection, "SELECT count(*) FROM local_accounts")).ShouldBe(1, $"round {round}");
            new[] { first, second }.Count(r => File.Exists(Path.Combine(r.DataDirectory, "initial-admin-password")))
                .ShouldBe(1, $"round {round}: exactly one replica created the admin and gave out its password");
        }
    }

    [Fact]
    public async Task Start_DatabaseDownAtStart_ServesHealthAndNotReadyThenBecomesReadyWhenItReturns()
    {
        await using var server = await PostgresServer.StartAsync(Ct);
        var connection = await server.CreateDatabaseAsync(Ct);
        await server.SuspendAsync(Ct);
        await using var replica = ReplicaHost.Create(connection, new Dictionary<string, string?>
        {
            ["Nereid:Startup:DatabaseRetryInitial"] = "00:00:00.200",
            ["Nereid:Startup:DatabaseRetryMax"] = "00:00:01",
        });

        await replica.StartAsync(Ct);
        using var client = replica.Client();
        (await client.GetStringAsync("/healthz", Ct)).ShouldBe("ok");
        var notReady = await client.GetAsync("/readyz", Ct);
        notReady.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await notReady.Content.ReadAsStringAsync(Ct)).ShouldContain("waiting for the database");
        var api = await client.GetAsync("/api/v1/namespaces", Ct);
        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        api.Headers.RetryAfter.ShouldNotBeNull();
        (await api.Content.ReadAsStringAsync(Ct)).ShouldContain("\"dependency\":\"database\"");

        await server.ResumeAsync(Ct);

        await Clusters.Eventually.TrueAsync(async () =>
            (await client.GetAsync("/readyz", Ct)).StatusCode == HttpStatusCode.OK,
            "the replica becomes ready once PostgreSQL is back, without a restart");
        (await CountAsync(connection, "SELECT count(*) FROM people WHERE \"Tier\" = 'PlatformAdmin'")).ShouldBe(1);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
