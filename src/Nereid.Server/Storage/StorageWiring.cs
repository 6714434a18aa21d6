using Nereid.Server.Runtime;
using Nereid.Server.Storage;
using Nereid.Server.Storage.Buckets;
using Nereid.Server.Storage.S3;

// Lives in the Extensions namespace so the host wires the feature with one line each and no extra using.
namespace Nereid.Server.Extensions;

/// <summary>The host's entry points into the storage feature.</summary>
internal static class StorageWiring
{
    /// <summary>Registers the StorageClass informer controller (every replica), the catalogue, volumes, the S3 user and bucket controllers (leader only).</summary>
    public static IHostApplicationBuilder AddNereidStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<StorageClassController>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<StorageClassController>());
        builder.Services.AddSingleton<StorageCatalog>();
        builder.Services.AddScoped<StorageClassDescriptionService>();
        builder.Services.AddScoped<VolumeService>();
        // Reads through the policies' PrometheusClient (Nereid:Policies:PrometheusUrl); no second Prometheus setting.
        builder.Services.AddScoped<VolumeUsageReader>();
        builder.Services.AddOptions<ObjectStoreOptions>().BindConfiguration(ObjectStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<S3UserController>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<S3UserController>());
        builder.Services.AddScoped<S3CredentialService>();
        builder.Services.AddScoped<S3QuotaService>();
        builder.Services.AddOptions<BucketOptions>().BindConfiguration(BucketOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BucketController>();
        builder.Services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<BucketController>());
        builder.Services.AddScoped<BucketService>();
        builder.Services.AddScoped<MyStorage>();
        builder.Services.AddHttpClient<RgwAdminClient>(c => c.Timeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    /// <summary>Maps GET /api/v1/storage/classes and the namespace volume routes.</summary>
    public static RouteGroupBuilder MapStorageApi(this RouteGroupBuilder api) => StorageApi.Map(api);
}
