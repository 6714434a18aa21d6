namespace Nereid.KubeDouble.Tables;

/// <summary>
/// Content negotiation for <c>application/json;as=Table;g=meta.k8s.io;v=v1</c> (or v1beta1): the first media range in
/// the Accept header the double can serve wins, as kubectl lists them in preference order (Table v1, Table v1beta1,
/// plain JSON). Returns the Table apiVersion to answer with, or null for the plain object.
/// </summary>
internal static class TableAccept
{
    public static string? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }
        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var mediaType = parts[0].ToLowerInvariant();
            var parameters = parts.Skip(1)
                .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1], StringComparer.Ordinal);
            if (mediaType is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }
            if (!parameters.TryGetValue("as", out var @as))
            {
                return null;
            }
            if (@as == "Table" && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") is "v1" or "v1beta1")
            {
                return "meta.k8s.io/" + parameters["v"];
            }
        }
        return null;
    }
}
