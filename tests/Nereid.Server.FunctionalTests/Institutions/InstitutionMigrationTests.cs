using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nereid.Data;
using Nereid.Data.Database;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Institutions;

/// <summary>
/// M0023 on a database that holds free-text institutions (SQLite, or PostgreSQL with NEREID_TEST_DATABASE=postgres):
/// each value becomes one institution however it was capitalised or padded, people and namespaces are linked to it and
/// named as it is, and empty text stays empty and unlinked.
/// </summary>
public sealed class InstitutionMigrationTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public void Dispose() => _database.Dispose();

    private NereidDbContext Context()
    {
        var options = new DatabaseOptions
        {
            Provider = _database.Provider == "Postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            ConnectionString = _database.ConnectionString, DataDirectory = _database.DataDirectory,
        };
        var builder = new DbContextOptionsBuilder<NereidDbContext>();
        DataServiceExtensions.Configure(builder, options);
        return new NereidDbContext(builder.Options);
    }

    [Fact]
    public async Task Migrate_FreeTextInstitutions_OneRowPerValueCaseInsensitivelyAndReferrersLinked()
    {
        await using (var before = Context())
        {
            await before.GetService<IMigrator>().MigrateAsync("20261203000022_PersonMerge");
            var sqlite = _database.Provider != "Postgres";
            foreach (var (name, institution) in new[] { ("a", "UC San Diego"), ("b", "uc san diego "), ("c", "Caltech"), ("d", "") })
            {
                object id = sqlite ? Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid();
                await before.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "people" ("Id", "DisplayName", "Email", "NormalizedEmail", "Institution", "Tier", "CreatedAt", "SecurityStamp", "SuspensionReason")
                    VALUES ({id}, {name}, {name + "@example.edu"}, {name + "@example.edu"}, {institution}, 'User', {DateTime.UtcNow}, 'stamp', '')
                    """);
            }
        }

        await using var db = Context();
        await db.GetService<IMigrator>().MigrateAsync();

        var institutions = await db.Institutions.AsNoTracking().ToListAsync();
        institutions.Select(i => i.Name).Order(StringComparer.Ordinal).ShouldBe(["Caltech", "UC San Diego"]);
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.DisplayName);
        var ucsd = institutions.Single(i => i.Name == "UC San Diego").Id;
        people["a"].InstitutionId.ShouldBe(ucsd);
        people["b"].InstitutionId.ShouldBe(ucsd);
        people["b"].Institution.ShouldBe("UC San Diego");
        people["c"].InstitutionId.ShouldBe(institutions.Single(i => i.Name == "Caltech").Id);
        people["d"].InstitutionId.ShouldBeNull();
        people["d"].Institution.ShouldBe("");
    }
}
