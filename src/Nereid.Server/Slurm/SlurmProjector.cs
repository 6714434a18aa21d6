namespace Nereid.Server.Slurm;

/// <summary>What one projection pass saw and did.</summary>
/// <param name="Plan">The differences found (empty when Slurm already matched).</param>
/// <param name="Requests">Requests sent to slurmrestd in this pass (three list reads plus writes).</param>
/// <param name="Writes">Write requests sent in this pass.</param>
internal sealed record SlurmPassResult(SlurmPlan Plan, int Requests, int Writes);

/// <summary>
/// One Slurm cluster's projection, level-triggered: observe with three list reads, compare with the desired namespaces,
/// write only the differences in batches (accounts, institution and namespace associations, new users with their
/// associations, other member associations),
/// repair namespace limits edited by hand in <c>sacctmgr</c>, and remove members' associations that stayed unwanted for
/// the grace period.
/// </summary>
internal sealed class SlurmProjector(SlurmRestClient client, TimeProvider time, TimeSpan grace)
{
    // Since when each extra association has been seen; in memory, so a restart only delays a removal, never hastens it.
    private readonly Dictionary<(string Account, string User), DateTime> _unwantedSince = [];

    /// <summary>Runs one pass toward <paramref name="desired"/>.</summary>
    public async Task<SlurmPassResult> PassAsync(IReadOnlyList<SlurmDesiredNamespace> desired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var (requests, writes) = (client.Requests, client.Writes);
        var observed = await client.ObserveAsync(ct, withQos: desired.Any(d => d.Qos.Count > 0));
        var now = time.GetUtcNow().UtcDateTime;
        var plan = SlurmPlan.Compute(desired, observed, _unwantedSince, now, grace);
        foreach (var key in _unwantedSince.Keys.Except(plan.Unwanted).ToList())
            _unwantedSince.Remove(key);
        foreach (var key in plan.Unwanted)
            _unwantedSince.TryAdd(key, now);

        try
        {
            await WriteAsync(plan, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new SlurmWriteException(plan, ex);
        }
        return new SlurmPassResult(plan, client.Requests - requests, client.Writes - writes);
    }

    private async Task WriteAsync(SlurmPlan plan, CancellationToken ct)
    {
        await client.PostAccountsAsync(plan.Accounts, ct);
        // Every account's own association before the users: slurmdbd 22.05 reads its whole user list again, one coordinator
        // query per user, after each request that adds an account association (slurmrestd sends one per association), so
        // on a cold pass of 1,000 namespaces × 10 members added after the users that was 10 million queries, hours.
        // Institution accounts first: a namespace's association names one of them as its parent.
        await client.PostAssociationsAsync(plan.ParentAssociations, ct);
        await client.PostAssociationsAsync([.. plan.Associations.Where(a => a.IsAccount)], ct);
        // New users arrive with their associations in the same requests (one slurmdbd call per batch, not two per
        // association); existing users' new associations go on their own.
        var newUsers = plan.Users.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var members = plan.Associations.Where(a => !a.IsAccount).ToLookup(a => a.IsPlainMember && newUsers.Contains(a.User));
        await client.PostUsersAsync(plan.Users, members[true].ToLookup(a => a.User, StringComparer.Ordinal), ct);
        await client.PostAssociationsAsync([.. members[false]], ct);
        await client.RepairLimitsAsync(plan.LimitRepairs, ct);
        // After the users and accounts exist: slurmdbd refuses a coordinator of an unknown account.
        await client.PostCoordinatorsAsync(plan.Coordinators, ct);
        foreach (var (account, user) in plan.Removals)
        {
            await client.DeleteAssociationAsync(account, user, ct);
            _unwantedSince.Remove((account, user));
        }
    }
}

/// <summary>A pass read and planned, then a write failed: carries the plan so status can say what was left unwritten.</summary>
internal sealed class SlurmWriteException(SlurmPlan plan, Exception inner) : Exception(inner.Message, inner)
{
    /// <summary>The differences the pass was writing.</summary>
    public SlurmPlan Plan { get; } = plan;
}
