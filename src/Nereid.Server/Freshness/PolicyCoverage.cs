using Microsoft.Extensions.Options;
using Nereid.Server.Clusters;
using Nereid.Server.Policies;

namespace Nereid.Server.Freshness;

/// <summary>
/// Which policy checks could not run now and why, so a list of violations is never read as "all clear" when the
/// checks behind it did not run: a switched-off or idle scan, an unreachable Prometheus (usage policies not judged) or
/// cluster (its workloads not judged).
/// </summary>
/// <param name="NotJudged">One sentence per check that did not run; empty when every check can run.</param>
/// <param name="Sources">The sources the checks read (clusters, Prometheus when configured).</param>
internal sealed record PolicyCoverage(IReadOnlyList<string> NotJudged, IReadOnlyList<SourceState> Sources)
{
    /// <summary>True when some check did not run: an empty list does not mean "no violations".</summary>
    public bool Stale => NotJudged.Count > 0;
}

/// <summary>Computes <see cref="PolicyCoverage"/> from the policy settings and <see cref="SourceHealth"/>.</summary>
internal sealed class PolicyCoverageQuery(SourceHealth health, IClusterConnections clusters, IOptions<PolicyOptions> policies)
{
    /// <summary>What is not judged right now.</summary>
    public PolicyCoverage Current()
    {
        var o = policies.Value;
        var notJudged = new List<string>();
        if (!o.Enabled)
            notJudged.Add("The policy scan is switched off (Nereid:Policies:Enabled is false): no policy is checked.");
        else if (clusters.Clusters.Count == 0)
            notJudged.Add("No cluster is connected: no workload is checked.");
        else if (o.PrometheusUrl is null)
            notJudged.Add("No Prometheus is configured (Nereid:Policies:PrometheusUrl): the policy scan does not run.");
        var sources = health.All;
        foreach (var s in sources.Where(s => s.Stale))
        {
            notJudged.Add(s.Kind == SourceKinds.Prometheus
                ? $"Usage policies (GPU idle, CPU and memory use, pod budget) are not judged: {s.Reason}"
                : $"Workloads on cluster {s.Name} are not judged: {s.Reason}");
        }
        return new PolicyCoverage(notJudged, sources);
    }
}
