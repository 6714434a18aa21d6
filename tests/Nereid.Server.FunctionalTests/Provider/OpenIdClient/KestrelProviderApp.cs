using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nereid.Server.FunctionalTests.Infrastructure;

namespace Nereid.Server.FunctionalTests.Provider.OpenIdClient;

/// <summary>Nereid with its provider on a real loopback port, so a relying party in another process (node) can reach it.</summary>
public sealed class KestrelProviderApp : NereidAppFactory
{
    public KestrelProviderApp()
    {
        With("Nereid:Provider:AllowHttp", "true");
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Issuer = address.TrimEnd('/') + "/";
    }

    /// <summary>The issuer as a relying party configures it: <c>http://127.0.0.1:port/</c>.</summary>
    public string Issuer { get; }
}
