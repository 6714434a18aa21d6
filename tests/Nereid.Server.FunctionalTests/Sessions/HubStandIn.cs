using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nereid.TestSupport.Loopback;

namespace Nereid.Server.FunctionalTests.Sessions;

/// <summary>
/// JupyterHub's <c>GET /hub/api/users</c> on 127.0.0.1, answering the users and servers set in <see cref="Users"/> in the
/// shape the real hub gives (servers keyed by name, <c>ready</c>, <c>pending</c>, <c>started</c>, <c>url</c>,
/// <c>user_options</c>) to a request with the service token. For tests of pages that only list sessions; spawning is
/// tested against the real hub (<see cref="JupyterHubSessionTests"/>).
/// </summary>
public sealed class HubStandIn : IAsyncDisposable
{
    public const string Token = "stand-in-service-token";

    private LoopbackServer _server = null!;

    /// <summary>The body of <c>/hub/api/users</c>.</summary>
    public JsonArray Users { get; } = [];

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>While set, every connection is dropped before an answer, as by a hub that went away.</summary>
    public bool Down { get; set; }

    /// <summary>Adds a running (or, with <paramref name="ready"/> false, starting) server of <paramref name="user"/>.</summary>
    public void AddServer(string user, string server, string ns, string image, int gpus, DateTimeOffset started, bool ready = true)
    {
        var entry = Users.OfType<JsonObject>().FirstOrDefault(u => u["name"]!.GetValue<string>() == user);
        if (entry is null)
        {
            entry = new JsonObject { ["kind"] = "user", ["name"] = user, ["servers"] = new JsonObject() };
            Users.Add(entry);
        }
        entry["servers"]!.AsObject()[server] = new JsonObject
        {
            ["name"] = server, ["ready"] = ready, ["pending"] = ready ? null : "spawn", ["started"] = started.ToString("O"),
            ["last_activity"] = started.ToString("O"), ["url"] = $"/user/{user}/{server}/",
            ["user_options"] = new JsonObject
            {
                ["profile"] = ns, ["namespace"] = ns, ["image"] = image, ["resources"] = new JsonObject { ["nvidia.com/gpu"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
        };
    }

    public static async Task<HubStandIn> StartAsync()
    {
        var hub = new HubStandIn();
        hub._server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (hub.Down)
                {
                    context.Abort();
                    return;
                }
                await next(context);
            });
            app.MapGet("/hub/api/users", (HttpRequest request) => request.Headers.Authorization.ToString() == "token " + Token
                ? Results.Text(hub.Users.ToJsonString(), "application/json")
                : Results.StatusCode(403));
        });
        return hub;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
