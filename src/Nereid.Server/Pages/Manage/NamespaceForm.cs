using System.ComponentModel.DataAnnotations;
using Nereid.Server.Namespaces;

namespace Nereid.Server.Pages.Manage;

/// <summary>The namespace metadata form: list fields are one entry per line, as people paste them.</summary>
internal sealed class NamespaceForm
{
    [Display(Name = "Name")]
    public string? Name { get; set; }

    public string? Institution { get; set; }

    [Display(Name = "PIs (one per line)")]
    public string? Pis { get; set; }

    [Display(Name = "Grants (one per line)")]
    public string? Grants { get; set; }

    [Display(Name = "Software (one per line)")]
    public string? Software { get; set; }

    [Display(Name = "Description (Markdown)")]
    public string? Description { get; set; }

    [Display(Name = "Publications (URLs or DOIs, one per line)")]
    public string? Publications { get; set; }

    /// <summary>The version the form was loaded at; a stale one is refused instead of overwriting someone's change.</summary>
    public int? Version { get; set; }

    public NamespaceInput ToInput(string? name) =>
        new(name, Institution, Lines(Pis), Lines(Grants), Lines(Software), Description, Lines(Publications));

    public static NamespaceForm From(NamespaceView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new NamespaceForm
        {
            Name = view.Name, Institution = view.Institution, Pis = string.Join('\n', view.Pis), Grants = string.Join('\n', view.Grants),
            Software = string.Join('\n', view.Software), Description = view.Description, Publications = string.Join('\n', view.Publications),
            Version = view.Version,
        };
    }

    private static string?[] Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray<string?>();
}
