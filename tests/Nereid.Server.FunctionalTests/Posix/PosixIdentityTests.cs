using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Identity;
using Nereid.Server.Posix;
using OidcIdentity = Nereid.Identity.Oidc.ExternalIdentity;

namespace Nereid.Server.FunctionalTests.Posix;

/// <summary>People's POSIX identities through the API: stable, unique, from the eppn claim when present, exported for operators.</summary>
public sealed class PosixIdentityTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task GetMyPosix_CalledTwice_SameNameAndUidFromTheConfiguredRange()
    {
        var client = world.Client(Role.User);

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/posix");
        var second = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/posix");

        second.GetProperty("userName").GetString().ShouldBe(first.GetProperty("userName").GetString());
        second.GetProperty("uid").GetInt32().ShouldBe(first.GetProperty("uid").GetInt32());
        first.GetProperty("uid").GetInt32().ShouldBeGreaterThanOrEqualTo(new PosixOptions().FirstUid);
        first.GetProperty("source").GetString().ShouldBe("assigned");
        first.GetProperty("userName").GetString().ShouldBe("u" + first.GetProperty("uid").GetInt32());
    }

    [Fact]
    public async Task SignInAsync_EppnClaims_NameFromLocalPartAndUniqueOnClash()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var logins = scope.ServiceProvider.GetRequiredService<ExternalLoginService>();
        var posix = scope.ServiceProvider.GetRequiredService<PosixIdentityService>();
        var local = "jdoe" + Guid.NewGuid().ToString("N")[..6];
        var subject = Guid.NewGuid().ToString("N");

        var first = await logins.SignInAsync(Identity("https://idp-a.example", local + "@ucsd.edu", subject), default);
        var second = await logins.SignInAsync(Identity("https://idp-b.example", local.ToUpperInvariant() + "@psi.ch"), default);
        var firstAgain = await logins.SignInAsync(Identity("https://idp-a.example", "renamed@ucsd.edu", subject), default);

        var a = await posix.GetAsync(MatrixWorld.ActorOf(first), first.Id, default);
        var b = await posix.GetAsync(MatrixWorld.ActorOf(second), second.Id, default);
        a.UserName.ShouldBe(local);
        a.Source.ShouldBe("claim");
        b.UserName.ShouldBe(local + "2");
        b.Uid.ShouldNotBe(a.Uid);
        firstAgain.Id.ShouldBe(first.Id);
        (await posix.GetAsync(MatrixWorld.ActorOf(first), first.Id, default)).UserName.ShouldBe(local, "a later login never renames");
    }

    [Fact]
    public async Task ExportPasswd_EveryPerson_OneLineEachWithUniqueNamesAndUids()
    {
        var admin = world.Client(Role.PlatformAdmin);

        var passwd = await admin.GetStringAsync("/api/v1/posix/accounts?format=passwd");
        var json = await admin.GetFromJsonAsync<JsonElement>("/api/v1/posix/accounts");

        var lines = passwd.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')).ToList();
        lines.ShouldAllBe(f => f.Length == 7 && f[1] == "x" && f[3] == "100" && f[5] == "/home/" + f[0] && f[6] == "/bin/bash");
        lines.Select(f => f[0]).ShouldBeUnique();
        lines.Select(f => f[2]).ShouldBeUnique();
        var items = json.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("userName").GetString()).ShouldBe(lines.Select(f => f[0]));
        foreach (var person in world.People.Values)
            items.ShouldContain(i => i.GetProperty("personId").GetGuid() == person.Id);
    }

    [Fact]
    public async Task ExportCsv_QuotedFields_RoundTripToTheJsonExport()
    {
        var admin = world.Client(Role.PlatformAdmin);
        await world.App.CreateBarePersonAsync("Doe, \"Jay\"", Domain.People.Tier.User);

        var csv = await admin.GetStringAsync("/api/v1/posix/accounts?format=csv");
        var json = await admin.GetFromJsonAsync<JsonElement>("/api/v1/posix/accounts");

        var rows = CsvRows(csv);
        rows[0].ShouldBe(["user_name", "uid", "gid", "home", "shell", "source", "person_id", "display_name", "email", "institution"]);
        var items = json.GetProperty("items").EnumerateArray().ToList();
        rows.Count.ShouldBe(items.Count + 1);
        foreach (var (row, item) in rows.Skip(1).Zip(items))
        {
            row[0].ShouldBe(item.GetProperty("userName").GetString());
            row[1].ShouldBe(item.GetProperty("uid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            row[7].ShouldBe(item.GetProperty("displayName").GetString());
        }
        rows.ShouldContain(r => r[7] == "Doe, \"Jay\"");
    }

    private static OidcIdentity Identity(string issuer, string eppn, string? subject = null) =>
        new(issuer, subject ?? Guid.NewGuid().ToString("N"), "Example U", null, "Jo Doe", null, null, null, null,
            new Dictionary<string, string> { ["eppn"] = eppn });

    // A small RFC 4180 reader: quoted fields with doubled quotes and embedded commas.
    private static List<string[]> CsvRows(string csv)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }
        return rows;
    }
}
