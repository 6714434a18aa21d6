using System.ComponentModel.DataAnnotations;

namespace Nereid.Server.Meshes;

/// <summary>How perfSONAR meshes are generated from the nodes of every cluster. Section <c>Nereid:Meshes</c>.</summary>
internal sealed class MeshOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nereid:Meshes";

    /// <summary>Nodes carrying this label (with any value but <c>false</c>) are perfSONAR testpoints. Default <c>perfsonar.nereid.io/testpoint</c>.</summary>
    [Required]
    public string HostLabel { get; set; } = "perfsonar.nereid.io/testpoint";

    /// <summary>Label naming a node's region; the <c>region</c> mesh has one group per value. Default <c>topology.kubernetes.io/region</c>.</summary>
    [Required]
    public string RegionLabel { get; set; } = "topology.kubernetes.io/region";

    /// <summary>Label naming a node's site; the <c>site</c> mesh has one group per value. Default <c>topology.kubernetes.io/zone</c>.</summary>
    [Required]
    public string SiteLabel { get; set; } = "topology.kubernetes.io/zone";

    /// <summary>Label naming a node's network capacity (e.g. <c>10G</c>, <c>100G</c>); the <c>capacity</c> mesh groups by it. Default <c>perfsonar.nereid.io/network-capacity</c>.</summary>
    [Required]
    public string CapacityLabel { get; set; } = "perfsonar.nereid.io/network-capacity";

    /// <summary>Node address types tried in order for a host's address. Default ExternalIP, InternalIP, Hostname.</summary>
    [MinLength(1)]
    public List<string> AddressTypes { get; set; } = ["ExternalIP", "InternalIP", "Hostname"];

    /// <summary>Shown as the documents' display name. Default <c>Nereid perfSONAR</c>.</summary>
    [Required]
    public string DisplayName { get; set; } = "Nereid perfSONAR";

    /// <summary>An HTTP archive (logstash) every task writes results to; none by default.</summary>
    [Url]
    public string? ArchiveUrl { get; set; }

    /// <summary>
    /// Tests run in every group, by name: type (<c>throughput</c>, <c>latencybg</c> or <c>trace</c>), duration and
    /// schedule. Default: throughput for 30 s every 4 h, continuous latency, trace every 10 min.
    /// </summary>
    public Dictionary<string, MeshTestOptions> Tests { get; set; } = new(StringComparer.Ordinal)
    {
        ["throughput"] = new() { Type = "throughput", Duration = "PT30S", Repeat = "PT4H" },
        ["latency"] = new() { Type = "latencybg" },
        ["trace"] = new() { Type = "trace", Repeat = "PT10M" },
    };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Nested values are not reached by ValidateDataAnnotations; names must be pSConfig names.
        foreach (var (name, test) in Tests)
        {
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':'))
            {
                yield return new ValidationResult($"Nereid:Meshes:Tests: '{name}' is not a pSConfig name (letters, digits, '.', '_', '-', ':').");
            }
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(test, new ValidationContext(test), results, validateAllProperties: true);
            foreach (var r in results)
            {
                yield return new ValidationResult($"Nereid:Meshes:Tests:{name}: {r.ErrorMessage}");
            }
        }
    }

    /// <summary>Links to the operators' result dashboards shown on the mesh page, by title; <c>{host}</c> and <c>{group}</c> are filled in. Default none.</summary>
    public Dictionary<string, string> Dashboards { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One test of the meshes.</summary>
internal sealed class MeshTestOptions
{
    /// <summary>pScheduler test type: <c>throughput</c>, <c>latencybg</c> or <c>trace</c>.</summary>
    [Required, RegularExpression("^(throughput|latencybg|trace)$", ErrorMessage = "Type must be throughput, latencybg or trace.")]
    public string Type { get; set; } = "throughput";

    /// <summary>ISO 8601 duration of one run (throughput only); none by default.</summary>
    [RegularExpression(MeshDurations.Pattern, ErrorMessage = "Duration must be an ISO 8601 duration such as PT30S.")]
    public string? Duration { get; set; }

    /// <summary>ISO 8601 interval between runs, with the same random slip; none runs it continuously (latencybg).</summary>
    [RegularExpression(MeshDurations.Pattern, ErrorMessage = "Repeat must be an ISO 8601 duration such as PT4H.")]
    public string? Repeat { get; set; }
}

/// <summary>The ISO 8601 durations pSConfig accepts.</summary>
internal static class MeshDurations
{
    /// <summary>pSConfig's own Duration pattern.</summary>
    public const string Pattern = @"^P(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$";
}
