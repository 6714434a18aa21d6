using Nereid.Server.Resources;
using Nereid.Server.Runtime;

namespace Nereid.Server.Extensions;

/// <summary>Registers the live resource inventory and usage accounting.</summary>
internal static class ResourcesServiceExtensions
{
    public static IHostApplicationBuilder AddNereidResources(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ResourcesOptions>().BindConfiguration(ResourcesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InventoryService>();
        // Runs in every cluster runtime, on every replica.
        services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<InventoryService>());
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService<UsageSampler>();
        services.AddScoped<ResourcesQueries>();
        services.AddScoped<UsageQueries>();
        return builder;
    }

    /// <summary>Maps the inventory, namespace usage and accounting endpoints under the API group.</summary>
    public static RouteGroupBuilder MapResourcesApi(this RouteGroupBuilder api) => ResourcesApi.Map(api);
}
