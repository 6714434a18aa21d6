using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.FunctionalTests.Pages;
using Nereid.Server.Namespaces;
using Nereid.Server.People;

namespace Nereid.Server.FunctionalTests.Provider.ApiAccess;

/// <summary>
/// One person per <see cref="Role"/>, each calling /api/v1 with an access token Nereid issued to a relying party for the
/// API scope (code + PKCE from a signed-in browser). The demoted person's token was issued while they were a namespace admin.
/// </summary>
public sealed class IssuedTokenWorld : IAsyncLifetime
{
    public NereidAppFactory App { get; } = new NereidAppFactory()
        .With("Nereid:Provider:AllowHttp", "true")
        .With("Nereid:Provider:AccessTokenLifetime", "1.00:00:00");

    public Dictionary<Role, Person> People { get; } = new();
    private readonly Dictionary<Role, HttpClient> _clients = new();

    public async Task InitializeAsync()
    {
        var tokens = new ApiTokens(App);
        var client = await tokens.Flow.RegisterAsync(confidential: false, "api");
        async Task AddAsync(Role role, string userName, Tier tier)
        {
            People[role] = await App.CreatePersonAsync(userName, tier);
            using var browser = await PageClient.SignInAsync(App, userName, userName + "-password");
            var token = (await tokens.GrantAsync(browser, client, "openid api")).GetProperty("access_token").GetString()!;
            _clients[role] = tokens.ClientWith(token);
        }
        await AddAsync(Role.Guest, "iguest", Tier.Guest);
        await AddAsync(Role.User, "iuser", Tier.User);
        await AddAsync(Role.Member, "imember", Tier.User);
        await AddAsync(Role.TierAdmin, "itieradmin", Tier.Admin);
        await AddAsync(Role.NamespaceAdmin, "insadmin", Tier.Admin);
        await AddAsync(Role.OtherNamespaceAdmin, "iotheradmin", Tier.Admin);
        await AddAsync(Role.Demoted, "idemoted", Tier.Admin);
        People[Role.PlatformAdmin] = await App.AdminAsync();
        using (var admin = await PageClient.SignInAsync(App, NereidAppFactory.AdminUser, NereidAppFactory.AdminPassword))
        {
            _clients[Role.PlatformAdmin] = tokens.ClientWith((await tokens.GrantAsync(admin, client, "openid api")).GetProperty("access_token").GetString()!);
        }
        _clients[Role.Anonymous] = App.CreateClient();
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PeopleService>()
            .SetTierAsync(MatrixWorld.ActorOf(People[Role.PlatformAdmin]), People[Role.Demoted].Id, Tier.Guest, "left the lab", default);
        await CreateNamespaceAsync("iother-ns", People[Role.OtherNamespaceAdmin]);
    }

    public HttpClient Client(Role role) => _clients[role];

    /// <summary>A fresh namespace: the namespace admin administers it, the member and an extra person belong, the demoted person keeps a dormant admin row.</summary>
    public async Task<(string Namespace, Person Extra)> SceneAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var name = "ins-" + id;
        await CreateNamespaceAsync(name, People[Role.NamespaceAdmin]);
        var extra = await App.CreateBarePersonAsync("iextra-" + id, Tier.User);
        await using var scope = App.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        var nsAdmin = MatrixWorld.ActorOf(People[Role.NamespaceAdmin]);
        await namespaces.SetMemberAsync(nsAdmin, name, People[Role.Member].Email, MembershipRole.Member, default);
        await namespaces.SetMemberAsync(nsAdmin, name, extra.Email, MembershipRole.Member, default);
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var ns = await db.Namespaces.SingleAsync(n => n.Name == name);
        db.Memberships.Add(ns.AddMember(People[Role.Demoted].Id, MembershipRole.Admin, People[Role.NamespaceAdmin].Id, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return (name, extra);
    }

    private async Task CreateNamespaceAsync(string name, Person admin)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NamespaceService>().CreateAsync(MatrixWorld.ActorOf(admin),
            new NamespaceInput(name, "UC San Diego", ["Prof. Example"], [], ["PyTorch"], "Issued-token matrix.", []), default);
    }

    public Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }
}
