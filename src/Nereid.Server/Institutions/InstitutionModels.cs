using Nereid.Domain.Institutions;

namespace Nereid.Server.Institutions;

/// <summary>An institution as the API and the admin page show it, with how many people and namespaces refer to it.</summary>
internal sealed record InstitutionView(Guid Id, string Name, IReadOnlyList<string> ShortNames, string Domain, string? IdpEntityId,
    int People, int Namespaces, int Version, DateTime UpdatedAt)
{
    public static InstitutionView Of(Institution i, int people = 0, int namespaces = 0) =>
        new(i.Id, i.Name, [.. i.ShortNames], i.Domain, i.IdpEntityId, people, namespaces, i.Version, i.UpdatedAt);
}

/// <summary>What a platform admin writes: every field at once (PUT replaces).</summary>
internal sealed record InstitutionInput(string? Name, IReadOnlyList<string?>? ShortNames, string? Domain, string? IdpEntityId);

/// <summary>Merge <see cref="From"/> into the institution named in the route.</summary>
internal sealed record InstitutionMergeInput(Guid? From);

/// <summary>One entry of an institution picker: its id, the name shown and the other names in brackets.</summary>
internal sealed record InstitutionChoice(Guid Id, string Name, IReadOnlyList<string> ShortNames)
{
    /// <summary>"UC San Diego (UCSD)", or just the name.</summary>
    public string Label => ShortNames.Count == 0 ? Name : $"{Name} ({string.Join(", ", ShortNames)})";
}
