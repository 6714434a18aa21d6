using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.People;

/// <summary>A platform admin unlinks a person's upstream sign-in, never their last way to sign in.</summary>
public sealed class AdminUnlinkTests(NereidAppFactory app) : IClassFixture<NereidAppFactory>
{
    [Fact]
    public async Task Unlink_LastWayToSignIn_409AndKept()
    {
        var (person, identities) = await PersonWithIdentitiesAsync("unlink-una", 1);
        using var platform = await app.ClientForAsync(await app.AdminAsync());

        using var response = await platform.DeleteAsync($"/api/v1/people/{person.Id}/identities/{identities[0]}");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("only way to sign in");
        (await IdentitiesOfAsync(person.Id)).ShouldBe(identities);
    }

    [Fact]
    public async Task Unlink_OneOfTwo_RemovedAndAudited()
    {
        var (person, identities) = await PersonWithIdentitiesAsync("unlink-uri", 2);
        using var platform = await app.ClientForAsync(await app.AdminAsync());

        using var response = await platform.DeleteAsync($"/api/v1/people/{person.Id}/identities/{identities[0]}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await IdentitiesOfAsync(person.Id)).ShouldBe([identities[1]]);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        (await db.AuditEvents.AsNoTracking().CountAsync(e => e.Action == "identity.unlink" && e.TargetId == identities[0].ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task Unlink_IdentityOfSomeoneElse_404()
    {
        var (person, _) = await PersonWithIdentitiesAsync("unlink-uma", 2);
        var (_, others) = await PersonWithIdentitiesAsync("unlink-ugo", 2);
        using var platform = await app.ClientForAsync(await app.AdminAsync());

        using var response = await platform.DeleteAsync($"/api/v1/people/{person.Id}/identities/{others[0]}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await IdentitiesOfAsync(person.Id)).Count.ShouldBe(2);
    }

    private async Task<(Person Person, List<Guid> Identities)> PersonWithIdentitiesAsync(string name, int count)
    {
        var person = await app.CreateBarePersonAsync(name, Tier.User);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var rows = Enumerable.Range(0, count).Select(i => new ExternalIdentity
        {
            PersonId = person.Id, Issuer = $"https://idp{i}.example.edu", Subject = name, LinkedAt = DateTime.UtcNow.AddMinutes(i),
        }).ToList();
        db.ExternalIdentities.AddRange(rows);
        await db.SaveChangesAsync();
        return (person, rows.Select(r => r.Id).ToList());
    }

    private async Task<List<Guid>> IdentitiesOfAsync(Guid personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        return await db.ExternalIdentities.AsNoTracking().Where(e => e.PersonId == personId).OrderBy(e => e.LinkedAt).Select(e => e.Id).ToListAsync();
    }
}
