using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nereid.Server.Meshes;

namespace Nereid.Server.Pages.Meshes;

/// <summary>/meshes: the published perfSONAR meshes, their URLs, groups and hosts, and links to the operators' dashboards.</summary>
internal sealed class IndexModel(MeshDocuments documents, MeshInventory inventory, IOptions<MeshOptions> options) : PageModel
{
    /// <summary>Each mesh's document (URL, ETag, host count) and its groups.</summary>
    public IReadOnlyList<(MeshDocument Document, IReadOnlyList<IGrouping<string, MeshHost>> Groups)> Meshes { get; private set; } = [];

    /// <summary>Every testpoint.</summary>
    public IReadOnlyList<MeshHost> Hosts { get; private set; } = [];

    /// <summary>The dashboard links of <paramref name="host"/> in <paramref name="group"/>, by title.</summary>
    public IEnumerable<(string Title, string Url)> Dashboards(MeshHost host, string group) =>
        options.Value.Dashboards.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key,
            d.Value.Replace("{host}", Uri.EscapeDataString(host.Address), StringComparison.Ordinal)
                .Replace("{group}", Uri.EscapeDataString(group), StringComparison.Ordinal)));

    public void OnGet()
    {
        Hosts = inventory.Hosts();
        Meshes = [.. Enum.GetValues<MeshKind>().Select(k => (documents.Get(k),
            (IReadOnlyList<IGrouping<string, MeshHost>>)[.. Hosts.Where(h => h.GroupValue(k) is not null).GroupBy(h => PsConfigBuilder.GroupName(k, h.GroupValue(k)!))
                .OrderBy(g => g.Key, StringComparer.Ordinal)]))];
    }
}
