using System.Text.Json;

namespace Nereid.Server.Sessions;

/// <summary>One launch link: JupyterHub's spawn URL for the person's named server of a namespace, the profile chosen by query.</summary>
internal sealed record SessionLaunch(string Profile, string DisplayName, string Url);

/// <summary>
/// Deep links into JupyterHub: <c>/hub/spawn/&lt;user&gt;/&lt;namespace&gt;?profile=&lt;slug&gt;</c>. JupyterHub passes the query to
/// the spawner as form data (KubeSpawner reads <c>profile</c> and <c>profile-option-&lt;slug&gt;--&lt;option&gt;</c>), so the link starts
/// the chosen profile with its default choices in a server named after the namespace.
/// </summary>
internal static class SessionLaunches
{
    public static IReadOnlyList<SessionLaunch> From(byte[] profileListJson, Uri hub, string hubUser)
    {
        using var doc = JsonDocument.Parse(profileListJson);
        var result = new List<SessionLaunch>();
        foreach (var p in doc.RootElement.EnumerateArray())
        {
            var slug = p.GetProperty("slug").GetString()!;
            var ns = slug.Split("--")[0];
            var url = new Uri(hub, $"hub/spawn/{Uri.EscapeDataString(hubUser)}/{Uri.EscapeDataString(ns)}?profile={Uri.EscapeDataString(slug)}");
            result.Add(new SessionLaunch(slug, p.GetProperty("display_name").GetString()!, url.ToString()));
        }
        return result;
    }
}
