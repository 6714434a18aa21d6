using System.Net;
using Microsoft.Extensions.Options;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Policies;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>
/// Makes a cluster ready for Nereid without hand work, or says exactly why it cannot: creates the lease namespace when
/// missing, applies the ClusterRole users receive, and asks (SelfSubjectAccessReview) for every permission in
/// <see cref="RequiredPermissions"/>. The report is kept in <see cref="PreflightResults"/> for the portal and <c>/readyz</c>.
/// </summary>
internal sealed partial class ClusterPreflight(
    PreflightResults results, IOptions<ReconcilerOptions> reconciler, IOptions<PolicyOptions> policies, TimeProvider time, ILogger<ClusterPreflight> logger)
{
    /// <summary>
    /// Label of a lease namespace Nereid created, the one <c>deploy/namespace.yaml</c> uses. Not the managed-by label:
    /// the reconciler deletes managed namespaces that are not in its database.
    /// </summary>
    public const string NameLabel = "app.kubernetes.io/name";

    /// <summary>Runs the preflight of <paramref name="cluster"/> once, stores and returns its report. Never throws for cluster faults.</summary>
    public async Task<PreflightReport> RunAsync(ConnectedCluster cluster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var leaseNamespace = reconciler.Value.LeaseNamespace;
        PreflightReport report;
        try
        {
            var missing = await MissingPermissionsAsync(cluster.Client, RequiredPermissions.For(leaseNamespace, policies.Value), ct);
            var ns = await EnsureNamespaceAsync(cluster, leaseNamespace, ct);
            var role = await EnsureClusterRoleAsync(cluster.Client, ct);
            report = new PreflightReport(cluster.Name, time.GetUtcNow(), null, ns, role, missing);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or KubeApiException
                                   || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var skipped = new PreflightStep(false, "not checked");
            report = new PreflightReport(cluster.Name, time.GetUtcNow(), $"the cluster did not answer the preflight: {ex.Message}", skipped, skipped, []);
        }
        var previous = results.Find(cluster.Name);
        results.Set(report);
        if (!report.Ok && previous?.Summary != report.Summary)
        {
            LogProblems(logger, cluster.Name, report.Summary);
        }
        else if (report.Ok && previous is { Ok: false })
        {
            LogResolved(logger, cluster.Name);
        }
        return report;
    }

    private static async Task<IReadOnlyList<RequiredPermission>> MissingPermissionsAsync(IKubeClient client, IReadOnlyList<RequiredPermission> required,
        CancellationToken ct)
    {
        var answers = await Task.WhenAll(required.Select(async p => (p, allowed: await client.CanIAsync(new ResourceAttributes
        {
            // "serviceaccounts/token" is asked as resource plus subresource, as kubectl auth can-i does.
            Verb = p.Verb, Group = p.Group, Resource = p.Resource.Split('/')[0], Subresource = p.Resource.Contains('/', StringComparison.Ordinal) ? p.Resource.Split('/')[1] : null,
            Namespace = p.Namespace, Name = p.Name,
        }, ct))));
        return [.. answers.Where(a => !a.allowed).Select(a => a.p)];
    }

    private async Task<PreflightStep> EnsureNamespaceAsync(ConnectedCluster cluster, string name, CancellationToken ct)
    {
        try
        {
            if (await cluster.Client.GetAsync<Namespace>(null, name, ct) is not null)
            {
                return new PreflightStep(true, $"namespace {name} exists");
            }
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            // Reading it is not needed for leader election; creating it answers whether it exists.
        }
        try
        {
            await cluster.Client.CreateAsync(new Namespace
            {
                Metadata = new ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [NameLabel] = "nereid" } },
            }, ct);
            LogNamespaceCreated(logger, cluster.Name, name);
            return new PreflightStep(true, $"namespace {name} created by Nereid");
        }
        catch (KubeApiException ex) when (ex.IsAlreadyExists)
        {
            return new PreflightStep(true, $"namespace {name} exists");
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            return new PreflightStep(false,
                $"namespace {name} (leader election) is missing and Nereid may not create it: grant create namespaces, or run kubectl create namespace {name}");
        }
    }

    private static async Task<PreflightStep> EnsureClusterRoleAsync(IKubeClient client, CancellationToken ct)
    {
        try
        {
            await client.ApplyAsync(ResourceType.Of<ClusterRole>(), NamespaceProjection.ClusterUserRole(), new ApplyOptions(ProjectionNames.FieldManager), ct);
            return new PreflightStep(true, $"ClusterRole {ProjectionNames.ClusterUserRole} applied");
        }
        catch (KubeApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            return new PreflightStep(false, $"Nereid may not apply the ClusterRole {ProjectionNames.ClusterUserRole} members receive: {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Created the lease namespace {Namespace} in cluster {Cluster}")]
    private static partial void LogNamespaceCreated(ILogger logger, string cluster, string @namespace);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "Cluster {Cluster} is not ready for Nereid: {Problems}")]
    private static partial void LogProblems(ILogger logger, string cluster, string problems);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Information, Message = "Cluster {Cluster} passed its preflight")]
    private static partial void LogResolved(ILogger logger, string cluster);
}
