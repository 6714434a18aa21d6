namespace Nereid.Server.Namespaces;

/// <summary>A namespace as the overview, the API and the CLI show it.</summary>
internal sealed record NamespaceView(
    string Name,
    string Institution,
    IReadOnlyList<string> Pis,
    IReadOnlyList<string> Grants,
    IReadOnlyList<string> Software,
    string Description,
    IReadOnlyList<string> Publications,
    string State,
    DateTime CreatedAt,
    string CreatedBy,
    int MemberCount,
    IReadOnlyList<string> Admins,
    int Version);

/// <summary>Input for creating a namespace or replacing its metadata.</summary>
internal sealed record NamespaceInput(
    string? Name,
    string? Institution,
    IReadOnlyList<string?>? Pis,
    IReadOnlyList<string?>? Grants,
    IReadOnlyList<string?>? Software,
    string? Description,
    IReadOnlyList<string?>? Publications);

/// <summary>A member of a namespace.</summary>
internal sealed record MemberView(Guid PersonId, string DisplayName, string Email, string Role, DateTime AddedAt);

/// <summary>A pending or decided join request.</summary>
internal sealed record JoinRequestView(Guid Id, string Namespace, Guid PersonId, string DisplayName, string Email, string Message,
    string State, DateTime CreatedAt, string DecisionReason);

/// <summary>Which column the overview is sorted by.</summary>
internal enum NamespaceSort
{
    Name,
    Institution,
    Members,
    Created,
}

/// <summary>Filters and paging of the namespaces overview.</summary>
internal sealed record NamespaceQuery(string? Search, NamespaceSort Sort, bool Descending, int Limit, string? Continue);
