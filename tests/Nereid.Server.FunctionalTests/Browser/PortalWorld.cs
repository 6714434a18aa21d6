using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Data;
using Nereid.Domain.Namespaces;
using Nereid.Domain.People;
using Nereid.Domain.Policies;
using Nereid.Domain.Storage;
using Nereid.Domain.Usage;
using Nereid.KubeDouble;
using Nereid.Server.Auth;
using Nereid.Server.FunctionalTests.Authorization;
using Nereid.Server.FunctionalTests.Resources;
using Nereid.Server.Namespaces;
using Nereid.Server.Notices;
using Nereid.Server.People;
using Nereid.Server.Tokens;

namespace Nereid.Server.FunctionalTests.Browser;

/// <summary>The people the browser suite signs in as. PIs are not a role of their own: a PI is the admin of their namespace.</summary>
public enum PortalRole
{
    Anonymous,
    Guest,
    Member,
    NamespaceAdmin,
    PlatformAdmin,
    /// <summary>A namespace admin demoted to guest: their admin row stays, dormant.</summary>
    Demoted,
}

/// <summary>
/// One server on a loopback port with a seeded cluster (API double) and data for every page to show something real:
/// a namespace with members, a markdown description with a top-level heading, a pending join request, usage samples,
/// an open violation and a notice. One person per <see cref="PortalRole"/>, signed in by personal access token.
/// </summary>
public sealed class PortalWorld : IAsyncLifetime
{
    public const string Namespace = "lab-x";
    private readonly Dictionary<PortalRole, string> _tokens = new();

    public KubeApiDouble Kube { get; private set; } = null!;
    public ClusterAppFactory App { get; private set; } = null!;
    public Guid ViolationId { get; } = Guid.NewGuid();
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Kube = await KubeApiDouble.StartAsync(new KubeDoubleOptions
        {
            SeedObjects =
            [
                KubeObjects.GpuNode("a100-1", "NVIDIA-A100-SXM4-80GB", 8, "us-west"),
                KubeObjects.GpuNode("a100-reserved", "NVIDIA-A100-SXM4-80GB", 8, "us-west", reservedFor: Namespace),
                KubeObjects.GpuNode("l40-cordoned", "NVIDIA-L40", 4, "us-east", cordoned: true),
                KubeObjects.GpuNode("cpu-1", null, 0, "us-east"),
                new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = Namespace } },
                KubeObjects.GpuPod(Namespace, "train-0", "a100-1", 2),
                // A volume class and a bucket class, so /storage shows its create forms, a bucket and the admins' description forms.
                new()
                {
                    ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["provisioner"] = "rook-ceph.rbd.csi.ceph.com",
                    ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "rook-ceph-block" },
                },
                new()
                {
                    ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["provisioner"] = "rook-ceph.ceph.rook.io/bucket",
                    ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "rook-ceph-bucket" },
                },
            ],
        }, CancellationToken.None);
        App = new ClusterAppFactory(Kube);
        App.With("Nereid:Resources:DebounceInterval", "00:00:00.050")
            .With("Nereid:Resources:ReservationTaintKey", "nautilus.io/reservation")
            .With("Nereid:Usage:Enabled", "false")
            // The seeded usage samples reach the ledger within a second, so /usage shows its tables for every visit
            // (with the default 15 minutes they appeared only for the roles walked last).
            .With("Nereid:Ledger:ImportInterval", "00:00:01")
            // The browser reaches the portal over plain HTTP on loopback; the provider's pages (device code, sign-out) refuse
            // HTTP otherwise, as they should in production behind TLS.
            .With("Nereid:Provider:AllowHttp", "true");
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var people = new Dictionary<PortalRole, Person>
        {
            [PortalRole.Guest] = await App.CreatePersonAsync("ui-guest", Tier.Guest),
            [PortalRole.Member] = await App.CreatePersonAsync("ui-member", Tier.User),
            [PortalRole.NamespaceAdmin] = await App.CreatePersonAsync("ui-pi", Tier.Admin),
            [PortalRole.PlatformAdmin] = await App.AdminAsync(),
            [PortalRole.Demoted] = await App.CreatePersonAsync("ui-demoted", Tier.Admin),
        };
        await SeedAsync(people);
        await UntilLedgerImportedAsync();
        foreach (var (role, person) in people)
            _tokens[role] = await TokenAsync(person);
    }

    private async Task UntilLedgerImportedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
                if (await db.Set<LedgerRecord>().AnyAsync(r => r.Namespace == Namespace && r.GpuHours > 0))
                    return;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the seeded usage samples did not reach the usage ledger within 60 s");
            await Task.Delay(200);
        }
    }

    /// <summary>The bearer token that signs <paramref name="role"/> in, or null for the anonymous visitor.</summary>
    public string? TokenFor(PortalRole role) => _tokens.GetValueOrDefault(role);

    /// <summary>Values for the page routes' parameters, by parameter name.</summary>
    public IReadOnlyDictionary<string, string> RouteValues => new Dictionary<string, string>
    {
        ["name"] = Namespace,
        ["namespace"] = Namespace,
        ["id"] = ViolationId.ToString(),
    };

    private async Task SeedAsync(Dictionary<PortalRole, Person> people)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var namespaces = services.GetRequiredService<NamespaceService>();
        var pi = MatrixWorld.ActorOf(people[PortalRole.NamespaceAdmin]);
        // Institutions with long names and entity IDs, so /admin/institutions and the pickers show a full list at 390 px.
        var institutions = services.GetRequiredService<Nereid.Server.Institutions.InstitutionService>();
        var root = MatrixWorld.ActorOf(people[PortalRole.PlatformAdmin]);
        await institutions.CreateAsync(root, new("UC San Diego", ["UCSD", "University of California San Diego"], "ucsd.edu",
            "https://login.ucsd.edu/idp/shibboleth/very/long/entity/identifier/that/must/wrap"), default);
        await institutions.CreateAsync(root, new("University of Wisconsin-Madison", ["UW-Madison"], "wisc.edu", "urn:mace:incommon:wisc.edu"), default);
        // A top-level markdown heading: it must not become a second page title.
        await namespaces.CreateAsync(pi, new NamespaceInput(Namespace, "UC San Diego", ["Prof. Example", "Dr. Second"], ["NSF-1234567"],
            ["PyTorch", "JupyterLab"], "# Deep learning for ocean images\n\nWe train **models** on sonar data.", ["10.1234/abc.def"]), default);
        await namespaces.SetMemberAsync(pi, Namespace, people[PortalRole.Member].Email, MembershipRole.Member, default);
        await namespaces.SetMemberAsync(pi, Namespace, people[PortalRole.Demoted].Email, MembershipRole.Admin, default);
        var requester = await App.CreateBarePersonAsync("ui-requester", Tier.User);
        await namespaces.RequestJoinAsync(MatrixWorld.ActorOf(requester), Namespace, "I work on the sonar project", default);
        await services.GetRequiredService<PeopleService>().RequestTierAsync(MatrixWorld.ActorOf(people[PortalRole.Guest]), Tier.User, "for my thesis", default);
        await services.GetRequiredService<PeopleService>().SetTierAsync(MatrixWorld.ActorOf(people[PortalRole.PlatformAdmin]),
            people[PortalRole.Demoted].Id, Tier.Guest, "left the lab", default);
        await PortalConsent.SeedAsync(services, people[PortalRole.Member]);
        await services.GetRequiredService<PortalNotices>().AddAsync(people[PortalRole.Member].Id, "Welcome to lab-x", "You were added to lab-x.", "/namespaces/lab-x", default);

        var db = services.GetRequiredService<NereidDbContext>();
        var now = DateTime.UtcNow;
        var nsId = db.Namespaces.Single(n => n.Name == Namespace).Id;
        db.Set<Bucket>().Add(Bucket.Create(nsId, "double", "sonar-images-from-the-2025-cruise", "rook-ceph-bucket", people[PortalRole.Member].Id, now));
        db.Set<Violation>().Add(new Violation
        {
            Id = ViolationId, Policy = PolicyKind.GpuIdle, Cluster = "double", Namespace = Namespace, WorkloadKind = "Pod", WorkloadName = "train-0",
            PodName = "train-0", OwnerName = people[PortalRole.Member].Email, Summary = "2 GPUs under 5% utilisation for 6 hours",
            Evidence = """{"metric":"DCGM_FI_DEV_GPU_UTIL","value":1.5,"threshold":5}""", FirstSeenAt = now.AddHours(-6), LastSeenAt = now,
        });
        for (var hour = 48; hour > 0; hour--)
        {
            var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-hour);
            db.Set<UsageSample>().Add(new UsageSample { Namespace = Namespace, Institution = "UC San Diego", Cluster = "double", BucketStart = start, IntervalSeconds = 3600, CpuCores = 4, MemoryBytes = 16L << 30, CpuCoreHours = 4, MemoryGiBHours = 16 });
            db.Set<UsageSample>().Add(new UsageSample { Namespace = Namespace, Institution = "UC San Diego", Cluster = "double", GpuType = "NVIDIA-A100-SXM4-80GB", BucketStart = start, IntervalSeconds = 3600, Gpus = 2, GpuHours = 2 });
        }
        await db.SaveChangesAsync();
        // A pending exception request with a long unbroken reason, so /violations/requests shows its table (and the decide
        // form for a platform admin) at 390 px.
        await services.GetRequiredService<Nereid.Server.Policies.ExceptionRequestService>().CreateAsync(pi,
            new(ViolationId, null, null, null, "Benchmarking-the-sonar-data-loader-against-the-new-NVMe-scratch-volume-before-the-cruise", 7), default);
    }

    private async Task<string> TokenAsync(Person person)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        return (await tokens.CreateAsync(new Actor(person.Id, person.DisplayName, person.Tier), "browser-suite", 1, CancellationToken.None)).Secret;
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Kube.DisposeAsync();
    }
}
