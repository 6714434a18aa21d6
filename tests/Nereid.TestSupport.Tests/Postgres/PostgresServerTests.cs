using Nereid.TestSupport.Postgres;
using Npgsql;

namespace Nereid.TestSupport.Tests.Postgres;

public class PostgresServerTests
{
    [Fact]
    public async Task CreateDatabaseAsync_SharedServer_ReturnsWorkingConnectionString()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("harness_roundtrip", TestTimeout.Token);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestTimeout.Token);
        await using (var create = new NpgsqlCommand("CREATE TABLE t(id int primary key, name text); INSERT INTO t VALUES (1, 'nereid');", connection))
        {
            await create.ExecuteNonQueryAsync(TestTimeout.Token);
        }

        await using var select = new NpgsqlCommand("SELECT current_database(), (SELECT name FROM t WHERE id = 1), current_setting('fsync'), version()", connection);
        await using var reader = await select.ExecuteReaderAsync(TestTimeout.Token);
        (await reader.ReadAsync(TestTimeout.Token)).ShouldBeTrue();
        reader.GetString(0).ShouldBe("harness_roundtrip");
        reader.GetString(1).ShouldBe("nereid");
        reader.GetString(2).ShouldBe("off");
        reader.GetString(3).ShouldStartWith("PostgreSQL 15");
    }

    [Fact]
    public async Task GetSharedAsync_CalledTwice_ReturnsSameInstanceOnLoopback()
    {
        var first = await PostgresServer.GetSharedAsync();
        var second = await PostgresServer.GetSharedAsync();

        second.ShouldBeSameAs(first);
        first.ConnectionStringFor("postgres").ShouldContain("Host=127.0.0.1");
    }

    [Fact]
    public async Task CreateDatabaseAsync_InvalidName_Throws()
    {
        var server = await PostgresServer.GetSharedAsync();

        await Should.ThrowAsync<ArgumentException>(() => server.CreateDatabaseAsync("x\"; DROP DATABASE postgres; --", TestTimeout.Token));
    }

    [Fact]
    public async Task Dispose_PrivateInstance_StopsServerAndDeletesFolder()
    {
        var server = await PostgresServer.StartAsync(TestTimeout.Token);
        var connectionString = await server.CreateDatabaseAsync(TestTimeout.Token);
        Directory.Exists(server.RootDirectory).ShouldBeTrue();

        await server.DisposeAsync();

        Directory.Exists(server.RootDirectory).ShouldBeFalse();
        await using var connection = new NpgsqlConnection(connectionString);
        await Should.ThrowAsync<NpgsqlException>(() => connection.OpenAsync(TestTimeout.Token));
    }
}
