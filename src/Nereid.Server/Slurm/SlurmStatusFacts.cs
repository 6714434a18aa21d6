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
            result.Writes);
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
                Waiting(w.Plan), changes, writes);
        }
        // A refusal (slurmrestd answered with an error) is an answer; no connection, a reset or a timeout is not.
        var reachable = error is SlurmRestException;
        return new SlurmPassFacts(reachable, Succeeded: false, "read", Message(error), client.SlurmVersion, client.RestPlugin, desired.Count,
            0, 0, 0, writes, [], []);
    }

    private static SlurmPassFacts Facts(SlurmPlan plan, SlurmRestClient client, bool reachable, string stage, string error, int accounts,
        int inSync, int pending, int failed, int writes) =>
        new(reachable, stage.Length == 0, stage, error, client.SlurmVersion, client.RestPlugin, accounts, inSync, pending, failed, writes,
            [.. plan.StaleCoordinators.Select(c => $"{c.Account}/{c.User}")], [.. plan.MissingQos.Select(q => $"{q.Account}/{q.Qos}")]);

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
