using Nereid.Server.ClusterTrust;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into cluster trust (API servers accepting Nereid's tokens).</summary>
internal static class ClusterTrustWiring
{
    /// <summary>Binds <c>Nereid:ClusterTrust</c> and registers the snippet service and the per-cluster trust setting.</summary>
    public static IHostApplicationBuilder AddNereidClusterTrust(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClusterTrustOptions>().BindConfiguration(ClusterTrustOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ClusterTrustService>();
        builder.Services.AddScoped<ClusterTrustSettings>();
        return builder;
    }

    /// <summary>Maps <c>GET /api/v1/clusters/{name}/authentication-config</c> and <c>GET|PUT /api/v1/clusters/{name}/trust</c>.</summary>
    public static RouteGroupBuilder MapClusterTrustApi(this RouteGroupBuilder api) => ClusterTrustApi.Map(api);
}
