using Nereid.Server.Resources;

namespace Nereid.Server.Sessions;

/// <summary>Computes one person's profile list (scoped: it reads the database); <see cref="SessionOptionsCache"/> calls it in a scope of its own.</summary>
internal interface ISessionOptionsComputer
{
    /// <summary>The profile list of <paramref name="person"/> from <paramref name="snapshots"/> as UTF-8 JSON (an empty array for people in no namespace).</summary>
    Task<byte[]> ComputeAsync(Guid person, IReadOnlyList<ClusterSnapshot> snapshots, CancellationToken ct);
}
