using Nereid.Domain.Errors;
using Nereid.Server.NamespaceQuotas;

namespace Nereid.Server.Pages.Manage;

/// <summary>The quota form: one <c>resource = quantity</c> per line, so admins can paste a list.</summary>
internal sealed class QuotaForm
{
    /// <summary>The stored overrides, one <c>resource = quantity</c> per line; empty removes them all.</summary>
    public string? Overrides { get; set; }

    /// <summary>Confirms extended resources no node advertises yet (the API's <c>allowUnknown</c>).</summary>
    public bool AllowUnknown { get; set; }

    /// <summary>The namespace version the form was loaded at; a stale one is refused.</summary>
    public int? Version { get; set; }

    /// <summary>The form as the namespace's current overrides fill it.</summary>
    public static QuotaForm From(NamespaceQuotaView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new QuotaForm { Overrides = string.Join('\n', view.Overrides.Select(kv => $"{kv.Key} = {kv.Value}")), Version = view.Version };
    }

    /// <summary>Parses the lines; a line without <c>=</c> (or <c>:</c>) is refused with its line number.</summary>
    public NamespaceQuotaInput ToInput()
    {
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lines = (Overrides ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            // '=' first: resource names never contain it, while "requests.nvidia.com/gpu: 8" style uses ':'.
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at < 0)
                at = line.LastIndexOf(':');
            if (at <= 0)
                throw ValidationFailedException.For("overrides", $"Line {i + 1} ('{line}') is not 'resource = quantity'.");
            var resource = line[..at].Trim();
            if (!overrides.TryAdd(resource, line[(at + 1)..].Trim()))
                throw ValidationFailedException.For("overrides", $"Line {i + 1}: {resource} appears twice.");
        }
        return new NamespaceQuotaInput(overrides, AllowUnknown);
    }
}
