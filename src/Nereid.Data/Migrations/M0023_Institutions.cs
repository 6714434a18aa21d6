using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nereid.Data.Migrations;

/// <summary>
/// Institutions as data: a table of institutions (name, short names, domain, IdP entity ID), and people and namespaces
/// referring to one. Today's free-text values become rows, one per value compared case-insensitively and trimmed (the
/// first spelling in ordinal order names it); people and namespaces are linked to theirs and their text set to its
/// name. Empty text matches nothing and stays as it was. Schema provider-neutral like M0001; the data step differs
/// only in how each provider makes a new id and the current time.
/// </summary>
[DbContext(typeof(NereidDbContext))]
[Migration("20261204000023_Institutions")]
internal sealed class M0023_Institutions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("institutions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            ShortNames = t.Column<string>(maxLength: 2000, nullable: false),
            Domain = t.Column<string>(maxLength: 253, nullable: false),
            IdpEntityId = t.Column<string>(maxLength: 500, nullable: true),
            Version = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_institutions", x => x.Id));
        m.CreateIndex("IX_institutions_Name", "institutions", "Name");
        m.CreateIndex("IX_institutions_IdpEntityId", "institutions", "IdpEntityId", unique: true);
        m.AddColumn<Guid>("InstitutionId", "people", nullable: true);
        m.AddColumn<Guid>("InstitutionId", "namespaces", nullable: true);
        m.CreateIndex("IX_people_InstitutionId", "people", "InstitutionId");
        m.CreateIndex("IX_namespaces_InstitutionId", "namespaces", "InstitutionId");

        var postgres = m.ActiveProvider?.Contains("Npgsql", StringComparison.Ordinal) == true;
        // SQLite keeps a Guid as upper-case text in 8-4-4-4-12 form, each group random here.
        var newId = postgres ? "gen_random_uuid()"
            : "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6)))";
        var now = postgres ? "now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
        m.Sql($"""
            INSERT INTO "institutions" ("Id", "Name", "ShortNames", "Domain", "IdpEntityId", "Version", "CreatedAt", "UpdatedAt")
            SELECT {newId}, "Name", '[]', '', NULL, 1, {now}, {now}
            FROM (SELECT MIN("Value") AS "Name" FROM (
                    SELECT trim("Institution") AS "Value" FROM "people"
                    UNION ALL SELECT trim("Institution") FROM "namespaces") AS "texts"
                  WHERE "Value" <> '' GROUP BY lower("Value")) AS "distinct_names";
            """);
        foreach (var table in new[] { "people", "namespaces" })
        {
            m.Sql($"""
                UPDATE "{table}" SET
                    "InstitutionId" = (SELECT i."Id" FROM "institutions" i WHERE lower(i."Name") = lower(trim("{table}"."Institution"))),
                    "Institution" = (SELECT i."Name" FROM "institutions" i WHERE lower(i."Name") = lower(trim("{table}"."Institution")))
                WHERE trim("Institution") <> '';
                """);
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_namespaces_InstitutionId", "namespaces");
        m.DropIndex("IX_people_InstitutionId", "people");
        m.DropColumn("InstitutionId", "namespaces");
        m.DropColumn("InstitutionId", "people");
        m.DropTable("institutions");
    }
}
