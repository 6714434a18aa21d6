using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>
/// The <c>oidc-bearer</c> scheme wired to given issuers by <see cref="IdentityServiceExtensions.AddNereidOidc"/>, as the
/// server registers it, and asked to authenticate one request per token (no web server: a bare HTTP context).
/// </summary>
internal sealed class BearerHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private BearerHost(ServiceProvider provider) => _provider = provider;

    public OidcIssuerRegistry Registry => _provider.GetRequiredService<OidcIssuerRegistry>();

    public static BearerHost Create(params OidcIssuerOptions[] issuers) => Create(TimeProvider.System, issuers);

    public static BearerHost Create(TimeProvider time, params OidcIssuerOptions[] issuers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddAuthentication().AddNereidOidc(new ConfigurationBuilder().Build(), o => o.Issuers = [.. issuers]);
        return new BearerHost(services.BuildServiceProvider());
    }

    public static OidcIssuerOptions Issuer(string name, string authority, string clientId = "portal") =>
        new() { Name = name, Authority = authority, ClientId = clientId };

    /// <summary>Authenticates <c>Authorization: Bearer &lt;token&gt;</c> with <c>oidc-bearer</c>.</summary>
    public async Task<BearerResult> AuthenticateAsync(string token)
    {
        await using var scope = _provider.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return new BearerResult(await context.AuthenticateAsync(OidcBearerDefaults.SchemeName));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>What <c>oidc-bearer</c> answered: the identity, or the failure code it gave.</summary>
internal sealed record BearerResult(AuthenticateResult Result)
{
    public bool Succeeded => Result.Succeeded;

    public string? FailureCode => (Result.Failure as OidcAuthenticationException)?.Code;

    public string? FailureMessage => Result.Failure?.ToString();

    public ExternalIdentity? Identity => Result.Principal is { } principal ? ExternalIdentity.FromPrincipal(principal) : null;
}
