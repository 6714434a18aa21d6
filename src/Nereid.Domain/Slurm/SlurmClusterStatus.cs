using Nereid.Domain.Clusters;

namespace Nereid.Domain.Slurm;

/// <summary>
/// How one registered Slurm cluster looked at the last projection pass and ledger import, stored so every replica shows
/// the same (only the lease holders write it). Rebuilt from each pass's observations; only the times something last
/// happened (unreachable since, last projection, last import) carry over from earlier passes.
/// </summary>
public sealed class SlurmClusterStatus
{
    /// <summary>Longest error text kept.</summary>
    public const int MaxErrorLength = 2000;

    /// <summary>Longest Slurm version kept.</summary>
    public const int MaxVersionLength = 40;

    /// <summary>Longest plugin name kept.</summary>
    public const int MaxPluginLength = 80;

    private SlurmClusterStatus()
    {
    }

    /// <summary>The registered Slurm cluster's name (Nereid's, not Slurm's ClusterName).</summary>
    public string Cluster { get; private set; } = "";

    /// <summary>True when slurmrestd answered the last pass's reads.</summary>
    public bool Reachable { get; private set; }

    /// <summary>When slurmrestd stopped answering (UTC); null while it answers.</summary>
    public DateTime? UnreachableSince { get; private set; }

    /// <summary>Why the last pass failed, empty when it did not.</summary>
    public string LastError { get; private set; } = "";

    /// <summary>Slurm's release as slurmrestd reported it (e.g. <c>22.05.8</c>), empty until it answered once.</summary>
    public string SlurmVersion { get; private set; } = "";

    /// <summary>The slurmrestd plugin that answered (e.g. <c>openapi/dbv0.0.38</c>), empty until it answered once.</summary>
    public string RestPlugin { get; private set; } = "";

    /// <summary>When the last pass ran, whatever its outcome (UTC).</summary>
    public DateTime? LastPassAt { get; private set; }

    /// <summary>When a pass last completed without error (UTC).</summary>
    public DateTime? LastProjectionAt { get; private set; }

    /// <summary>When the ledger last imported this cluster's jobs without error (UTC).</summary>
    public DateTime? LastImportAt { get; private set; }

    /// <summary>Why the last ledger import failed, empty when it did not.</summary>
    public string LastImportError { get; private set; } = "";

    /// <summary>Namespace accounts the last pass wanted on the cluster.</summary>
    public int Accounts { get; private set; }

    /// <summary>Namespace and member associations Slurm already held as wanted.</summary>
    public int AssociationsInSync { get; private set; }

    /// <summary>Associations written by the last pass (checked by the next) or waiting for their grace period to be removed.</summary>
    public int AssociationsPending { get; private set; }

    /// <summary>Associations the last pass had to write when a write failed.</summary>
    public int AssociationsFailed { get; private set; }

    /// <summary>Coordinators who no longer administer the namespace, as <c>account/user</c> (slurmrestd 22.05 cannot remove them).</summary>
    public List<string> StaleCoordinators { get; private set; } = [];

    /// <summary>QOS a namespace's tier maps to that the cluster lacks, as <c>account/qos</c>.</summary>
    public List<string> MissingQos { get; private set; } = [];

    /// <summary>
    /// The namespaces whose account, associations or coordinators the last pass found different from the database (written,
    /// failed, or a former member's association waiting for its grace period); every other namespace the pass covered was in
    /// sync. Kept short: a resync with nothing changed stores an empty list.
    /// </summary>
    public List<SlurmNamespaceSync> NamespacesBehind { get; private set; } = [];

    /// <summary>Reachable, Ready, Progressing and Degraded as the last pass computed them.</summary>
    public List<NamespaceCondition> Conditions { get; private set; } = [];

    /// <summary>When this row last changed (UTC).</summary>
    public DateTime UpdatedAt { get; private set; }

    /// <summary>A row for a cluster that has had no pass yet.</summary>
    public static SlurmClusterStatus Start(string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return new SlurmClusterStatus { Cluster = cluster };
    }

    /// <summary>Records one projection pass: what it observed and the conditions computed from that.</summary>
    public void RecordPass(SlurmPassFacts facts, IReadOnlyList<NamespaceCondition> conditions, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(conditions);
        UnreachableSince = facts.Reachable ? null : UnreachableSince ?? now;
        Reachable = facts.Reachable;
        LastError = Trim(facts.Error);
        // The version stays as last seen while slurmrestd is away: it is what will answer again.
        if (facts.SlurmVersion.Length > 0)
            SlurmVersion = Trim(facts.SlurmVersion, MaxVersionLength);
        if (facts.RestPlugin.Length > 0)
            RestPlugin = Trim(facts.RestPlugin, MaxPluginLength);
        LastPassAt = now;
        if (facts.Succeeded)
            LastProjectionAt = now;
        Accounts = facts.Accounts;
        AssociationsInSync = facts.InSync;
        AssociationsPending = facts.Pending;
        AssociationsFailed = facts.Failed;
        StaleCoordinators = [.. facts.StaleCoordinators];
        MissingQos = [.. facts.MissingQos];
        NamespacesBehind = [.. facts.NamespacesBehind];
        Conditions = [.. conditions];
        UpdatedAt = now;
    }

    /// <summary>Records one ledger import of this cluster's jobs; <paramref name="error"/> is null when it succeeded.</summary>
    public void RecordImport(string? error, DateTime now)
    {
        if (error is null)
            LastImportAt = now;
        LastImportError = Trim(error ?? "");
        UpdatedAt = now;
    }

    private static string Trim(string text, int max = MaxErrorLength) => text.Length > max ? text[..max] : text;
}

/// <summary>What one projection pass over a Slurm cluster observed and how it ended.</summary>
/// <param name="Reachable">slurmrestd answered the pass's reads (a refusal is an answer; no connection or a timeout is not).</param>
/// <param name="Succeeded">The pass read, compared and wrote without error.</param>
/// <param name="Stage">Where a failed pass stopped: <c>read</c> or <c>write</c>; empty when it succeeded.</param>
/// <param name="Error">The failure's message, empty when it succeeded.</param>
/// <param name="SlurmVersion">Slurm's release from slurmrestd's answer, empty when none came.</param>
/// <param name="RestPlugin">The slurmrestd plugin that answered, empty when none came.</param>
/// <param name="Accounts">Namespace accounts wanted on the cluster.</param>
/// <param name="InSync">Associations already as wanted.</param>
/// <param name="Pending">Associations written this pass or waiting for their grace period.</param>
/// <param name="Failed">Associations to write when a write failed.</param>
/// <param name="Writes">Write requests the pass sent.</param>
/// <param name="StaleCoordinators">Stale coordinators as <c>account/user</c>.</param>
/// <param name="MissingQos">Missing QOS as <c>account/qos</c>.</param>
/// <param name="NamespacesBehind">The namespaces the pass found out of sync; empty when every one matched.</param>
public sealed record SlurmPassFacts(bool Reachable, bool Succeeded, string Stage, string Error, string SlurmVersion, string RestPlugin,
    int Accounts, int InSync, int Pending, int Failed, int Writes, IReadOnlyList<string> StaleCoordinators, IReadOnlyList<string> MissingQos,
    IReadOnlyList<SlurmNamespaceSync> NamespacesBehind);

/// <summary>One namespace a projection pass found out of sync with the database on a Slurm cluster.</summary>
/// <param name="Namespace">The namespace (= the Slurm account).</param>
/// <param name="Written">The account, associations and coordinators the pass wrote for it (the next pass checks them).</param>
/// <param name="Failed">Those left unwritten because a write of the pass failed.</param>
/// <param name="Removing">Former members' associations waiting for the grace period before they are removed.</param>
public sealed record SlurmNamespaceSync(string Namespace, int Written, int Failed, int Removing);
