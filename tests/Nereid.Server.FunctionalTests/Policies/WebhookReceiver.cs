using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nereid.Server.FunctionalTests.Policies;

/// <summary>
/// A Kestrel endpoint on 127.0.0.1 that records the JSON bodies POSTed to <c>/hook</c>. It can refuse the first requests
/// (<see cref="RefuseWith"/>, body not kept) and answer late (<see cref="ReplyDelay"/>, after keeping the body, as a slow chat server does).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Bodies { get; } = new();

    public Uri HookUri { get; private set; } = null!;

    /// <summary>Status codes answered, one per request, before the receiver starts taking bodies.</summary>
    public ConcurrentQueue<int> RefuseWith { get; } = new();

    /// <summary>How long the receiver waits after keeping a body before it answers. Default none.</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>Requests received, refused ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._requests);
            if (receiver.RefuseWith.TryDequeue(out var status))
                return Results.StatusCode(status);
            using var reader = new StreamReader(request.Body);
            receiver.Bodies.Enqueue(await reader.ReadToEndAsync());
            if (receiver.ReplyDelay > TimeSpan.Zero)
                await Task.Delay(receiver.ReplyDelay, request.HttpContext.RequestAborted);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.HookUri = new Uri(new Uri(address), "hook");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
