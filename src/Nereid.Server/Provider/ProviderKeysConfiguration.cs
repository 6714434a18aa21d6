using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Nereid.Server.Provider;

/// <summary>Gives OpenIddict the database keys (signing first = the one that signs; older ones only published).</summary>
internal sealed class ProviderKeysConfiguration(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in ring.Load(SigningKeyRing.SigningAlgorithm))
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SigningKeyRing.SigningAlgorithm));
        }
        foreach (var key in ring.Load(SigningKeyRing.EncryptionAlgorithm))
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
