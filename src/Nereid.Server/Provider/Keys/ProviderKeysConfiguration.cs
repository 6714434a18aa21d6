using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// Gives OpenIddict the cached keys each time its options are built (at first use and whenever <see cref="SigningKeyCache"/>
/// signals a change): the one that signs first, then the next one and retired ones, which are only published and accepted.
/// </summary>
internal sealed class ProviderKeysConfiguration(SigningKeyCache cache) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in cache.Published(SigningKeyStore.SigningAlgorithm))
        {
            options.SigningCredentials.Add(Signing(key));
        }
        foreach (var key in cache.Published(SigningKeyStore.EncryptionAlgorithm))
        {
            options.EncryptionCredentials.Add(Encrypting(key));
        }
    }

    internal static SigningCredentials Signing(ProviderKey key) => new(key.Key, SigningKeyStore.SigningAlgorithm);

    internal static EncryptingCredentials Encrypting(ProviderKey key) =>
        new(key.Key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512);
}
