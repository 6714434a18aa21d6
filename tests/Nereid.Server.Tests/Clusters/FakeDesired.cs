using Nereid.Domain.Namespaces;
using Nereid.Kubernetes.Projection;
using Nereid.Server.Clusters;

namespace Nereid.Server.Tests.Clusters;

/// <summary>Desired state held in a dictionary, as the database would hand it over.</summary>
internal sealed class FakeDesired : IDesiredNamespaces
{
    private readonly Dictionary<string, DesiredEntry> _entries = new(StringComparer.Ordinal);

    public DesiredEntry? Get(NamespaceKey key) => _entries.GetValueOrDefault(key.Name);

    public DesiredEntry Put(string name, int version, string[] members, IReadOnlyDictionary<string, string>? quota = null,
        NamespaceState state = NamespaceState.Active, DateTime? deletionRequestedAt = null, ClusterPlacement? placement = null,
        string? groupsPrefix = null)
    {
        var snapshot = new NamespaceSnapshot(name, "UC San Diego", ["Ada Lovelace"], "A test namespace.", ["NSF-1"],
            [.. members.Select((m, i) => new MemberSnapshot(m, IsAdmin: i == 0))], QuotaOverrides: quota, MemberGroupsPrefix: groupsPrefix);
        return _entries[name] = new DesiredEntry(name, version, state, deletionRequestedAt, snapshot, placement);
    }

    public void Remove(string name) => _entries.Remove(name);
}
