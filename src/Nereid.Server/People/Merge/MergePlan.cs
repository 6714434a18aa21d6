using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nereid.Server.People.Merge;

/// <summary>One membership as the merge will leave it: whose row it was, its role before and after.</summary>
internal sealed record MergedMembership(string Namespace, string? SurvivorRole, string? OtherRole, string ResultRole);

/// <summary>One request as the merge will leave it.</summary>
internal sealed record MergedRequest(Guid Id, string Kind, string Subject, string StateBefore, string StateAfter, string Why);

/// <summary>A linked sign-in that moves to the survivor.</summary>
internal sealed record MergedIdentity(Guid Id, string Issuer, string Subject, string IdpName);

/// <summary>
/// What merging <see cref="Other"/> into <see cref="Survivor"/> will do, row by row, shown before confirming. Its
/// <see cref="ETag"/> covers every row it lists, so a confirmation sent with it as If-Match is refused if anything
/// changed since the admin looked.
/// </summary>
internal sealed record MergePlan(
    PersonView Survivor,
    PersonView Other,
    string ResultTier,
    IReadOnlyList<MergedMembership> Memberships,
    IReadOnlyList<MergedRequest> Requests,
    IReadOnlyList<MergedIdentity> Identities,
    string? SurvivorPosix,
    string? OtherPosix,
    string PosixOutcome,
    string LocalAccountOutcome,
    int Notices,
    int TokensRevoked,
    int SessionsEnded,
    IReadOnlyList<string> Conflicts,
    bool NeedsForce)
{
    public string ETag { get; init; } = "";

    /// <summary>A strong ETag over the plan's content (everything but the ETag itself).</summary>
    internal static string ComputeETag(MergePlan plan)
    {
        // Sign-in times move with every visit and change nothing the merge does.
        var stable = plan with
        {
            ETag = "",
            Survivor = plan.Survivor with { LastSeenAt = null, Identities = [] },
            Other = plan.Other with { LastSeenAt = null, Identities = [] },
        };
        var json = JsonSerializer.Serialize(stable, JsonOptions);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return "\"m" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"";
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
