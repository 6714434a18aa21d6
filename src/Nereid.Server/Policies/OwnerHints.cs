namespace Nereid.Server.Policies;

/// <summary>How an owner hint read from a workload becomes the key people are looked up by.</summary>
internal static class OwnerHints
{
    /// <summary>
    /// Lower-cased, without the cluster's username prefix: the created-by webhook records the user name the apiserver
    /// authenticated (<c>oidc:ada@example.edu</c>), people are found by email (<c>ada@example.edu</c>) or id.
    /// </summary>
    public static string Key(string hint, string usernamePrefix)
    {
        ArgumentNullException.ThrowIfNull(hint);
        var key = hint.Trim().ToLowerInvariant();
        return usernamePrefix is { Length: > 0 } && key.StartsWith(usernamePrefix.ToLowerInvariant(), StringComparison.Ordinal)
            ? key[usernamePrefix.Length..]
            : key;
    }
}
