namespace Nereid.Server.Slurm;

/// <summary>What the database says one namespace placed on a Slurm cluster should be there.</summary>
/// <param name="Name">Namespace name = account name.</param>
/// <param name="Institution">Institution = the account's organization and its parent account.</param>
/// <param name="Description">Account description (first line of the namespace's description).</param>
/// <param name="Members">Members' POSIX user names with whether they administer the namespace (coordinators).</param>
/// <param name="GroupLimits">GrpTRES from the namespace's effective quotas.</param>
/// <param name="Qos">QOS from the tier of the namespace's creator; empty = Slurm's default.</param>
internal sealed record SlurmDesiredNamespace(string Name, string Institution, string Description,
    IReadOnlyList<(string UserName, bool IsAdmin)> Members, IReadOnlyDictionary<string, long> GroupLimits, IReadOnlyList<string> Qos);
