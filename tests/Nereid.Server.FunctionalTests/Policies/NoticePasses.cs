using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Data;
using Nereid.Domain.Policies;
using Nereid.Server.Audit;
using Nereid.Server.Notices;
using Nereid.Server.Policies;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>Notice passes as the scanner runs them, shared by the notifier (channels) and inbox tests.</summary>
internal static class NoticePasses
{
    /// <summary>An open sleep-job violation in <see cref="PolicyWorld.Ns"/>, its workload named <paramref name="prefix"/> and a random suffix.</summary>
    public static Violation SleepJob(Guid? ownerId, string prefix) => new()
    {
        Policy = PolicyKind.SleepJob, Cluster = "double", Namespace = PolicyWorld.Ns, WorkloadKind = "Job", WorkloadName = prefix + "-" + Guid.NewGuid().ToString("N")[..6],
        Summary = "Job containers only run sleep.", Evidence = "{\"command\":\"sleep\"}", FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow, OwnerId = ownerId,
    };

    /// <summary>A notifier in <paramref name="scope"/> with the app's HTTP client (and its resilience handler) and the given options.</summary>
    public static ViolationNotifier Notifier(AsyncServiceScope scope, PolicyOptions options) => new(scope.ServiceProvider.GetRequiredService<NereidDbContext>(),
        scope.ServiceProvider.GetRequiredService<IHttpClientFactory>(), scope.ServiceProvider.GetRequiredService<AuditLog>(),
        scope.ServiceProvider.GetRequiredService<PortalNotices>(), Options.Create(options), TimeProvider.System, NullLogger<ViolationNotifier>.Instance);

    /// <summary>One notice pass in a fresh scope; <paramref name="attach"/> for violations already stored by an earlier pass.</summary>
    public static async Task<int> NotifyAsync(this PolicyWorld world, PolicyOptions options, IReadOnlyList<Violation> violations, bool attach = false)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NereidDbContext>();
        if (attach)
            db.AttachRange(violations);
        else
            db.Set<Violation>().AddRange(violations);
        var notified = await Notifier(scope, options).NotifyAsync(violations, default);
        await db.SaveChangesAsync();
        return notified;
    }
}
