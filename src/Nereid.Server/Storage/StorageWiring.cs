using Nereid.Server.Runtime;
using Nereid.Server.Storage;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into the storage feature.</summary>
public static class StorageWiring
{
    /// <summary>Registers the StorageClass informer controller (every replica) and the catalogue.</summary>
    public static IHostApplicationBuilder AddNereidStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<StorageClassController>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<StorageClassController>());
        builder.Services.AddSingleton<StorageCatalog>();
        return builder;
    }

    /// <summary>Maps GET /api/v1/storage/classes.</summary>
    public static RouteGroupBuilder MapStorageApi(this RouteGroupBuilder api) => StorageApi.Map(api);
}
