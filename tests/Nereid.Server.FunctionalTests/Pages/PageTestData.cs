using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;

namespace Nereid.Server.FunctionalTests.Pages;

/// <summary>Arranging state directly through the services, so tests spend their requests on the page under test.</summary>
internal static class PageTestData
{
    public static Dictionary<string, string> NamespaceFields(string name, string institution = "UC Example", string description = "A *test* namespace.") => new()
    {
        ["Input.Name"] = name,
        ["Input.Institution"] = institution,
        ["Input.Pis"] = "Dr. Ada\nDr. Grace",
        ["Input.Grants"] = "NSF-1234",
        ["Input.Software"] = "PyTorch",
        ["Input.Description"] = description,
        ["Input.Publications"] = "10.1234/abc.def\nhttps://example.org/paper",
    };

    public static async Task<NamespaceView> CreateNamespaceAsync(this NereidAppFactory app, Person owner, string name,
        string institution = "UC Example", string description = "")
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        return await service.CreateAsync(ActorOf(owner), new NamespaceInput(name, institution, ["Dr. Ada"], [], ["PyTorch"], description, []), CancellationToken.None);
    }

    public static async Task AddMemberAsync(this NereidAppFactory app, Person admin, string name, Person member, Nereid.Domain.Namespaces.MembershipRole role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        await service.SetMemberAsync(ActorOf(admin), name, member.Id.ToString(), role, CancellationToken.None);
    }

    public static async Task<T> QueryAsync<T>(this NereidAppFactory app, Func<NereidDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NereidDbContext>());
    }

    public static Task<bool> NamespaceExistsAsync(this NereidAppFactory app, string name) =>
        app.QueryAsync(db => db.Namespaces.AnyAsync(n => n.Name == name));

    public static Actor ActorOf(Person person) => new(person.Id, person.DisplayName, person.Tier);
}
