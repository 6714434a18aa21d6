using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Nereid.Server.Sessions;

/// <summary>One single-user server as JupyterHub's REST API reports it, with what Nereid's profile put in its user_options.</summary>
/// <param name="Namespace">user_options <c>namespace</c>, else the part of the profile slug before <c>--</c>.</param>
/// <param name="Gpus">user_options <c>resources["nvidia.com/gpu"]</c>, else the <c>gpus</c> choice; 0 when none.</param>
internal sealed record HubServer(string User, string Server, string? Namespace, string? Image, int Gpus, bool Ready, bool Pending,
    DateTimeOffset? Started, DateTimeOffset? LastActivity, string Url);

/// <summary>JupyterHub's REST API (<c>/hub/api</c>) with the service token from <see cref="SessionsOptions"/>.</summary>
internal sealed class JupyterHubClient(HttpClient http, IOptions<SessionsOptions> options)
{
    /// <summary>True when a hub URL and token are configured.</summary>
    public bool Configured => options.Value.JupyterHubUrl is not null && !string.IsNullOrEmpty(options.Value.JupyterHubApiToken);

    /// <summary>The hub's public base address (ends with '/').</summary>
    public Uri BaseAddress => new(options.Value.JupyterHubUrl!.TrimEnd('/') + "/");

    /// <summary>Every server of every hub user.</summary>
    public async Task<IReadOnlyList<HubServer>> ListServersAsync(CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, "hub/api/users");
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var result = new List<HubServer>();
        foreach (var user in doc.RootElement.EnumerateArray())
        {
            var name = user.GetProperty("name").GetString()!;
            if (!user.TryGetProperty("servers", out var servers) || servers.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var server in servers.EnumerateObject())
                result.Add(Server(name, server.Name, server.Value));
        }
        return result;
    }

    /// <summary>Stops one server; false when the hub does not know it.</summary>
    public async Task<bool> StopAsync(string user, string server, CancellationToken ct)
    {
        var path = server.Length == 0 ? $"hub/api/users/{Uri.EscapeDataString(user)}/server" : $"hub/api/users/{Uri.EscapeDataString(user)}/servers/{Uri.EscapeDataString(server)}";
        using var request = Request(HttpMethod.Delete, path);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            return false;
        response.EnsureSuccessStatusCode();
        return true;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", options.Value.JupyterHubApiToken);
        return request;
    }

    private static HubServer Server(string user, string name, JsonElement s)
    {
        var opts = s.TryGetProperty("user_options", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        string? Text(JsonElement e, string key) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var ns = Text(opts, "namespace") ?? Text(opts, "profile")?.Split("--")[0];
        var gpuText = opts.ValueKind == JsonValueKind.Object && opts.TryGetProperty("resources", out var r) ? Text(r, "nvidia.com/gpu") : Text(opts, "gpus");
        DateTimeOffset? Time(string key) => s.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset() : null;
        return new HubServer(user, name, ns, Text(opts, "image"), int.TryParse(gpuText, out var g) ? g : 0,
            s.TryGetProperty("ready", out var ready) && ready.ValueKind == JsonValueKind.True,
            s.TryGetProperty("pending", out var pending) && pending.ValueKind == JsonValueKind.String,
            Time("started"), Time("last_activity"), Text(s, "url") ?? "");
    }
}
