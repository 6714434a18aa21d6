using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace Nereid.Server.Provider.Keys;

/// <summary>
/// Signs each token with the key that signs at that very moment (OpenIddict's options are rebuilt on a change, but a
/// token issued in the instant around a promotion must not depend on when that happened), and encrypts with the current
/// encryption key.
/// </summary>
internal sealed class CurrentSigningKey(SigningKeyCache cache) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<CurrentSigningKey>()
            .SetOrder(AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SigningCredentials?.Key is AsymmetricSecurityKey && cache.Signer(SigningKeyStore.SigningAlgorithm) is { } signer)
        {
            context.SigningCredentials = ProviderKeysConfiguration.Signing(signer);
        }
        if (context.EncryptionCredentials is not null && cache.Signer(SigningKeyStore.EncryptionAlgorithm) is { } encrypter)
        {
            context.EncryptionCredentials = ProviderKeysConfiguration.Encrypting(encrypter);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Validates tokens against every key published now (the cache, not options built earlier), and when a token names a
/// key this replica does not know — another replica may have created it a moment ago — reads the keys again first
/// (rate-limited, as anyone can send a token with any <c>kid</c>).
/// </summary>
internal sealed class PublishedValidationKeys(SigningKeyCache cache) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<PublishedValidationKeys>()
            .SetOrder(ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenValidationParameters is null || string.IsNullOrEmpty(context.Token))
            return;
        context.TokenValidationParameters = await cache.ForValidationAsync(context.TokenValidationParameters, context.Token, context.CancellationToken);
    }
}
