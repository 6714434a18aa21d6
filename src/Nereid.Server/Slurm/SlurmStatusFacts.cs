using Nereid.Domain.Slurm;

namespace Nereid.Server.Slurm;

/// <summary>Turns how a projection pass ended into the facts a Slurm cluster's status is computed from (pure).</summary>
internal static class SlurmStatusFacts
{
    /// <summary>A pass that read, planned and wrote everything it planned.</summary>
    public static SlurmPassFacts Succeeded(IReadOnlyList<SlurmDesiredNamespace> desired, SlurmPassResult result, SlurmRestClient client)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (total, changes) = Counts(desired, result.Plan);
        return Facts(result.Plan, client, reachable: true, stage: "", error: "", desired.Count, total - changes, changes + Waiting(result.Plan), 0,
            result.Writes, Behind(desired, result.Plan, failed: false));
    }

    /// <summary>A pass that failed: while writing <paramref name="error"/> is a <see cref="SlurmWriteException"/>, otherwise it failed reading.</summary>
    public static SlurmPassFacts Failed(IReadOnlyList<SlurmDesiredNamespace> desired, Exception error, SlurmRestClient client, int writes)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(error);
        if (error is SlurmWriteException w)
        {
            var (total, changes) = Counts(desired, w.Plan);
            return Facts(w.Plan, client, reachable: true, stage: "write", Message(w.InnerException ?? w), desired.Count, total - changes,
                Waiting(w.Plan), changes, writes, Behind(desired, w.Plan, failed: true));
        }
        // A refusal (slurmrestd answered with an error) is an answer; no connection, a reset or a timeout is not.
        var reachable = error is SlurmRestException;
        return new SlurmPassFacts(reachable, Succeeded: false, "read", Message(error), client.SlurmVersion, client.RestPlugin, desired.Count,
            0, 0, 0, writes, [], [], []);
    }

    private static SlurmPassFacts Facts(SlurmPlan plan, SlurmRestClient client, bool reachable, string stage, string error, int accounts,
        int inSync, int pending, int failed, int writes, IReadOnlyList<SlurmNamespaceSync> behind) =>
        new(reachable, stage.Length == 0, stage, error, client.SlurmVersion, client.RestPlugin, accounts, inSync, pending, failed, writes,
            [.. plan.StaleCoordinators.Select(c => $"{c.Account}/{c.User}")], [.. plan.MissingQos.Select(q => $"{q.Account}/{q.Qos}")], behind);

    /// <summary>
    /// Per desired namespace, what the plan had to change for it: its account, its associations (created, moved or repaired)
    /// and coordinators, written (or, when <paramref name="failed"/>, left unwritten), and former members' associations
    /// waiting for the grace period. Namespaces with nothing to change are left out.
    /// </summary>
    internal static IReadOnlyList<SlurmNamespaceSync> Behind(IReadOnlyList<SlurmDesiredNamespace> desired, SlurmPlan plan, bool failed)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(plan);
        var changes = plan.Accounts.Select(a => a.Name)
            .Concat(plan.Associations.Select(a => a.Account))
            .Concat(plan.LimitRepairs.Select(a => a.Account))
            .Concat(plan.Coordinators.Select(c => c.Account))
            .CountBy(a => a, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var removals = plan.Removals.ToHashSet();
        var waiting = plan.Unwanted.Where(u => !removals.Contains(u)).CountBy(u => u.Account, StringComparer.Ordinal)
            .ToDictionary(StringComparer.Ordinal);
        var written = plan.Removals.CountBy(r => r.Account, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return [.. desired.Select(d =>
            {
                var changed = changes.GetValueOrDefault(d.Name) + written.GetValueOrDefault(d.Name);
                return new SlurmNamespaceSync(d.Name, failed ? 0 : changed, failed ? changed : 0, waiting.GetValueOrDefault(d.Name));
            })
            .Where(s => s.Written + s.Failed + s.Removing > 0)
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)];
    }

    // Namespace and member associations wanted, and how many of them the plan had to create, move or repair.
    private static (int Total, int Changes) Counts(IReadOnlyList<SlurmDesiredNamespace> desired, SlurmPlan plan) =>
        (desired.Sum(d => 1 + d.Members.Count), plan.Associations.Count + plan.LimitRepairs.Count);

    // Unwanted member associations still inside their grace period.
    private static int Waiting(SlurmPlan plan) => plan.Unwanted.Count - plan.Removals.Count;

    private static string Message(Exception error)
    {
        // HttpClient's message names the endpoint; the innermost (e.g. "Connection refused") says why.
        var inner = error;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        return ReferenceEquals(inner, error) || error.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? error.Message
            : $"{error.Message} ({inner.Message})";
    }
}
