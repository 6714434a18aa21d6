using Nereid.Domain.Errors;

namespace Nereid.Server.Api;

/// <summary>Weak-free version ETags (<c>"v7"</c>) and If-Match parsing for optimistic concurrency.</summary>
internal static class ETags
{
    public static string ForVersion(int version) => $"\"v{version}\"";

    /// <summary>The version an If-Match header names, or null when there is none (or it is <c>*</c>).</summary>
    public static int? ParseIfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*")
            return null;
        if (value.StartsWith("W/", StringComparison.Ordinal))
            value = value[2..];
        if (value.Length > 3 && value[0] == '"' && value[1] == 'v' && value[^1] == '"' && int.TryParse(value.AsSpan(2, value.Length - 3), out var v))
            return v;
        throw new PreconditionFailedException($"If-Match '{value}' does not name a version of this resource.");
    }
}
