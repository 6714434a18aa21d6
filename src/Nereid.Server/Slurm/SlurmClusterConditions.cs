using Nereid.Domain.Clusters;
using Nereid.Domain.Slurm;
using Nereid.Server.Clusters;

namespace Nereid.Server.Slurm;

/// <summary>The condition types of a Slurm cluster: Ready, Progressing and Degraded as a namespace has, and Reachable.</summary>
internal static class SlurmConditionTypes
{
    /// <summary>slurmrestd answered the pass's reads.</summary>
    public const string Reachable = "Reachable";
}

/// <summary>
/// A Slurm cluster's conditions, computed once per pass from what it observed and how it ended (never patched from the old
/// status, except that a condition whose status did not change keeps its lastTransitionTime), worded like a namespace's.
/// </summary>
internal static class SlurmClusterConditions
{
    private const int MaxMessage = 2000;

    /// <summary>Reachable, Ready, Progressing and Degraded for one pass.</summary>
    public static IReadOnlyList<NamespaceCondition> Compute(SlurmPassFacts facts, IReadOnlyList<NamespaceCondition> previous, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(previous);
        var reachable = facts.Reachable
            ? True("Answered", Version(facts))
            : False("NotReachable", $"slurmrestd did not answer: {facts.Error}");
        var ready = (facts.Succeeded, facts.Stage, facts.Reachable) switch
        {
            (true, _, _) => True("Projected", Projected(facts)),
            (false, _, false) => False("NotReachable", facts.Error),
            (false, "write", _) => False("WriteFailed", $"{facts.Failed} associations were not written: {facts.Error}"),
            _ => False("ReadFailed", facts.Error),
        };
        var progressing = facts.Pending > 0
            ? True("Pending", $"{facts.Pending} associations were written by this pass (checked by the next) or wait for their grace period.")
            : facts.Succeeded ? False("UpToDate", "") : True("Retrying", "The next pass tries again.");
        var problems = new List<string>();
        if (facts.StaleCoordinators.Count > 0)
            problems.Add("coordinators who no longer administer the namespace (remove with sacctmgr remove coordinator): "
                + string.Join(", ", facts.StaleCoordinators));
        if (facts.MissingQos.Count > 0)
            problems.Add("QOS the cluster does not have (left out of the associations): " + string.Join(", ", facts.MissingQos));
        var degraded = problems.Count == 0
            ? False("AsExpected", "")
            : True(facts.StaleCoordinators.Count > 0 ? "StaleCoordinators" : "MissingQos", "Needs an operator: " + string.Join("; ", problems) + ".");

        NamespaceCondition Make(string type, (string Status, string Reason, string Message) c) =>
            new(type, c.Status, c.Reason, c.Message.Length > MaxMessage ? c.Message[..MaxMessage] : c.Message, now, 0);
        return NamespaceConditions.KeepTransitionTimes(previous,
        [
            Make(SlurmConditionTypes.Reachable, reachable),
            Make(NamespaceConditionTypes.Ready, ready),
            Make(NamespaceConditionTypes.Progressing, progressing),
            Make(NamespaceConditionTypes.Degraded, degraded),
        ]);
    }

    private static string Version(SlurmPassFacts f) =>
        f.SlurmVersion.Length == 0 ? "slurmrestd answered." : $"slurmrestd answered: Slurm {f.SlurmVersion} ({f.RestPlugin}).";

    private static string Projected(SlurmPassFacts f) =>
        $"{f.Accounts} accounts and {f.InSync} associations match the database. This pass sent {f.Writes} write requests.";

    private static (string, string, string) True(string reason, string message) => (ConditionStatus.True, reason, message);

    private static (string, string, string) False(string reason, string message) => (ConditionStatus.False, reason, message);
}
