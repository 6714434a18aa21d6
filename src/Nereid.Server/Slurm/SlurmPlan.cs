using System.Text;

namespace Nereid.Server.Slurm;

/// <summary>
/// The writes one pass must send to bring a Slurm cluster to what the database says, computed from desired and observed
/// alone (pure, so a pass with nothing changed yields an empty plan). Nereid owns the accounts of placed namespaces and
/// one parent account per institution; it never touches other accounts, and it removes a user's association only from an
/// account it owns, and only once the association has been unwanted for the grace period.
/// Limits are Nereid's only on the namespace accounts' own associations: institution accounts and members' associations
/// are compared on existence, parent and QOS, so an operator may cap an institution or a person by hand in sacctmgr.
/// </summary>
/// <param name="Accounts">Accounts to create or whose description or organization to set.</param>
/// <param name="Users">Users to create, with their default account.</param>
/// <param name="ParentAssociations">Institution accounts' associations to create or move under <see cref="Root"/>.</param>
/// <param name="Associations">Namespace and member associations to create, or namespace associations to move to their institution.</param>
/// <param name="LimitRepairs">
/// Existing namespace associations under the right parent whose group limits or QOS differ. Slurm 22.05's slurmrestd cannot
/// change these with one POST (see <see cref="SlurmRestClient.RepairLimitsAsync"/>).
/// </param>
/// <param name="Removals">Members' associations unwanted for longer than the grace period: deleted.</param>
/// <param name="Unwanted">Every member association Nereid owns that the database no longer wants.</param>
/// <param name="Coordinators">Namespace admins to make coordinators of their namespace's account.</param>
/// <param name="StaleCoordinators">
/// Coordinators of a namespace's account who no longer administer it. slurmrestd 22.05 cannot remove a coordinator, so they
/// are reported (the namespace's Slurm status), not written.
/// </param>
/// <param name="MissingQos">QOS a namespace's tier maps to that the cluster does not have: left out of the association and reported.</param>
internal sealed record SlurmPlan(
    IReadOnlyList<SlurmAccount> Accounts,
    IReadOnlyList<(string Name, string DefaultAccount)> Users,
    IReadOnlyList<SlurmAssociation> ParentAssociations,
    IReadOnlyList<SlurmAssociation> Associations,
    IReadOnlyList<SlurmAssociation> LimitRepairs,
    IReadOnlyList<(string Account, string User)> Removals,
    IReadOnlyList<(string Account, string User)> Unwanted,
    IReadOnlyList<(string Account, string User)> Coordinators,
    IReadOnlyList<(string Account, string User)> StaleCoordinators,
    IReadOnlyList<(string Account, string Qos)> MissingQos)
{
    /// <summary>Parent of the institution accounts.</summary>
    public const string Root = "root";

    /// <summary>True when the pass has nothing to write.</summary>
    public bool IsEmpty => Accounts.Count == 0 && Users.Count == 0 && ParentAssociations.Count == 0 && Associations.Count == 0
        && LimitRepairs.Count == 0 && Removals.Count == 0 && Coordinators.Count == 0;

    /// <summary>
    /// Compares <paramref name="desired"/> with <paramref name="observed"/>. <paramref name="unwantedSince"/> says since when each
    /// extra association has been seen (kept by the caller across passes); those older than <paramref name="grace"/> are removed.
    /// </summary>
    public static SlurmPlan Compute(IReadOnlyList<SlurmDesiredNamespace> desired, SlurmObserved observed,
        IReadOnlyDictionary<(string Account, string User), DateTime> unwantedSince, DateTime now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(unwantedSince);
        var accounts = observed.Accounts.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var associations = observed.Associations.ToDictionary(a => a.Key);
        var users = observed.Users.ToHashSet(StringComparer.Ordinal);

        var missingQos = new List<(string Account, string Qos)>();
        if (observed.QosNames is { } known)
        {
            // A QOS the cluster lacks would make slurmdbd refuse the association: write it without, and say so.
            var exists = known.ToHashSet(StringComparer.Ordinal);
            desired = [.. desired.Select(d =>
            {
                missingQos.AddRange(d.Qos.Where(q => !exists.Contains(q)).Select(q => (d.Name, q)));
                return d with { Qos = [.. d.Qos.Where(exists.Contains)] };
            })];
        }

        var wantedAccounts = new List<SlurmAccount>();
        var wantedParents = new List<SlurmAssociation>();
        var wantedAssociations = new List<SlurmAssociation>();
        foreach (var institution in desired.Select(d => d.Institution).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var parent = ParentAccountName(institution);
            wantedAccounts.Add(new SlurmAccount(parent, $"Nereid: namespaces of {institution}", institution, []));
            wantedParents.Add(new SlurmAssociation(parent, "", Root, new Dictionary<string, long>(), []));
        }
        foreach (var ns in desired.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            wantedAccounts.Add(new SlurmAccount(ns.Name, ns.Description, ns.Institution, []));
            wantedAssociations.Add(new SlurmAssociation(ns.Name, "", ParentAccountName(ns.Institution), ns.GroupLimits, ns.Qos));
            foreach (var (user, _) in ns.Members.OrderBy(m => m.UserName, StringComparer.Ordinal))
                // Members' associations name no QOS: they inherit the account's (the tier's), so a tier change is one write.
                wantedAssociations.Add(new SlurmAssociation(ns.Name, user, "", new Dictionary<string, long>(), []));
        }

        var postAccounts = wantedAccounts.Where(a => !accounts.TryGetValue(a.Name, out var seen)
            || seen.Description != a.Description || seen.Organization != a.Organization).ToList();
        var postUsers = desired.SelectMany(d => d.Members.Select(m => (m.UserName, DefaultAccount: d.Name)))
            .Where(u => !users.Contains(u.UserName)).DistinctBy(u => u.UserName).OrderBy(u => u.UserName, StringComparer.Ordinal).ToList();
        // A new association, or one under another parent, is written in one POST (slurmdbd adds it, or moves it and sets its
        // limits); one already under the right parent whose limits differ needs the two-step repair.
        var postParents = wantedParents.Where(a => !associations.TryGetValue(a.Key, out var seen) || !a.IsSatisfiedBy(seen, compareLimits: false)).ToList();
        var postAssociations = new List<SlurmAssociation>();
        var repairs = new List<SlurmAssociation>();
        foreach (var a in wantedAssociations)
        {
            var isNamespace = a.IsAccount;
            if (!associations.TryGetValue(a.Key, out var seen) || seen.Parent != a.Parent)
                postAssociations.Add(a);
            else if (!a.IsSatisfiedBy(seen, compareLimits: isNamespace))
                (isNamespace ? repairs : postAssociations).Add(a);
        }

        var owned = desired.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var wantedKeys = wantedAssociations.Select(a => a.Key).ToHashSet();
        var unwanted = observed.Associations.Where(a => !a.IsAccount && owned.Contains(a.Account) && !wantedKeys.Contains(a.Key))
            .Select(a => a.Key).OrderBy(k => k.Account, StringComparer.Ordinal).ThenBy(k => k.User, StringComparer.Ordinal).ToList();
        var removals = unwanted.Where(k => unwantedSince.TryGetValue(k, out var since) && now - since >= grace).ToList();

        var coordinators = new List<(string Account, string User)>();
        var stale = new List<(string Account, string User)>();
        foreach (var ns in desired.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var admins = ns.Members.Where(m => m.IsAdmin).Select(m => m.UserName).ToHashSet(StringComparer.Ordinal);
            var seen = accounts.TryGetValue(ns.Name, out var account) ? account.Coordinators.ToHashSet(StringComparer.Ordinal) : [];
            coordinators.AddRange(admins.Where(u => !seen.Contains(u)).Order(StringComparer.Ordinal).Select(u => (ns.Name, u)));
            stale.AddRange(seen.Where(u => !admins.Contains(u)).Order(StringComparer.Ordinal).Select(u => (ns.Name, u)));
        }
        return new SlurmPlan(postAccounts, postUsers, postParents, postAssociations, repairs, removals, unwanted, coordinators, stale, missingQos);
    }

    /// <summary>The parent account of an institution's namespaces: <c>inst-</c> and the institution's name in lower-case letters, digits and dashes.</summary>
    public static string ParentAccountName(string institution)
    {
        ArgumentNullException.ThrowIfNull(institution);
        var slug = new StringBuilder();
        foreach (var c in institution.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var name = "inst-" + slug.ToString().Trim('-');
        return name.Length > 40 ? name[..40].TrimEnd('-') : name;
    }
}
