using System.Text.Json;
using Nereid.Domain.Namespaces;
using OpenIddict.Abstractions;

namespace Nereid.Server.Provider;

/// <summary>
/// Which namespaces' groups a client receives in its <c>groups</c> claim (ID token, access token, userinfo): all of the
/// person's (the default), or only those of the listed namespaces — a wiki of one collaboration need not learn every
/// project its users are in. Kept in the OpenIddict application's properties, so it needs no table of its own.
/// </summary>
internal static class ClientGroups
{
    public const string Property = "nereid_group_namespaces";
    public const int MaxNamespaces = 200;

    /// <summary>The listed namespaces, or null when the client receives all groups.</summary>
    public static string[]? Read(IReadOnlyDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;

    public static void Write(OpenIddictApplicationDescriptor descriptor, string[]? namespaces)
    {
        if (namespaces is null)
            descriptor.Properties.Remove(Property);
        else
            descriptor.Properties[Property] = JsonSerializer.SerializeToElement(namespaces);
    }

    /// <summary>The list as given, trimmed, sorted and deduplicated; each must be a namespace name (it need not exist yet).</summary>
    public static string[]? Normalize(string[]? namespaces, string field, Dictionary<string, string[]> errors)
    {
        if (namespaces is null)
            return null;
        var names = namespaces.Select(n => (n ?? "").Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (names.Length > MaxNamespaces)
            errors[field] = [$"List at most {MaxNamespaces} namespaces."];
        else if (names.Select(n => (Name: n, Problem: NamespaceName.Check(n))).FirstOrDefault(p => p.Problem is not null) is { Name: { } bad, Problem: { } problem })
            errors[field] = [$"'{bad}' is not a namespace name: {problem}"];
        return names;
    }

    /// <summary>Whether a client restricted to <paramref name="allowed"/> receives the groups of <paramref name="namespaceName"/>.</summary>
    public static bool Receives(string[]? allowed, string namespaceName) =>
        allowed is null || Array.BinarySearch(allowed, namespaceName, StringComparer.Ordinal) >= 0;
}
