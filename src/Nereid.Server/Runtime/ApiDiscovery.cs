using System.Collections.Concurrent;
using Nereid.Kubernetes.Client;
using Nereid.Kubernetes.Models;

namespace Nereid.Server.Runtime;

/// <summary>
/// Which kinds one cluster serves, from its discovery documents (one request per group version, cached for the
/// runtime's discovery interval). A controller asks here before requesting an informer for a custom resource: an
/// informer for a kind the cluster does not serve would fail its list and retry forever.
/// </summary>
internal sealed class ApiDiscovery(IKubeClient client, TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<(string Group, string Version), Answer> _answers = new();

    /// <summary>How long an answer holds, and how often <see cref="WaitUntilServedAsync"/> asks again.</summary>
    public TimeSpan Interval => interval;

    /// <summary>The kinds of <paramref name="types"/> the cluster does not serve now (an answer at most one interval old).</summary>
    public async Task<IReadOnlyList<ResourceType>> MissingAsync(IReadOnlyList<ResourceType> types, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        var missing = new List<ResourceType>();
        foreach (var type in types)
        {
            var served = await ServedAsync(type.Group, type.Version, cancellationToken);
            if (served?.Contains(type.Plural) != true)
            {
                missing.Add(type);
            }
        }
        return missing;
    }

    /// <summary>
    /// Returns once the cluster serves every kind of <paramref name="types"/>; until then calls
    /// <paramref name="whileMissing"/> with the kinds still missing and asks again every interval (a CRD installed later
    /// is picked up without a restart).
    /// </summary>
    public async Task WaitUntilServedAsync(IReadOnlyList<ResourceType> types, Action<IReadOnlyList<ResourceType>> whileMissing,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileMissing);
        while (await MissingAsync(types, cancellationToken) is { Count: > 0 } missing)
        {
            whileMissing(missing);
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    private async Task<IReadOnlySet<string>?> ServedAsync(string group, string version, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_answers.TryGetValue((group, version), out var cached) && now - cached.At < interval)
        {
            return cached.Resources;
        }
        var resources = await client.ServedResourcesAsync(group, version, cancellationToken);
        _answers[(group, version)] = new Answer(resources, now);
        return resources;
    }

    private sealed record Answer(IReadOnlySet<string>? Resources, DateTimeOffset At);
}
