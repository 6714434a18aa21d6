using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Nereid.Server.Extensions;

namespace Nereid.Server.FunctionalTests.Startup;

/// <summary>
/// One replica of the server built exactly as Program.cs builds it, on Kestrel at a free loopback port, so several can
/// start at the same moment in one process (WebApplicationFactory finds its host through a process-wide listener and is
/// not meant for concurrent starts).
/// </summary>
internal sealed class ReplicaHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplicaHost(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
    }

    /// <summary>This replica's own data directory (where a first admin's password file would go).</summary>
    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The replica's base address, once started.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static ReplicaHost Create(string postgresConnectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "nereid-replica-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nereid:Database:Provider"] = "Postgres",
            ["Nereid:Database:ConnectionString"] = postgresConnectionString,
            ["Nereid:Database:DataDirectory"] = dataDirectory,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNereidApplication();
        var app = builder.Build();
        app.UseNereidApplication();
        return new ReplicaHost(app, dataDirectory);
    }

    public Task StartAsync(CancellationToken ct) => _app.StartAsync(ct);

    public HttpClient Client() => new() { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
