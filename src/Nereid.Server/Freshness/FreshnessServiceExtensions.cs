using Nereid.Server.Freshness;
using Nereid.Server.Runtime;

namespace Nereid.Server.Extensions;

/// <summary>Registers the reachability checks every page and API use to say how fresh their data is.</summary>
internal static class FreshnessServiceExtensions
{
    public static IHostApplicationBuilder AddNereidFreshness(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FreshnessOptions>().BindConfiguration(FreshnessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SourceHealth>();
        services.AddSingleton<ClusterProbe>();
        services.AddSingleton<PolicyCoverageQuery>();
        // Runs in every cluster runtime, on every replica: each replica shows its own caches.
        services.AddSingleton<IClusterController>(sp => sp.GetRequiredService<ClusterProbe>());
        services.AddHttpClient(PrometheusProbe.HttpClientName);
        services.AddHostedService<PrometheusProbe>();
        return builder;
    }
}
