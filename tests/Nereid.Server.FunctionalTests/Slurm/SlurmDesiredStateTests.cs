using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.Posix;
using Nereid.Server.Slurm;
using Nereid.TestSupport.Slurm;

namespace Nereid.Server.FunctionalTests.Slurm;

/// <summary>From the database to the real Slurm: a namespace's members, admins and quotas as the projection reads and writes them.</summary>
public sealed class SlurmDesiredStateTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    [Fact]
    public async Task LoadAsync_PlacedNamespace_MembersByPosixNameAndDefaultQuotasAsTres()
    {
        var scene = await world.SceneAsync();
        await using var scope = world.App.Services.CreateAsyncScope();

        var desired = await scope.ServiceProvider.GetRequiredService<SlurmDesiredState>().LoadAsync(Placing(scene.Namespace), default);

        var ns = desired.ShouldHaveSingleItem();
        ns.Name.ShouldBe(scene.Namespace);
        ns.Institution.ShouldBe("UC San Diego");
        ns.Description.ShouldBe("A **test** namespace.");
        var posix = scope.ServiceProvider.GetRequiredService<PosixIdentityService>();
        var admin = await PosixNameAsync(posix, world.People[Role.NamespaceAdmin].Id);
        var member = await PosixNameAsync(posix, world.People[Role.Member].Id);
        var extra = await PosixNameAsync(posix, scene.Extra.Id);
        ns.Members.ShouldBe([(admin, true), (member, false), (extra, false)], ignoreOrder: true);
        ns.GroupLimits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")
            .ShouldBe(["cpu=64", "gres/gpu=8", "mem=262144"]);
    }

    [Fact]
    public async Task PassAsync_NamespaceFromDatabase_MemberSubmitsAsPosixUserAndJobRuns()
    {
        var scene = await world.SceneAsync();
        var slurm = await SlurmCluster.GetSharedAsync();
        await using var scope = world.App.Services.CreateAsyncScope();
        var posix = scope.ServiceProvider.GetRequiredService<PosixIdentityService>();
        var cluster = Placing(scene.Namespace, slurm);
        var desired = await scope.ServiceProvider.GetRequiredService<SlurmDesiredState>().LoadAsync(cluster, default);
        var member = await posix.GetAsync(MatrixWorld.ActorOf(world.People[Role.PlatformAdmin]), world.People[Role.Member].Id, default);
        await PosixUsers.EnsureUserAsync(member.UserName, member.Uid);
        var projector = new SlurmProjector(new SlurmRestClient(new HttpClient { BaseAddress = slurm.RestUrl }, cluster), new FakeTimeProvider(), TimeSpan.FromHours(1));

        await projector.PassAsync(desired, default);
        var job = (await slurm.SubmitAsync(member.UserName, scene.Namespace, "true")).EnsureSuccess("member sbatch").StandardOutput.Trim();

        (await slurm.WaitForJobAsync(job, ["COMPLETED", "FAILED"], TimeSpan.FromSeconds(90))).State.ShouldBe("COMPLETED");
    }

    private static SlurmClusterOptions Placing(string ns, SlurmCluster? slurm = null) => new()
    {
        Name = "test", RestUrl = slurm?.RestUrl.ToString() ?? "http://127.0.0.1:1/", ClusterName = SlurmCluster.ClusterName,
        UserName = SlurmCluster.AdminUser, Token = slurm?.AdminToken ?? "unused", Namespaces = [ns],
    };

    private static async Task<string> PosixNameAsync(PosixIdentityService posix, Guid personId) =>
        (await posix.GetAsync(new Auth.Actor(personId, "", Domain.People.Tier.User), personId, default)).UserName;
}
