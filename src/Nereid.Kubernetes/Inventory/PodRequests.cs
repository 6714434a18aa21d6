using Nereid.Kubernetes.Models;
using Nereid.Kubernetes.Quantities;

namespace Nereid.Kubernetes.Inventory;

/// <summary>
/// What a pod holds on its node, computed as the scheduler does: the larger of the sum over app containers and the
/// largest single init container, per resource. A resource with a limit but no request counts the limit (the API server
/// defaults requests to limits; for extended resources such as <c>nvidia.com/gpu</c> only limits are usually written).
/// Simplified: pod <c>overhead</c> and restartable (sidecar) init containers are not added.
/// </summary>
internal static class PodRequests
{
    /// <summary>True when the pod finished (Succeeded or Failed) and so holds nothing on its node.</summary>
    public static bool IsTerminated(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.Phase is "Succeeded" or "Failed";
    }

    /// <summary>The pod's effective requests by resource name.</summary>
    public static Dictionary<string, Quantity> Effective(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var sum = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var (name, q) in ContainerRequests(container))
                sum[name] = sum.TryGetValue(name, out var acc) ? acc + q : q;
        }
        foreach (var init in pod.Spec?.InitContainers ?? [])
        {
            foreach (var (name, q) in ContainerRequests(init))
            {
                if (!sum.TryGetValue(name, out var current) || q > current)
                    sum[name] = q;
            }
        }
        return sum;
    }

    /// <summary>The pod's effective requests as typed amounts.</summary>
    public static ResourceAmounts Amounts(Pod pod) => ResourceAmounts.From(Effective(pod));

    private static Dictionary<string, Quantity> ContainerRequests(Container container)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, q) in container.Resources?.Limits ?? [])
            result[name] = q;
        foreach (var (name, q) in container.Resources?.Requests ?? [])
            result[name] = q;
        return result;
    }
}
