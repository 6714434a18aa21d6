using Nereid.Server.Placement;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into namespace placement.</summary>
internal static class PlacementWiring
{
    /// <summary>Binds <c>Nereid:Placement</c> and registers <see cref="PlacementService"/>.</summary>
    public static IHostApplicationBuilder AddNereidPlacement(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PlacementOptions>().BindConfiguration(PlacementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<PlacementService>();
        return builder;
    }

    /// <summary>Maps GET/PUT /api/v1/namespaces/{name}/placement.</summary>
    public static RouteGroupBuilder MapPlacementApi(this RouteGroupBuilder api) => PlacementApi.Map(api);
}
