using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Infrastructure;
using Nereid.Server.Namespaces;
using Nereid.Server.People;
using Nereid.Server.People.Merge;

namespace Nereid.Server.FunctionalTests.Authorization;

/// <summary>The roles of the authorization matrix.</summary>
public enum Role
{
    Anonymous,
    Guest,
    User,
    Member,
    TierAdmin,
    NamespaceAdmin,
    OtherNamespaceAdmin,
    PlatformAdmin,
    /// <summary>A namespace admin of every scene who was demoted to guest afterwards: their admin rows remain, dormant.</summary>
    Demoted,
}

/// <summary>One person per role, signed in with personal access tokens, on one server.</summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    public NereidAppFactory App { get; } = new();
    public Dictionary<Role, Person> People { get; } = new();
    private readonly Dictionary<Role, HttpClient> _clients = new();

    public async Task InitializeAsync()
    {
        People[Role.Guest] = await App.CreatePersonAsync("guest1", Tier.Guest);
        People[Role.User] = await App.CreatePersonAsync("user1", Tier.User);
        People[Role.Member] = await App.CreatePersonAsync("member1", Tier.User);
        People[Role.TierAdmin] = await App.CreatePersonAsync("tieradmin1", Tier.Admin);
        People[Role.NamespaceAdmin] = await App.CreatePersonAsync("nsadmin1", Tier.Admin);
        People[Role.OtherNamespaceAdmin] = await App.CreatePersonAsync("otheradmin1", Tier.Admin);
        People[Role.PlatformAdmin] = await App.AdminAsync();
        People[Role.Demoted] = await App.CreatePersonAsync("demoted1", Tier.Admin);
        foreach (var (role, person) in People)
            _clients[role] = await App.ClientForAsync(person);
        // Demoted the way the issue found it: by a platform admin, after their token was issued.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
            await people.SetTierAsync(ActorOf(People[Role.PlatformAdmin]), People[Role.Demoted].Id, Tier.Guest, "left the lab", default);
        }
        _clients[Role.Anonymous] = App.CreateClient(new() { AllowAutoRedirect = false });
        await CreateNamespaceAsync("other-ns", People[Role.OtherNamespaceAdmin]);
    }

    public HttpClient Client(Role role) => _clients[role];

    /// <summary>A fresh namespace for one cell: the namespace admin administers it, the member and an extra person belong to it,
    /// a requester has a pending join request, a guest has a pending tier request, and one user is suspended.</summary>
    public async Task<Scene> SceneAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var name = "ns-" + id;
        await CreateNamespaceAsync(name, People[Role.NamespaceAdmin]);
        var extra = await App.CreateBarePersonAsync("extra-" + id, Tier.User);
        var requester = await App.CreateBarePersonAsync("req-" + id, Tier.User);
        var tierRequester = await App.CreateBarePersonAsync("treq-" + id, Tier.Guest);
        await using var scope = App.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        var nsAdmin = ActorOf(People[Role.NamespaceAdmin]);
        await namespaces.SetMemberAsync(nsAdmin, name, People[Role.Member].Email, MembershipRole.Member, default);
        await namespaces.SetMemberAsync(nsAdmin, name, extra.Email, MembershipRole.Member, default);
        await KeepDormantAdminRowAsync(scope.ServiceProvider.GetRequiredService<NereidDbContext>(), name);
        var join = await namespaces.RequestJoinAsync(ActorOf(requester), name, "please", default);
        var identity = await LinkIdentitiesAsync(scope.ServiceProvider.GetRequiredService<NereidDbContext>(), extra.Id);
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var tierRequest = await people.RequestTierAsync(ActorOf(tierRequester), Tier.User, "research", default);
        var suspended = await App.CreateBarePersonAsync("susp-" + id, Tier.User);
        await people.SuspendAsync(ActorOf(People[Role.PlatformAdmin]), suspended.Id, "under review", default);
        // The preview a platform admin would confirm a merge of the requester into the extra person with.
        var merge = await scope.ServiceProvider.GetRequiredService<PersonMergeService>().PreviewAsync(ActorOf(People[Role.PlatformAdmin]), extra.Id, requester.Id, default);
        return new Scene(name, extra, requester, join.Id, tierRequester, tierRequest.Id, suspended, merge.ETag, identity);
    }

    private async Task CreateNamespaceAsync(string name, Person admin)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var namespaces = scope.ServiceProvider.GetRequiredService<NamespaceService>();
        await namespaces.CreateAsync(ActorOf(admin), new NamespaceInput(name, "UC San Diego", ["Prof. Example"], [], ["PyTorch"], "A **test** namespace.", []), default);
    }

    /// <summary>Links two upstream sign-ins to <paramref name="personId"/> and returns one of them (a platform admin may unlink it).</summary>
    private static async Task<Guid> LinkIdentitiesAsync(NereidDbContext db, Guid personId)
    {
        var identities = Enumerable.Range(0, 2).Select(i => new ExternalIdentity
        {
            PersonId = personId, Issuer = $"https://idp{i}.example.edu", Subject = Guid.NewGuid().ToString("N"), LinkedAt = DateTime.UtcNow,
        }).ToList();
        db.ExternalIdentities.AddRange(identities);
        await db.SaveChangesAsync();
        return identities[0].Id;
    }

    /// <summary>Gives the demoted person an admin row in the scene, as if they had administered it before the demotion.</summary>
    private async Task KeepDormantAdminRowAsync(NereidDbContext db, string name)
    {
        var ns = await db.Namespaces.SingleAsync(n => n.Name == name);
        db.Memberships.Add(ns.AddMember(People[Role.Demoted].Id, MembershipRole.Admin, People[Role.NamespaceAdmin].Id, DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    internal static Actor ActorOf(Person p) => new(p.Id, p.DisplayName, p.Tier);

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>State prepared for one matrix cell.</summary>
public sealed record Scene(string Namespace, Person Extra, Person Requester, Guid JoinRequestId, Person TierRequester, Guid TierRequestId, Person Suspended,
    string MergeETag, Guid ExtraIdentityId);
