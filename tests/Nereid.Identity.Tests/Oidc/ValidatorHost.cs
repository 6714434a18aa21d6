using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nereid.Identity.Oidc;

namespace Nereid.Identity.Tests.Oidc;

/// <summary>An <see cref="IdTokenValidator"/> wired to given issuers, as the DI extension would.</summary>
internal static class ValidatorHost
{
    public static (IdTokenValidator Validator, OidcIssuerRegistry Registry) Create(params OidcIssuerOptions[] issuers) =>
        Create(TimeProvider.System, issuers);

    public static (IdTokenValidator Validator, OidcIssuerRegistry Registry) Create(TimeProvider time, params OidcIssuerOptions[] issuers)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(OidcIssuerRegistry.HttpClientName);
        var provider = services.BuildServiceProvider();
        var options = new NereidOidcOptions { Issuers = [.. issuers] };
        options.Validate();
        var registry = new OidcIssuerRegistry(Options.Create(options), provider.GetRequiredService<IHttpClientFactory>(), time, NullLoggerFactory.Instance);
        return (new IdTokenValidator(registry, time, NullLogger<IdTokenValidator>.Instance), registry);
    }

    public static OidcIssuerOptions Issuer(string name, string authority, string clientId = "portal") =>
        new() { Name = name, Authority = authority, ClientId = clientId };
}
