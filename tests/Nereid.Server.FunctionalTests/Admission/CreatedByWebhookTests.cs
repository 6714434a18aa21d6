using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nereid.Data;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.KubeDouble;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Server.Admission;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.Policies;
using Nereid.TestSupport.Paths;
using Nereid.TestSupport.Processes;

namespace Nereid.Server.FunctionalTests.Admission;

/// <summary>
/// The whole path of item 5: the MutatingWebhookConfiguration of deploy/admission-webhook.yaml registered in the API
/// double, which calls Nereid's webhook on create as kube-apiserver does; a member creates a pod with real kubectl
/// (impersonated, as their OIDC user name); the pod carries the creator and the scan makes the member its owner.
/// </summary>
public sealed class CreatedByWebhookTests : IAsyncLifetime
{
    private const string Ns = "webhook-team";
    private DeployedWebhookWorld _world = null!;
    private ClusterAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _world = await DeployedWebhookWorld.StartAsync();
        _app = _world.App;
    }

    [Fact]
    public async Task KubectlRun_AsMember_PodCarriesCreatorAndViolationOwnerIsMember()
    {
        await _world.RegisterDeployedWebhookAsync();
        var admin = await _app.CreatePersonAsync("hookadmin", Tier.Admin);
        var member = await _app.CreatePersonAsync("hookmember", Tier.User);
        await _app.CreateNamespaceAsync(Ns, admin, member);
        await Eventually.TrueAsync(async () => await _app.Admin.GetAsync<RoleBinding>(Ns, "nereid-members") is not null, "the namespace never converged");

        var run = await ProcessRunner.RunAsync("/usr/bin/kubectl", ["--kubeconfig", _world.Kubeconfig, "--as", "oidc:hookmember@example.edu",
            "-n", Ns, "run", "scratch", "--image=busybox", "--restart=Never", "--annotations=nereid.io/created-by=someone-else@example.edu"]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        var pod = await _app.Admin.GetAsync<Pod>(Ns, "scratch");
        pod!.Metadata.Annotations![WorkloadSnapshot.CreatedByKey].ShouldBe("oidc:hookmember@example.edu");
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ViolationScanner>().ScanAsync(default);
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        var violation = await db.Set<Violation>().SingleAsync(v => v.Policy == PolicyKind.BarePod && v.PodName == "scratch");
        violation.OwnerId.ShouldBe(member.Id);
    }

    [Fact]
    public async Task Create_ByReplicaSetController_PodKeepsNoForgedCreator()
    {
        // Fail instead of the deployed Ignore: a failed call must show here, not pass as "no annotation added".
        await _world.RegisterDeployedWebhookAsync("Fail");
        var admin = await _app.CreatePersonAsync("hookadmin2", Tier.Admin);
        await _app.CreateNamespaceAsync(Ns, admin);
        await Eventually.TrueAsync(async () => (await _app.Admin.GetAsync<Namespace>(null, Ns))?.Metadata.Labels?.ContainsKey("app.kubernetes.io/managed-by") == true,
            "the namespace never converged");
        var pod = new Pod
        {
            Metadata =
            {
                Name = "web-abc12-xyz", Namespace = Ns, Annotations = new() { [WorkloadSnapshot.CreatedByKey] = "forged@example.edu" },
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abc12", Uid = Guid.NewGuid().ToString(), Controller = true }],
            },
            Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "nginx" }] },
        };

        var created = await _app.Admin.CreateAsync(pod);

        created.Metadata.Annotations?.ContainsKey(WorkloadSnapshot.CreatedByKey).ShouldNotBe(true);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();
}
