using Nereid.Server.Provider.Keys;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nereid.Server.Provider.ApiAccess;

/// <summary>
/// The validation stack's keys, taken from <see cref="SigningKeyCache"/> for each token: <c>UseLocalServer</c> copies the
/// server's keys only when the validation options are built, which would miss every rotation after start-up.
/// An unknown <c>kid</c> triggers the cache's rate-limited re-read, as at the provider's own endpoints.
/// </summary>
internal sealed class ValidationKeysFromCache(SigningKeyCache cache) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<ValidationKeysFromCache>()
            .SetOrder(ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenValidationParameters is null || string.IsNullOrEmpty(context.Token))
            return;
        context.TokenValidationParameters = await cache.ForValidationAsync(context.TokenValidationParameters, context.Token, context.CancellationToken);
    }
}
