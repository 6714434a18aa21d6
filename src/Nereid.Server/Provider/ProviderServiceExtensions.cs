using Nereid.Data;

namespace Nereid.Server.Provider;

/// <summary>
/// Registration of Nereid's own OpenID provider (capability C16). So far its storage: OpenIddict's managers over
/// EF Core stores in <see cref="NereidDbContext"/> (tables from M0009), so every replica sees the same clients,
/// grants and tokens.
/// </summary>
public static class ProviderServiceExtensions
{
    public static IHostApplicationBuilder AddNereidProvider(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<NereidDbContext>());
        return builder;
    }
}
