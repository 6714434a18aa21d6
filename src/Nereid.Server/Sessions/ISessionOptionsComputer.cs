using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>
/// Computes one person's profile list in two steps (scoped: it reads the database), so <see cref="SessionOptionsCache"/>
/// can tell from the cheap first step whether the costly second one is needed at all.
/// </summary>
internal interface ISessionOptionsComputer
{
    /// <summary>Reads what <paramref name="person"/>'s options depend on apart from the inventory.</summary>
    Task<SessionOptionsInputs> LoadAsync(Guid person, CancellationToken ct);

    /// <summary>The profile list from <paramref name="inputs"/> and <paramref name="snapshots"/> as UTF-8 JSON (an empty array for no namespaces).</summary>
    byte[] Build(SessionOptionsInputs inputs, IReadOnlyList<ClusterSnapshot> snapshots);
}
