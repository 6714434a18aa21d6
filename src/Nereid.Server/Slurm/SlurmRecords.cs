namespace Nereid.Server.Slurm;

/// <summary>A Slurm account as slurmdbd holds it (the parts Nereid owns).</summary>
/// <param name="Name">Account name (the namespace's name, or an institution's parent account).</param>
/// <param name="Description">Description.</param>
/// <param name="Organization">Organization (the institution).</param>
/// <param name="Coordinators">User names of the account's own coordinators (not those inherited from accounts above it), sorted.</param>
internal sealed record SlurmAccount(string Name, string Description, string Organization, IReadOnlyList<string> Coordinators);

/// <summary>
/// One association on one cluster: the account's own (<paramref name="User"/> empty, carrying the group limits and the
/// parent account) or a user's in that account.
/// </summary>
/// <param name="Account">Account name.</param>
/// <param name="User">User name, empty for the account's own association.</param>
/// <param name="Parent">Parent account of the account's own association; empty for users' associations.</param>
/// <param name="GroupLimits">GrpTRES as <c>tres name → count</c> (<c>cpu</c>, <c>mem</c> in MiB, <c>gres/gpu</c>, <c>gres/gpu:a100</c>); absent = unlimited.</param>
/// <param name="Qos">QOS names the association may use, sorted; empty = Slurm's default.</param>
internal sealed record SlurmAssociation(string Account, string User, string Parent, IReadOnlyDictionary<string, long> GroupLimits, IReadOnlyList<string> Qos)
{
    /// <summary>The key that identifies the association on one cluster.</summary>
    public (string Account, string User) Key => (Account, User);

    /// <summary>True for an account's own association (no user), false for a user's association with an account.</summary>
    public bool IsAccount => User.Length == 0;

    /// <summary>
    /// A member's association with nothing but its account and user (no parent, limits or QOS): the kind slurmrestd can
    /// create inside the users request that creates its user.
    /// </summary>
    public bool IsPlainMember => !IsAccount && Parent.Length == 0 && GroupLimits.Count == 0 && Qos.Count == 0;

    /// <summary>
    /// True when <paramref name="observed"/> already has this (desired) association's parent, QOS and, when
    /// <paramref name="compareLimits"/>, group limits. An empty desired QOS list means "Slurm's default", so whatever QOS
    /// Slurm shows then is accepted.
    /// </summary>
    public bool IsSatisfiedBy(SlurmAssociation observed, bool compareLimits = true)
    {
        ArgumentNullException.ThrowIfNull(observed);
        return Parent == observed.Parent
            && (!compareLimits || (GroupLimits.Count == observed.GroupLimits.Count
                && GroupLimits.All(l => observed.GroupLimits.TryGetValue(l.Key, out var v) && v == l.Value)))
            && (Qos.Count == 0 || Qos.SequenceEqual(observed.Qos, StringComparer.Ordinal));
    }
}

/// <summary>
/// Everything Nereid reads from one Slurm cluster in a pass: three list requests, and a fourth for the QOS names when some
/// namespace's tier maps to a QOS (<paramref name="QosNames"/> is null when they were not read).
/// </summary>
internal sealed record SlurmObserved(IReadOnlyList<SlurmAccount> Accounts, IReadOnlyList<string> Users, IReadOnlyList<SlurmAssociation> Associations,
    IReadOnlyList<string>? QosNames = null);
