using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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

    private readonly WebApplication _app;

    private HubStandIn(WebApplication app) => _app = app;

    /// <summary>The body of <c>/hub/api/users</c>.</summary>
    public JsonArray Users { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var hub = new HubStandIn(app);
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
        await app.StartAsync();
        hub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return hub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
