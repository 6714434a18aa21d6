using System.Collections.Concurrent;

namespace Nereid.Server.Clusters.Preflight;

/// <summary>The last preflight report of each cluster in this replica (read by <c>/clusters</c> and <c>/readyz</c>).</summary>
internal sealed class PreflightResults
{
    private readonly ConcurrentDictionary<string, PreflightReport> _reports = new(StringComparer.Ordinal);

    /// <summary>The last report of <paramref name="cluster"/>, or null before its first preflight.</summary>
    public PreflightReport? Find(string cluster) => _reports.GetValueOrDefault(cluster);

    internal void Set(PreflightReport report) => _reports[report.Cluster] = report;
}
