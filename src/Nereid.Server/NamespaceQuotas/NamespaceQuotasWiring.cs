using Nereid.Server.NamespaceQuotas;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into per-namespace quota overrides.</summary>
internal static class NamespaceQuotasWiring
{
    /// <summary>Registers <see cref="NamespaceQuotaService"/>.</summary>
    public static IHostApplicationBuilder AddNereidNamespaceQuotas(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<NamespaceQuotaService>();
        builder.Services.AddSingleton<KnownQuotaKeys>();
        return builder;
    }

    /// <summary>Maps GET/PUT /api/v1/namespaces/{name}/quota.</summary>
    public static RouteGroupBuilder MapNamespaceQuotasApi(this RouteGroupBuilder api) => NamespaceQuotasApi.Map(api);
}
