using Nereid.Server.Meshes;
using Nereid.Server.Runtime;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into perfSONAR meshes.</summary>
internal static class MeshesWiring
{
    /// <summary>Binds <c>Nereid:Meshes</c>, registers the inventory as a controller of every cluster runtime, and the documents.</summary>
    public static IHostApplicationBuilder AddNereidMeshes(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MeshInventory>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<MeshInventory>());
        builder.Services.AddSingleton<MeshDocuments>();
        return builder;
    }

    /// <summary>Maps <c>GET /psconfig/{mesh}.json</c>.</summary>
    public static IEndpointRouteBuilder MapMeshes(this IEndpointRouteBuilder app) => MeshesEndpoints.Map(app);
}
