using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nereid.KubeDouble.Auth;
using Nereid.KubeDouble.CustomResources;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Faults;
using Nereid.KubeDouble.Schema;
using Nereid.KubeDouble.Server;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble;

/// <summary>
/// An in-process Kubernetes API server double on HTTPS 127.0.0.1, faithful to kube-apiserver 1.35 for the
/// resources Nereid uses (see README.md for what is simplified).
/// </summary>
public sealed partial class KubeApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CertificateAuthority _ca;
    private readonly CancellationTokenSource _lifetime;
    private readonly KubeDoubleOptions _options;
    private readonly SchemaGate _schema;

    private KubeApiDouble(WebApplication app, CertificateAuthority ca, CancellationTokenSource lifetime, KubeDoubleOptions options,
        ObjectStore store, ResourceCatalog catalog, FaultInjector faults, RequestLog log, SchemaGate schema)
    {
        _app = app;
        _ca = ca;
        _lifetime = lifetime;
        _options = options;
        _schema = schema;
        Store = store;
        Catalog = catalog;
        Faults = faults;
        RequestLog = log;
    }

    /// <summary><c>https://127.0.0.1:port/</c> with the real bound port.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    private int _disposed;

    /// <summary>PEM of the CA that signed the server certificate.</summary>
    public string CaCertificatePem => _ca.CaCertificatePem;

    /// <summary>The CA certificate, for HttpClient handlers that pin it.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 CaCertificate => _ca.CaCertificate;

    private readonly Auth.AuthenticationSlot _authentication = new();

    /// <summary>The JWT authenticators of the current authentication configuration (null when none is set).</summary>
    public Auth.JwtAuthenticator? JwtAuthenticator => _authentication.Current;

    /// <summary>
    /// Replaces the authentication configuration while running, as kube-apiserver reloads its
    /// <c>--authentication-config</c> file when it changes (a file path or the YAML text; null removes it). An invalid
    /// configuration throws and leaves the current one in place, as the apiserver keeps serving with the last good one.
    /// </summary>
    public void ConfigureAuthentication(string? configuration) => _authentication.Load(configuration, _options.TimeProvider);

    /// <summary>Direct access to stored objects (tests may inspect; writes should go through HTTP).</summary>
    public ObjectStore Store { get; }

    public ResourceCatalog Catalog { get; }

    /// <summary>Fault injection, adjustable while running.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every request seen (when <see cref="KubeDoubleOptions.RecordRequests"/>).</summary>
    public RequestLog RequestLog { get; }

    /// <summary>Every object rejected or warned about by schema validation.</summary>
    public IReadOnlyList<SchemaViolation> SchemaViolations => [.. _schema.Violations];

    public static async Task<KubeApiDouble> StartAsync(KubeDoubleOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ca = CertificateAuthority.Create(options.TimeProvider.GetUtcNow());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.LoggerFactory is { } factory)
        {
            builder.Services.AddSingleton(factory);
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port, l =>
            {
                // Like kube-apiserver: HTTP/2 negotiated by ALPN, HTTP/1.1 for clients that ask for it.
                l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
                l.UseHttps(ca.ServerCertificate);
            });
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        var app = builder.Build();
        var lifetime = new CancellationTokenSource();
        var store = new ObjectStore(options.WatchHistorySize);
        var catalog = ResourceCatalog.Default();
        var customResources = new CustomResourceRegistry(catalog);
        store.Committed += customResources.OnCommitted;
        var deployments = new Controllers.DeploymentController(store, catalog, options.TimeProvider);
        store.Committed += deployments.OnCommitted;
        var quotaStatus = options.WriteQuotaStatus ? new Quota.QuotaStatusController(store, catalog, options.TimeProvider) : null;
        if (quotaStatus is not null)
        {
            store.Committed += quotaStatus.OnCommitted;
        }
        var faults = new FaultInjector(options.FaultSeed);
        var log = new RequestLog();
        var schema = new SchemaGate(options.ValidateSchemas ? OpenApiSchemaValidator.LoadDefault() : null, customResources);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var kube = new KubeApiDouble(app, ca, lifetime, options, store, catalog, faults, log, schema);
        // A bad configuration fails the start, as the apiserver refuses to start with one.
        kube.ConfigureAuthentication(options.AuthenticationConfiguration);
        var handler = new ApiHandler(options, store, catalog, new OpenApiDocuments(), faults, log, schema, loggerFactory.CreateLogger<ApiHandler>(), lifetime.Token, kube._authentication);
        kube.Seed(CrdLoader.Load(options.CustomResourceDefinitions), options.SeedObjects);
        _ = Task.Run(() => deployments.RunAsync(lifetime.Token), CancellationToken.None);
        if (quotaStatus is not null)
        {
            _ = Task.Run(() => quotaStatus.RunAsync(lifetime.Token), CancellationToken.None);
        }
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        kube.BaseAddress = new Uri($"https://{options.Host}:{port}/");
        LogStarted(loggerFactory.CreateLogger<KubeApiDouble>(), kube.BaseAddress);
        return kube;
    }

    /// <summary>Writes a kubeconfig for <paramref name="user"/> (a user name or a token known to the double).</summary>
    public void WriteKubeconfig(string path, string user, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(user);
        var token = _options.Users.ContainsKey(user) ? user
            : _options.Users.FirstOrDefault(u => u.Value.Name == user).Key ?? throw new ArgumentException($"unknown user {user}", nameof(user));
        File.WriteAllText(path, KubeconfigWriter.Render(BaseAddress, CaCertificatePem, _options.Users[token].Name, token, @namespace));
    }

    /// <summary>An HttpClient that trusts the double's CA and sends <paramref name="token"/> (default: the admin token).</summary>
    public HttpClient CreateClient(string? token = KubeDoubleOptions.DefaultAdminToken)
    {
        var handler = new SocketsHttpHandler();
        var ca = _ca.CaCertificate;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && CaTrust.Verify(ca, cert);
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Stops the server (a test may stop it early to play an unreachable cluster); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _lifetime.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _lifetime.Dispose();
        _ca.Dispose();
        _authentication.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes API double listening on {Address}")]
    private static partial void LogStarted(ILogger logger, Uri address);
}
