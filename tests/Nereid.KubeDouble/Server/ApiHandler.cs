using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nereid.KubeDouble.Defaulting;
using Nereid.KubeDouble.Discovery;
using Nereid.KubeDouble.Faults;
using Nereid.KubeDouble.Quota;
using Nereid.KubeDouble.Rbac;
using Nereid.KubeDouble.Storage;

namespace Nereid.KubeDouble.Server;

/// <summary>The request pipeline: log, faults, authentication, routing, authorization, and the Status error body.</summary>
public sealed partial class ApiHandler
{
    private readonly KubeDoubleOptions _options;
    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiDocuments _openApi;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;
    private readonly RbacAuthorizer _authorizer;
    private readonly SchemaGate _schema;
    private readonly ILogger<ApiHandler> _logger;
    private readonly CancellationToken _lifetime;
    private readonly VolumeClaimAdmission _claims;
    private readonly Admission.MutatingWebhooks _webhooks;
    private readonly QuotaAdmission _quota;
    private readonly Auth.AuthenticationSlot? _authentication;

    public ApiHandler(KubeDoubleOptions options, ObjectStore store, ResourceCatalog catalog, OpenApiDocuments openApi, FaultInjector faults,
        RequestLog log, SchemaGate schema, ILogger<ApiHandler> logger, CancellationToken lifetime, Auth.AuthenticationSlot? authentication = null)
    {
        _authentication = authentication;
        _options = options;
        _store = store;
        _catalog = catalog;
        _discovery = new DiscoveryDocuments(catalog);
        _openApi = openApi;
        _faults = faults;
        _log = log;
        _schema = schema;
        _logger = logger;
        _lifetime = lifetime;
        _authorizer = new RbacAuthorizer(new StoreRbacSource(store, catalog));
        _claims = new VolumeClaimAdmission(store, catalog);
        _quota = new QuotaAdmission(store, catalog);
        _webhooks = new Admission.MutatingWebhooks(store, catalog, options, logger);
        _ = Task.Run(() => ResyncNamespacesAsync(lifetime), CancellationToken.None);
        if (options.ProvisionVolumes)
        {
            var provisioner = new Volumes.VolumeProvisioner(store, catalog, options.TimeProvider, logger);
            _ = Task.Run(() => provisioner.RunAsync(lifetime), CancellationToken.None);
        }
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var ct = ctx.RequestAborted;
        var body = await ReadBodyAsync(ctx.Request, ct);
        try
        {
            if (_faults.Enabled && _faults.Latency > TimeSpan.Zero)
            {
                // A test clock decides when time passes; the real clock gets the precise sleeper.
                await (_options.TimeProvider == TimeProvider.System
                    ? LatencyClock.DelayAsync(_faults.Latency, ct)
                    : Task.Delay(_faults.Latency, _options.TimeProvider, ct));
            }
            var user = await AuthenticateAsync(ctx.Request, ct);
            await RouteAsync(ctx, user, body, ct);
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            foreach (var (k, v) in e.Headers)
            {
                ctx.Response.Headers[k] = v;
            }
            await JsonIo.WriteAsync(ctx, e.Code, e.ToStatus(), ct);
        }
        catch (TooOldException e) when (!ctx.Response.HasStarted)
        {
            await JsonIo.WriteAsync(ctx, 410, Errors.Expired(e.Message).ToStatus(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !ctx.Response.HasStarted)
        {
            // A bug in the double must still answer like an apiserver would: 500 InternalError with a Status.
            LogInternalError(_logger, e);
            await JsonIo.WriteAsync(ctx, 500, new ApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}").ToStatus(), ct);
        }
        finally
        {
            _log.Count(IsWatch(ctx.Request));
            if (_options.RecordRequests)
            {
                Record(ctx, body);
            }
        }
    }

    private async Task InjectVerbFaultAsync(HttpContext ctx, string verb, CancellationToken ct)
    {
        switch (_faults.Pick(verb))
        {
            case FaultKind.InternalError:
                LogFault(_logger, verb, 500);
                throw new ApiException(500, "InternalError", "Internal error occurred: injected fault", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = "injected fault" }) });
            case FaultKind.TooManyRequests:
                LogFault(_logger, verb, 429);
                var tooMany = new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later", new JsonObject { ["retryAfterSeconds"] = 1 });
                tooMany.Headers["Retry-After"] = "1";
                throw tooMany;
            case FaultKind.Conflict:
                LogFault(_logger, verb, 409);
                throw new ApiException(409, "Conflict", "Operation cannot be fulfilled: injected conflict; please apply your changes to the latest version and try again", new JsonObject());
            case FaultKind.Timeout:
                LogFault(_logger, verb, 0);
                await Task.Delay(_faults.TimeoutHang, _options.TimeProvider, ct);
                ctx.Abort();
                throw new OperationCanceledException("injected timeout");
        }
    }

    private async Task<UserInfo?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header["Bearer ".Length..].Trim();
        // A union, as the apiserver's authenticator chain: the first authenticator that accepts the token wins.
        var user = _options.Users.GetValueOrDefault(token) ?? AuthenticateServiceAccountToken(token).User;
        if (user is null && _authentication?.Current is { } jwt)
        {
            var outcome = await jwt.AuthenticateAsync(token, ct);
            if (outcome.Error is not null)
            {
                LogJwtRefused(_logger, outcome.Error);
            }
            user = outcome.User;
        }
        user ??= _options.Authenticator?.Invoke(token);
        if (user is null)
        {
            throw Errors.Unauthorized();
        }
        // Every authenticated user is in system:authenticated, as the real authenticator chain adds it.
        return user.Groups.Contains("system:authenticated") ? user : user with { Groups = [.. user.Groups, "system:authenticated"] };
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || request.Method is "GET" or "HEAD")
        {
            return [];
        }
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms, ct);
        return ms.ToArray();
    }

    private void Record(HttpContext ctx, byte[] body)
    {
        var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _log.Add(new RequestLogEntry(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, headers,
            ctx.Request.ContentType, body.Length == 0 ? null : Encoding.UTF8.GetString(body), ctx.Response.StatusCode));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error in the Kubernetes API double")]
    private static partial void LogInternalError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unable to authenticate the request: {Reason}")]
    private static partial void LogJwtRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Injected fault for verb {Verb}: status {Status}")]
    private static partial void LogFault(ILogger logger, string verb, int status);
}
