using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nereid.Domain.People;
using Nereid.Kubernetes.Models;
using Nereid.Server.Clusters;
using Nereid.Server.FunctionalTests.Clusters;
using Nereid.Server.FunctionalTests.Placement;
using Nereid.Server.Federation;
using Nereid.Server.Placement;
using Nereid.Server.Runtime;
using static Nereid.Server.FunctionalTests.Federation.FederationWorld;
using static Nereid.Server.FunctionalTests.Placement.TwoClusterAppFactory;

namespace Nereid.Server.FunctionalTests.Federation;

/// <summary>Token rotation on a fake clock: the hosted controllers stay off and the test runs its own over both doubles.</summary>
public sealed class FederationRotationTests
{
    [Fact]
    public async Task Resync_PastEightyPercentOfTheTokenLifetime_NewTokenWrittenBeforeTheOldExpiresAndBothAccepted()
    {
        await using var app = await StartAsync();
        app.With("Nereid:Federation:Enabled", "false");
        var owner = await app.CreatePersonAsync("rotowner", Tier.Admin);
        await Placement.PlacementTests.CreateNamespaceAsync(app, "rotating", owner);
        using var api = await app.ClientForAsync(owner);
        await Eventually.TrueAsync(async () => await app.HasNamespaceAsync(East, "rotating") && await app.HasNamespaceAsync(West, "rotating"),
            "the namespace never reached both clusters");
        (await api.PutAsJsonAsync("/api/v1/namespaces/rotating/federation", new { federated = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connections = app.Services.GetRequiredService<IClusterConnections>();
        var controller = new FederationController(app.Services.GetRequiredService<IServiceScopeFactory>(), connections,
            Options.Create(new FederationOptions { ResyncInterval = TimeSpan.FromSeconds(10) }), app.Services.GetRequiredService<IOptions<PlacementOptions>>(),
            new FederationStatus(app.Services.GetRequiredService<IServiceScopeFactory>()), clock, NullLogger<FederationController>.Instance);
        using var stop = new CancellationTokenSource();
        var runs = new List<Task>();
        foreach (var cluster in connections.Clusters)
        {
            var runtime = new ClusterRuntime(cluster, [], RuntimeSettings.From(new ReconcilerOptions()), clock, NullLoggerFactory.Instance);
            runs.Add(runtime.Informers.RunAsync(stop.Token));
            runs.Add(controller.RunAsync(runtime, stop.Token));
        }
        // Each side waits for the other's ServiceAccount; ten fake seconds per look let the resyncs come round.
        await Eventually.TrueAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return await KubeconfigAsync(app, East, "rotating", West) is not null && await KubeconfigAsync(app, West, "rotating", East) is not null;
        }, "the kubeconfig Secrets never appeared");
        var first = await SecretAsync(app);
        var firstKubeconfig = (await KubeconfigAsync(app, East, "rotating", West))!;
        var firstToken = TokenOf(firstKubeconfig);
        var requestsBefore = controller.TokenRequests;

        clock.Advance(TimeSpan.FromMinutes(49)); // 49 of 60 minutes: past 80%, before expiry.

        await Eventually.TrueAsync(async () => TokenOf((await KubeconfigAsync(app, East, "rotating", West))!) != firstToken,
            "the token was never rotated");
        var second = await SecretAsync(app);
        second.Issued.ShouldBeGreaterThan(first.Issued);
        second.Issued.ShouldBeLessThan(first.Expires, "the new token must be written before the old one expires");
        clock.GetUtcNow().ShouldBeLessThan(first.Expires);
        controller.TokenRequests.ShouldBeGreaterThan(requestsBefore);
        var kubeconfig = (await KubeconfigAsync(app, East, "rotating", West))!;
        (await CanIAsync(kubeconfig, "create", "podchaperons.multicluster.admiralty.io", "-n", "rotating")).ShouldBeTrue();
        // No gap: the old token, not yet expired, is still accepted beside the new one, so an Admiralty agent that has
        // not yet re-read the Secret keeps working through the switch.
        (await CanIAsync(firstKubeconfig, "create", "podchaperons.multicluster.admiralty.io", "-n", "rotating")).ShouldBeTrue();

        // Nothing due: further resyncs keep the Secret as it is.
        var applies = controller.Applies;
        var passes = controller.Passes;
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return Task.FromResult(controller.Passes >= passes + 4);
        }, "the controllers stopped resyncing");
        controller.Applies.ShouldBe(applies);
        await stop.CancelAsync();
        await Task.WhenAll(runs).ContinueWith(_ => { }, TaskScheduler.Default); // cancelled on purpose

    }

    private static async Task<(DateTimeOffset Issued, DateTimeOffset Expires)> SecretAsync(TwoClusterAppFactory app)
    {
        var secret = (await app.Admin(East).GetAsync<UnstructuredObject>(Type("Secret"), "rotating", "nereid-admiralty-" + West))!;
        var annotations = secret.Metadata.Annotations!;
        return (DateTimeOffset.Parse(annotations["nereid.io/token-issued-at"], CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(annotations["nereid.io/token-expires-at"], CultureInfo.InvariantCulture));
    }
}
